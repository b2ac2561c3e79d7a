/**
 * Test helpers for the admission path: real policies through `loadPolicy`, real requests through
 * `parseAdmissionReview`, so tests exercise the same parsing production does.
 */
import { parseAdmissionReview, type AdmissionRequest } from '../../kube/admission.ts'
import type { JsonObject, JsonValue } from '../../lib/json.ts'
import { loadPolicy, type LoadedPolicy } from '../../policy/load.ts'

/** A ClusterPolicy that must load; `spec` extends `{ rules }`. */
export function policy(name: string, rules: JsonValue[], spec: JsonObject = {}, metadata: JsonObject = {}): LoadedPolicy {
  const r = loadPolicy({ apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name, ...metadata }, spec: { ...spec, rules } })
  if (r.status !== 'ok') throw new Error(`policy ${name} did not load: ${JSON.stringify(r)}`)
  return r.policy
}

/** A rule matching `kinds` (default Pod). */
export function rule(name: string, validate: JsonObject, kinds: string[] = ['Pod'], more: JsonObject = {}): JsonObject {
  return { name, match: { any: [{ resources: { kinds } }] }, validate, ...more }
}

/** A deny rule that always fails with `message`. */
export const alwaysDeny = (name: string, message: string, kinds?: string[]): JsonObject => rule(name, { message, deny: {} }, kinds)

export function pod(name = 'web', namespace = 'prod', labels: Record<string, string> = {}): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] },
  }
}

const GVR: Record<string, [string, string, string]> = {
  Pod: ['', 'v1', 'pods'],
  Namespace: ['', 'v1', 'namespaces'],
  ConfigMap: ['', 'v1', 'configmaps'],
  Deployment: ['apps', 'v1', 'deployments'],
  ClusterRole: ['rbac.authorization.k8s.io', 'v1', 'clusterroles'],
}

/** An AdmissionRequest for `object` (or `oldObject` for DELETE), parsed like a real review body. */
export function admissionRequest(
  operation: AdmissionRequest['operation'],
  object: JsonObject | null,
  extra: Record<string, unknown> = {},
): AdmissionRequest {
  const subject = (object ?? (extra.oldObject as JsonObject | undefined) ?? {}) as JsonObject
  const kind = String(subject.kind ?? 'Pod')
  const [group, version, resource] = GVR[kind] ?? ['example.com', 'v1', `${kind.toLowerCase()}s`]
  const meta = (subject.metadata ?? {}) as Record<string, JsonValue>
  const body = {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: 'b0d6c3a4-0000-4000-8000-000000000001',
      kind: { group, version, kind },
      resource: { group, version, resource },
      name: meta.name,
      ...(typeof meta.namespace === 'string' ? { namespace: meta.namespace } : {}),
      operation,
      userInfo: { username: 'alice', groups: ['dev'] },
      object,
      oldObject: null,
      ...extra,
    },
  }
  const parsed = parseAdmissionReview(body)
  if (!parsed.ok) throw new Error(`bad test request: ${JSON.stringify(parsed.error)}`)
  return parsed.value.request
}

/**
 * A subresource request as the API server sends it: `kind` is the carried object's (a
 * `PodExecOptions`, a `Scale`), `resource` the parent's, `name`/`namespace` the parent object's.
 */
export function subresourceRequest(
  operation: AdmissionRequest['operation'],
  resource: { group: string; version: string; resource: string },
  subResource: string,
  object: JsonObject,
  extra: Record<string, unknown> = {},
): AdmissionRequest {
  const apiVersion = String(object.apiVersion ?? 'v1')
  const slash = apiVersion.indexOf('/')
  const [group, version] = slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)]
  return admissionRequest(operation, object, { kind: { group, version, kind: String(object.kind) }, resource, subResource, name: 'web', namespace: 'prod', ...extra })
}

/** `kubectl exec web -- sh` in namespace prod: CONNECT `pods/exec` carrying a PodExecOptions (no metadata). */
export const podExec = (extra: Record<string, unknown> = {}): AdmissionRequest =>
  subresourceRequest('CONNECT', { group: '', version: 'v1', resource: 'pods' }, 'exec', { apiVersion: 'v1', kind: 'PodExecOptions', stdin: true, tty: true, container: 'app', command: ['sh'] }, extra)
