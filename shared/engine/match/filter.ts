/**
 * One filter: a ResourceDescription plus user info, every present attribute must hold (AND across
 * attributes, OR inside a list), as Kyverno's `doesResourceMatchConditionBlock`.
 */
import type { Operation, RequestUser } from '../api.ts'
import type { JsonObject } from '../../lib/json.ts'
import { wildcardMatch } from '../../lib/wildcard.ts'
import type { ResourceDescription, UserInfo } from '../../policy/match.ts'
import { checkKind, type GroupVersionKind } from './kind.ts'
import { kindOf, metaString, metaStringMap } from './resource.ts'
import { checkSelector } from './selector.ts'
import { checkUserInfo } from './user.ts'

/** Everything about the request one filter looks at. */
export interface FilterContext {
  resource: JsonObject
  gvk: GroupVersionKind
  subresource: string
  operation: Operation
  namespaceLabels: ReadonlyMap<string, string>
  /** The user checked against user info (the zero user when there is no request info). */
  user: RequestUser
}

/** Each expected (key, value) needs one actual annotation matching both by wildcard. */
function checkAnnotations(expected: Readonly<Record<string, string>>, actual: ReadonlyMap<string, string>): boolean {
  return Object.entries(expected).every(([k, v]) => [...actual].some(([k1, v1]) => wildcardMatch(k, k1) && wildcardMatch(v, v1)))
}

function checkDescription(rd: ResourceDescription, ctx: FilterContext): boolean {
  const ops = rd.operations ?? []
  if (ops.length > 0 && !ops.includes(ctx.operation)) return false
  const kinds = rd.kinds ?? []
  if (kinds.length > 0 && !checkKind(kinds, ctx.gvk, ctx.subresource, true)) return false
  const name = metaString(ctx.resource, 'name') || metaString(ctx.resource, 'generateName')
  if (rd.name && !wildcardMatch(rd.name, name)) return false
  const names = rd.names ?? []
  if (names.length > 0 && !names.some((n) => wildcardMatch(n, name))) return false
  const kind = kindOf(ctx.resource)
  const namespaces = rd.namespaces ?? []
  if (namespaces.length > 0) {
    // A Namespace is "in" the namespace it names.
    const ns = kind === 'Namespace' ? metaString(ctx.resource, 'name') : metaString(ctx.resource, 'namespace')
    if (!namespaces.some((p) => wildcardMatch(p, ns))) return false
  }
  const annotations = rd.annotations ?? {}
  if (Object.keys(annotations).length > 0 && !checkAnnotations(annotations, metaStringMap(ctx.resource, 'annotations')))
    return false
  if (rd.selector != null && !checkSelector(rd.selector, metaStringMap(ctx.resource, 'labels'))) return false
  if (rd.namespaceSelector != null) {
    if (kind === 'Namespace') return false
    // Kyverno skips the check for a kind-less object unless the filter lists `*`.
    const applies = kind !== '' || kinds.includes('*')
    if (applies && !checkSelector(rd.namespaceSelector, ctx.namespaceLabels)) return false
  }
  return true
}

/** True when the resource description and the user info of one filter both hold. */
export function matchesFilter(rd: ResourceDescription | null | undefined, info: UserInfo, ctx: FilterContext): boolean {
  return checkDescription(rd ?? {}, ctx) && checkUserInfo(info, ctx.user)
}
