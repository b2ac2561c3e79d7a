/**
 * Policies, manifests and AdmissionReviews the suites send. The seccomp policy is the corrected
 * form of seed 004's (see test/seeds): it accepts a Pod-level profile, or one on every container,
 * of type RuntimeDefault or Localhost, and Kyverno's autogen extends it to the Pod controllers.
 */
import type { JsonObject } from '../../../shared/lib/json.ts'

export const SECCOMP = 'require-seccomp'
export const SECCOMP_RULE = 'check-seccomp'

export const SECCOMP_POLICY = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: ${SECCOMP}
  annotations:
    policies.kyverno.io/title: Require a seccomp profile
spec:
  validationFailureAction: Enforce
  background: true
  rules:
    - name: ${SECCOMP_RULE}
      match:
        any:
          - resources:
              kinds: [Pod]
      validate:
        message: seccompProfile.type must be RuntimeDefault or Localhost, on the Pod or on every container
        anyPattern:
          # Pod level: containers may only narrow it to another allowed type.
          - spec:
              securityContext:
                seccompProfile:
                  type: RuntimeDefault | Localhost
              =(initContainers):
                - =(securityContext):
                    =(seccompProfile):
                      type: RuntimeDefault | Localhost
              containers:
                - =(securityContext):
                    =(seccompProfile):
                      type: RuntimeDefault | Localhost
          # Container level: then every container must set it.
          - spec:
              =(initContainers):
                - securityContext:
                    seccompProfile:
                      type: RuntimeDefault | Localhost
              containers:
                - securityContext:
                    seccompProfile:
                      type: RuntimeDefault | Localhost
`

export const TEAM_LABEL = 'require-team-label'

/** Tenant B's policy: unrelated to seccomp, so which set decided is visible in the answer. */
export const TEAM_LABEL_POLICY = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: ${TEAM_LABEL}
spec:
  validationFailureAction: Enforce
  rules:
    - name: check-team
      match:
        any:
          - resources:
              kinds: [Pod]
      validate:
        message: the label "team" is required
        pattern:
          metadata:
            labels:
              team: "?*"
`

/** A policy document (JSON form) with `name`, a simple label check; `message` varies the content. */
export function labelPolicy(name: string, message = 'label app is required'): JsonObject {
  return {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: { name },
    spec: {
      validationFailureAction: 'Audit',
      rules: [{ name: 'check-app', match: { any: [{ resources: { kinds: ['Pod'] } }] }, validate: { message, pattern: { metadata: { labels: { app: '?*' } } } } }],
    },
  }
}

const RUNTIME_DEFAULT = { seccompProfile: { type: 'RuntimeDefault' } }

export type PodOptions = { namespace?: string; labels?: Record<string, string>; seccomp?: 'pod' | 'containers' | 'none' | 'unconfined' }

export function pod(name: string, o: PodOptions = {}): JsonObject {
  const seccomp = o.seccomp ?? 'pod'
  const container: JsonObject = { name: 'app', image: 'nginx:1.27' }
  if (seccomp === 'containers') container.securityContext = RUNTIME_DEFAULT
  const spec: JsonObject = { containers: [container] }
  if (seccomp === 'pod') spec.securityContext = RUNTIME_DEFAULT
  if (seccomp === 'unconfined') spec.securityContext = { seccompProfile: { type: 'Unconfined' } }
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: o.namespace ?? 'default', labels: o.labels ?? {} }, spec }
}

export function deployment(name: string, podSpec: JsonObject): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: podSpec } },
  }
}

export type ReviewOptions = { version?: 'v1' | 'v1beta1'; uid?: string; dryRun?: boolean; operation?: 'CREATE' | 'UPDATE' }

const GVR: Record<string, { group: string; version: string; resource: string }> = {
  Pod: { group: '', version: 'v1', resource: 'pods' },
  Deployment: { group: 'apps', version: 'v1', resource: 'deployments' },
}

/** The AdmissionReview the API server would send for creating `object`. */
export function review(object: JsonObject, o: ReviewOptions = {}): JsonObject {
  const kind = String(object.kind)
  const gvr = GVR[kind] ?? { group: '', version: 'v1', resource: `${kind.toLowerCase()}s` }
  const meta = object.metadata as { name: string; namespace?: string }
  return {
    apiVersion: `admission.k8s.io/${o.version ?? 'v1'}`,
    kind: 'AdmissionReview',
    request: {
      uid: o.uid ?? crypto.randomUUID(),
      kind: { group: gvr.group, version: gvr.version, kind },
      resource: gvr,
      name: meta.name,
      namespace: meta.namespace ?? '',
      operation: o.operation ?? 'CREATE',
      userInfo: { username: 'alice', groups: ['system:authenticated'] },
      object,
      oldObject: null,
      dryRun: o.dryRun ?? false,
    },
  }
}

export const admissionPath = (webhookKey: string): string => `/v1/admission/${encodeURIComponent(webhookKey)}/validate`

/** `n` levels of nested arrays around a value, as JSON text (what a hostile client would send). */
export function nestedJson(levels: number, inner = '1'): string {
  return '['.repeat(levels) + inner + ']'.repeat(levels)
}

/** The classic "billion laughs": nine levels of nine aliases each. */
export const ALIAS_BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((k, i) => {
    const prev = 'abcdefghi'[i] as string
    return `${k}: &${k} [${Array(9).fill(`*${prev}`).join(',')}]`
  }),
].join('\n')
