/** The fixed AdmissionReview the HTTP benches send, and the fixed answer the bare route gives. */
import type { JsonObject } from '../../../shared/lib/json.ts'

/** A Pod that passes every generated Pod policy and the restricted Pod Security level. */
export const COMPLIANT_POD: JsonObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
  spec: {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [
      {
        name: 'app',
        image: 'nginx:1.25',
        ports: [{ containerPort: 8080 }],
        resources: { limits: { memory: '128Mi', cpu: '250m' } },
        securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
      },
    ],
  },
}

export const REVIEW_UID = '00000000-0000-4000-8000-000000000001'

export const FIXED_RESPONSE = { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: REVIEW_UID, allowed: true } }
