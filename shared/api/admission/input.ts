/**
 * From an AdmissionRequest to what the engine and the messages need: the evaluation input, the
 * resource's kind and display name, and the namespace-exclusion check.
 */
import type { EvaluationInput, RequestUser } from '../../engine/api.ts'
import { isClusterScopedKind } from '../../engine/match/index.ts'
import { isObject, type JsonObject } from '../../lib/json.ts'
import type { AdmissionRequest } from '../../kube/admission.ts'

/**
 * The engine's input for a request. Deliberate gaps, because an AdmissionReview does not carry them:
 * - `roles`/`clusterRoles` are empty: the API server sends only username, uid, groups and extra;
 *   Kyverno resolves roles through RBAC lookups Verdict cannot make. Rules that match or exclude by
 *   `roles`/`clusterRoles` therefore never fire on them (use `subjects` with users or groups).
 * - `namespaceLabels` is `{}`: the namespace object is not in the request, so `namespaceSelector`
 *   filters are checked against no labels and cannot match yet on `matchLabels`/`In`/`Exists`.
 * Both gaps are reported as warnings when they stop a rule from applying (see `gaps.ts`).
 * Numbers are kept as decoded (`numberMode: 'int'`), as Kyverno reads admission JSON.
 */
export function evaluationInput(request: AdmissionRequest, now?: () => Date): EvaluationInput {
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
    object: request.operation === 'DELETE' ? null : (request.object ?? null),
    oldObject: request.oldObject ?? null,
    user,
    namespaceLabels: {},
    numberMode: 'int',
  }
  if (request.subResource) input.subresource = request.subResource
  if (now) input.now = now
  return input
}

/** The object the request is about: the new one, or the old one for DELETE. */
function subject(request: AdmissionRequest): JsonObject | null {
  return (request.operation === 'DELETE' ? null : request.object) ?? request.oldObject ?? null
}

function metaName(obj: JsonObject | null): string {
  const meta = obj && isObject(obj.metadata) ? obj.metadata : {}
  return typeof meta.name === 'string' ? meta.name : ''
}

/**
 * The kind the engine will evaluate the request as: the object's own `kind` (that is what
 * `evaluatePolicy` reads), else `request.kind.kind`. Using the same source keeps the fast path
 * from skipping a request the engine would have matched.
 */
export function requestKind(request: AdmissionRequest): string {
  const kind = subject(request)?.kind
  return typeof kind === 'string' && kind !== '' ? kind : request.kind.kind
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
  const kind = requestKind(request)
  const name = metaName(subject(request)) || (request.name ?? '')
  const apiVersion = request.kind.group === '' ? request.kind.version : `${request.kind.group}/${request.kind.version}`
  // The API server sets `namespace` to the Namespace's own name on UPDATE/DELETE, so the scope,
  // not the field, decides whether a namespace segment belongs in the label.
  const ns = request.namespace ?? ''
  if (ns === '' || isClusterScopedKind(apiVersion, kind)) return `${kind}/${name}`
  return `${kind}/${ns}/${name}`
}
