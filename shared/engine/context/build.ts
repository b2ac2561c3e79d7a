/**
 * The evaluation context of one request: `request.*`, `serviceAccountName`, `images`, plus any
 * offline values. Built once per (policy, resource); rules copy it before adding to it.
 */
import { isObject, setKey, type JsonObject } from '../../lib/json.ts'
import type { EvaluationInput } from '../api.ts'
import { extractImages, sharedImages } from './images.ts'
import { mergeDotted } from './dotted.ts'

const SA_PREFIX = 'system:serviceaccount:'

function namespaceOf(o: JsonObject | null): string {
  const md = o && isObject(o.metadata) ? o.metadata : undefined
  return md && typeof md.namespace === 'string' ? md.namespace : ''
}

/** Base context for a request, before context entries and rule values. */
export function baseContext(input: EvaluationInput): JsonObject {
  const request: JsonObject = { operation: input.operation === 'CONNECT' ? 'CONNECT' : input.operation }
  if (input.operation !== 'DELETE' && input.object) setKey(request, 'object', input.object)
  if ((input.operation === 'UPDATE' || input.operation === 'DELETE') && input.oldObject) setKey(request, 'oldObject', input.oldObject)
  setKey(request, 'namespace', namespaceOf(input.object ?? input.oldObject))
  // What admission knows of the request itself, as Kyverno's context carries the AdmissionRequest.
  const a = input.admission
  if (a?.kind) request.kind = { group: a.kind.group, version: a.kind.version, kind: a.kind.kind }
  if (a?.resource) request.resource = { group: a.resource.group, version: a.resource.version, resource: a.resource.resource }
  if (input.subresource) request.subResource = input.subresource
  if (a?.name !== undefined) request.name = a.name
  const ctx: JsonObject = { request }
  let saName = ''
  let saNamespace = ''
  if (input.user) {
    const u = input.user
    const userInfo: JsonObject = { username: u.username, groups: [...u.groups] }
    if (u.uid !== undefined) userInfo.uid = u.uid
    if (u.extra !== undefined) userInfo.extra = Object.fromEntries(Object.entries(u.extra).map(([k, v]) => [k, [...v]]))
    setKey(request, 'userInfo', userInfo)
    if (u.roles.length > 0) setKey(request, 'roles', [...u.roles])
    if (u.clusterRoles.length > 0) setKey(request, 'clusterRoles', [...u.clusterRoles])
    if (u.username.startsWith(SA_PREFIX)) {
      const parts = u.username.slice(SA_PREFIX.length).split(':')
      if (parts.length === 2) [saNamespace = '', saName = ''] = parts
    }
  }
  setKey(ctx, 'serviceAccountName', saName)
  setKey(ctx, 'serviceAccountNamespace', saNamespace)
  const subject = input.object ?? input.oldObject
  if (subject && input.values) {
    // Offline values are deep-merged into the context, so they get images of their own to write to.
    const images = extractImages(subject)
    if (images) setKey(ctx, 'images', images)
  } else if (subject) {
    const images = sharedImages(subject)
    if (images) setKey(ctx, 'images', images)
  }
  mergeDotted(ctx, input.values?.global)
  // Values may name the operation too, but the request's own operation is authoritative: Kyverno's
  // old-object check on UPDATE re-runs the rule as a CREATE and the context must say so.
  if (isObject(ctx.request)) setKey(ctx.request, 'operation', input.operation)
  return ctx
}

/** A copy deep enough that adding variables never changes the parent context. */
export function childContext(ctx: JsonObject): JsonObject {
  const out: JsonObject = {}
  for (const k of Object.keys(ctx)) {
    const v = ctx[k]
    setKey(out, k, v === undefined ? null : v)
  }
  return out
}
