/**
 * One base context per request. Admission hands every policy of a set the same input; building the
 * context (request, user info, images) once for all of them instead of once per policy is most of
 * what a policy with cheap rules costs. Reuse is checked against everything the context was built
 * from, so an input edited between calls still gets a fresh one; with offline values (which are
 * merged into it) every call builds its own.
 */
import type { JsonObject, JsonValue } from '../../lib/json.ts'
import type { AdmissionFields, EvaluationInput, RequestUser } from '../api.ts'
import { baseContext } from './build.ts'
import { sameImageInputs, sharedImagesWithInputs, type ImagesMemo } from './images.ts'

interface Kept {
  base: JsonObject
  operation: string
  subresource: string | undefined
  admission: AdmissionFields | undefined
  object: JsonObject | null
  oldObject: JsonObject | null
  user: RequestUser | undefined
  namespace: unknown
  /** The images listing in the base and what it was read from; `null` without a subject. */
  images: ImagesMemo | null
}

// One slot: the policies of a request are evaluated one after another with its input, and an
// input seen once (a caller that builds a new one per call) costs nothing to forget.
let last: { input: EvaluationInput; kept: Kept } | undefined

function sameList(a: readonly string[], b: JsonValue | undefined): boolean {
  if (!Array.isArray(b) || a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** True when the user still reads as the `userInfo`, `roles` and `clusterRoles` of the kept request. */
function sameUser(user: RequestUser, request: JsonObject): boolean {
  const info = request.userInfo as JsonObject | undefined
  if (!info || info.username !== user.username || info.uid !== user.uid || !sameList(user.groups, info.groups)) return false
  const extra = info.extra as JsonObject | undefined
  if (user.extra === undefined ? extra !== undefined : !extra) return false
  if (user.extra && extra) {
    const keys = Object.keys(user.extra)
    if (!sameList(keys, Object.keys(extra))) return false
    for (const k of keys) if (!sameList(user.extra[k] as string[], extra[k])) return false
  }
  const roles = user.roles.length > 0 ? request.roles : undefined
  const clusterRoles = user.clusterRoles.length > 0 ? request.clusterRoles : undefined
  return (user.roles.length === 0 ? request.roles === undefined : sameList(user.roles, roles)) &&
    (user.clusterRoles.length === 0 ? request.clusterRoles === undefined : sameList(user.clusterRoles, clusterRoles))
}

/** True when the admission fields still read as the kept request's `kind`, `resource` and `name`. */
function sameAdmission(a: AdmissionFields, request: JsonObject): boolean {
  const kind = request.kind as JsonObject | undefined
  const resource = request.resource as JsonObject | undefined
  if (a.kind ? !kind || kind.group !== a.kind.group || kind.version !== a.kind.version || kind.kind !== a.kind.kind : kind !== undefined) return false
  if (a.resource ? !resource || resource.group !== a.resource.group || resource.version !== a.resource.version || resource.resource !== a.resource.resource : resource !== undefined) return false
  return request.name === a.name
}

function subjectNamespace(input: EvaluationInput): unknown {
  const o = input.object ?? input.oldObject
  const md = o?.metadata
  return md !== null && typeof md === 'object' && !Array.isArray(md) ? (md as JsonObject).namespace : undefined
}

/**
 * {@link baseContext}, shared by the calls that pass the same input. Callers must not modify it
 * (the pipeline copies it before adding context entries).
 */
export function sharedBaseContext(input: EvaluationInput): JsonObject {
  if (input.values) return baseContext(input)
  const subject = input.object ?? input.oldObject
  const k = last?.input === input ? last.kept : undefined
  if (
    k &&
    k.operation === input.operation &&
    k.subresource === input.subresource &&
    k.admission === input.admission &&
    (input.admission === undefined || sameAdmission(input.admission, k.base.request as JsonObject)) &&
    k.object === input.object &&
    k.oldObject === input.oldObject &&
    k.user === input.user &&
    (input.user === undefined || sameUser(input.user, k.base.request as JsonObject)) &&
    k.namespace === subjectNamespace(input) &&
    (k.images === null || (subject !== null && sameImageInputs(subject, k.images.inputs)))
  ) {
    return k.base
  }
  const base = baseContext(input)
  const fresh: Kept = {
    base,
    operation: input.operation,
    subresource: input.subresource,
    admission: input.admission,
    object: input.object,
    oldObject: input.oldObject,
    user: input.user,
    namespace: subjectNamespace(input),
    // The same listing baseContext just put in `images` (it is remembered per resource).
    images: subject ? sharedImagesWithInputs(subject) : null,
  }
  last = { input, kept: fresh }
  return base
}
