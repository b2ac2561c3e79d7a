/**
 * Policies and reports shared by the report tests: real Kyverno documents loaded through the real
 * loader, so the tests exercise what users write.
 */
import { decodeDocuments } from '../kube/decode.ts'
import { loadPolicy, type LoadedPolicy } from '../policy/load.ts'
import type { EvaluationReport } from './schema.ts'

export const SECCOMP_POLICY = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: require-seccomp
spec:
  validationFailureAction: Enforce
  rules:
  - name: check-seccomp
    match:
      any:
      - resources:
          kinds: [Pod]
    validate:
      message: "spec.securityContext.seccompProfile.type must be RuntimeDefault or Localhost"
      pattern:
        spec:
          securityContext:
            seccompProfile:
              type: "RuntimeDefault | Localhost"
`

export const TEAM_LABEL_AUDIT = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: team-label
spec:
  validationFailureAction: Audit
  rules:
  - name: has-team
    match:
      any:
      - resources:
          kinds: [Pod]
    validate:
      message: "a team label is expected"
      pattern:
        metadata:
          labels:
            team: "?*"
`

/** A namespaced Policy: it only ever applies to resources in its own namespace. */
export const DEFAULT_NS_APP_LABEL = `apiVersion: kyverno.io/v1
kind: Policy
metadata:
  name: app-label
  namespace: default
spec:
  validationFailureAction: Enforce
  rules:
  - name: has-app
    match:
      any:
      - resources:
          kinds: [Pod]
    validate:
      message: "an app label is required in default"
      pattern:
        metadata:
          labels:
            app: "?*"
`

export const PROTECT_DELETE = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: protect
spec:
  validationFailureAction: Enforce
  rules:
  - name: no-delete-protected
    match:
      any:
      - resources:
          kinds: [Pod]
    preconditions:
      all:
      - key: "{{ request.operation }}"
        operator: Equals
        value: DELETE
    validate:
      message: "protected pods cannot be deleted"
      deny:
        conditions:
          any:
          - key: "{{ request.oldObject.metadata.labels.protected || '' }}"
            operator: Equals
            value: "true"
`

/** Needs the clock: without one the engine must answer `error`, never guess. */
export const CLOCK_POLICY = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: clock
spec:
  validationFailureAction: Enforce
  rules:
  - name: uses-time
    match:
      any:
      - resources:
          kinds: [ConfigMap]
    validate:
      message: "never denied"
      deny:
        conditions:
          any:
          - key: "{{ time_now_utc() }}"
            operator: Equals
            value: "not a time"
`

/** Loads policy YAML strictly, failing the test on anything but success. */
export function policies(...texts: string[]): LoadedPolicy[] {
  return texts.flatMap((t) =>
    decodeDocuments(t).map((doc) => {
      const r = loadPolicy(doc, { strict: true })
      if (r.status !== 'ok') throw new Error(`fixture policy did not load: ${JSON.stringify(r)}`)
      return r.policy
    }),
  )
}

/** A hand-made report with every status, for the formatter tests. */
export function sampleReport(): EvaluationReport {
  return {
    verdict: 'fail',
    summary: { resources: 3, pass: 1, fail: 2, warn: 1, error: 1, skip: 1, enforceFailures: 1 },
    resources: [
      {
        resource: { apiVersion: 'v1', kind: 'Pod', namespace: '', name: 'good', source: { document: 0, file: 'manifests/pods.yaml' } },
        operation: 'CREATE',
        verdict: 'pass',
        results: [
          { policy: 'require-seccomp', rule: 'check-seccomp', status: 'pass', message: 'ok', action: 'Enforce' },
          { policy: 'team-label', rule: 'has-team', status: 'fail', message: 'a team label is expected', action: 'Audit' },
        ],
      },
      {
        resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'prod', name: 'bad', source: { document: 1, file: 'manifests/pods.yaml' } },
        operation: 'CREATE',
        verdict: 'fail',
        results: [
          { policy: 'require-seccomp', rule: 'check-seccomp', status: 'fail', message: 'seccomp must be set', action: 'Enforce' },
          { policy: 'clock', rule: 'uses-time', status: 'error', message: 'no clock was provided', action: 'Enforce' },
        ],
      },
      {
        resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'prod', name: 'web', source: { document: 0, item: 2 } },
        operation: 'UPDATE',
        verdict: 'pass',
        results: [
          { policy: 'prod/app-label', rule: 'has-app', status: 'skip', message: 'preconditions not met', action: 'Enforce' },
          { policy: 'deprecations', rule: 'old-api', status: 'warn', message: 'use apps/v1', action: 'Audit' },
        ],
      },
    ],
  }
}
