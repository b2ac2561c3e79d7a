/**
 * From an AdmissionRequest to what the engine and the messages need: the evaluation input, the
 * resource's kind and display name, and the namespace-exclusion check.
 */
import type { EvaluationInput, RequestUser } from '../../engine/api.ts'
import { gvkOfObject, isClusterScopedKind, type GroupVersionKind } from '../../engine/match/index.ts'
import { isObject, type JsonObject } from '../../lib/json.ts'
import type { AdmissionRequest } from '../../kube/admission.ts'
import { builtInKindOf } from './resources.ts'

/**
 * The engine's input for a request. Deliberate gaps, because an AdmissionReview does not carry them:
 * - `roles`/`clusterRoles` are empty: the API server sends only username, uid, groups and extra;
 *   Kyverno resolves roles through RBAC lookups Verdict cannot make. Rules that match or exclude by
 *   `roles`/`clusterRoles` therefore never fire on them (use `subjects` with users or groups).
 * - `namespaceLabels` are not in the request either: the caller passes what Verdict knows of the
 *   namespace (see `namespace-labels.ts`); without them `namespaceSelector` sees no labels.
 * Both gaps are reported as warnings when they stop a rule from applying (see `gaps.ts`).
 * Numbers are kept as decoded (`numberMode: 'int'`), as Kyverno reads admission JSON.
 */
export function evaluationInput(request: AdmissionRequest, now?: () => Date, namespaceLabels: Record<string, string> = {}, resourceKinds?: ReadonlyMap<string, string>): EvaluationInput {
  const info = request.userInfo
  const user: RequestUser = {
    username: info.username ?? '',
    groups: info.groups ?? [],
    roles: [],
    clusterRoles: [],
  }
  if (info.uid !== undefined) user.uid = info.uid
  if (info.extra !== undefined) user.extra = info.extra
  const input: EvaluationInput = {
    operation: request.operation,
    // Kubernetes sends no object for DELETE (at most DeleteOptions in `options`); Kyverno reads null.
    object: request.operation === 'DELETE' ? null : inRequestNamespace(request.object ?? null, request),
    oldObject: inRequestNamespace(request.oldObject ?? null, request),
    user,
    namespaceLabels,
    numberMode: 'int',
  }
  if (request.subResource) {
    // Matched as the parent kind + subresource (Kyverno's ResourceKind()): what `pods/exec`
    // carries is a PodExecOptions, but `Pod/exec` rules are what must see it.
    input.subresource = request.subResource
    const { group, version, kind } = requestTarget(request, resourceKinds)
    input.gvk = { group, version, kind }
  }
  input.admission = { kind: request.kind, resource: { group: request.resource.group, version: request.resource.version, resource: request.resource.resource }, ...(request.name ? { name: request.name } : {}) }
  if (now) input.now = now
  return input
}

/**
 * The object with the request's namespace, as Kyverno converts admission objects: what a
 * subresource request carries (`PodExecOptions` for `pods/exec`) has no metadata of its own, yet
 * `namespaces` filters and `request.namespace` must see the namespace it was made in. Copied only
 * when it differs (never for a Namespace, which is cluster-scoped however the request names it).
 */
function inRequestNamespace(obj: JsonObject | null, request: AdmissionRequest): JsonObject | null {
  const ns = request.namespace ?? ''
  if (obj === null || ns === '' || obj.kind === 'Namespace') return obj
  const meta = isObject(obj.metadata) ? obj.metadata : undefined
  if (meta?.namespace === ns) return obj
  return { ...obj, metadata: { ...meta, namespace: ns } }
}

/** The object the request is about: the new one, or the old one for DELETE. */
function subject(request: AdmissionRequest): JsonObject | null {
  return (request.operation === 'DELETE' ? null : request.object) ?? request.oldObject ?? null
}

function metaName(obj: JsonObject | null): string {
  const meta = obj && isObject(obj.metadata) ? obj.metadata : {}
  return typeof meta.name === 'string' ? meta.name : ''
}

/** The kind of the object the request carries (`PodExecOptions` for `pods/exec`), else `request.kind.kind`. */
function objectKind(request: AdmissionRequest): string {
  const kind = subject(request)?.kind
  return typeof kind === 'string' && kind !== '' ? kind : request.kind.kind
}

/**
 * The kind a request is matched as. Kyverno matches a subresource request as the kind of its
 * parent resource plus the subresource (`pods/exec` is `Pod` + `exec`, so `kinds: [Pod/exec]`
 * selects it and a plain `Pod` does not), taking the kind from discovery; here the built-in table
 * answers, then the set's own kinds (`resourceKinds`, for custom resources), else `request.kind`.
 * Any other request is matched as its object's kind, which is what `evaluatePolicy` reads.
 */
export function requestKind(request: AdmissionRequest, resourceKinds?: ReadonlyMap<string, string>): string {
  if (!request.subResource) return objectKind(request)
  const { group, resource } = request.resource
  return builtInKindOf(group, resource) ?? resourceKinds?.get(resource) ?? request.kind.kind
}

/** The group, version and kind the request is matched as (see {@link requestKind}), and its subresource (`''` for none). */
export function requestTarget(request: AdmissionRequest, resourceKinds?: ReadonlyMap<string, string>): GroupVersionKind & { subresource: string } {
  if (request.subResource) {
    const { group, version } = request.resource
    return { group, version, kind: requestKind(request, resourceKinds), subresource: request.subResource }
  }
  const obj = subject(request)
  const gvk = obj && typeof obj.kind === 'string' && obj.kind !== '' ? gvkOfObject(obj) : request.kind
  return { group: gvk.group, version: gvk.version, kind: gvk.kind, subresource: '' }
}

function isNamespaceKind(request: AdmissionRequest): boolean {
  return request.kind.group === '' && request.kind.kind === 'Namespace'
}

/**
 * True when the request is for a resource in an excluded namespace. For a Namespace object the
 * namespace is the object itself (its own name), as in Kyverno's resource filters and the
 * webhook's `namespaceSelector`, which matches a Namespace by its own labels.
 */
export function isExcludedNamespace(request: AdmissionRequest, exclusions: readonly string[]): boolean {
  if (exclusions.length === 0) return false
  const ns = isNamespaceKind(request) ? request.name || metaName(subject(request)) : (request.namespace ?? '')
  return ns !== '' && exclusions.includes(ns)
}

/**
 * `Kind/namespace/name` as Kyverno names a blocked resource, with no namespace segment for
 * cluster-scoped kinds (`Namespace/team-a`, `ClusterRole/admin`).
 */
export function resourceLabel(request: AdmissionRequest): string {
  const kind = objectKind(request)
  const name = metaName(subject(request)) || (request.name ?? '')
  const apiVersion = request.kind.group === '' ? request.kind.version : `${request.kind.group}/${request.kind.version}`
  // The API server sets `namespace` to the Namespace's own name on UPDATE/DELETE, so the scope,
  // not the field, decides whether a namespace segment belongs in the label.
  const ns = request.namespace ?? ''
  if (ns === '' || isClusterScopedKind(apiVersion, kind)) return `${kind}/${name}`
  return `${kind}/${ns}/${name}`
}
