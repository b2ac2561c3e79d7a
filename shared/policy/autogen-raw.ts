/**
 * Raw-JSON reading for autogen (which works on the policy document as written) and the kind
 * helpers Kyverno's autogen uses (`kubeutils.GetKindFromGVK`, `ContainsKind`, `ConvertKindsToGVK`).
 * A missing or mistyped field reads as absent, as Go's decoder leaves it at its zero value.
 */
import { getKey, isObject, type JsonObject, type JsonValue } from '../lib/json.ts'

/** An own field as an object, or `undefined`. */
export function objAt(o: JsonObject | undefined, key: string): JsonObject | undefined {
  const v = o ? getKey(o, key) : undefined
  return isObject(v) ? v : undefined
}

/** An own field as an array, or `[]`. */
export function listAt(o: JsonObject | undefined, key: string): JsonValue[] {
  const v = o ? getKey(o, key) : undefined
  return Array.isArray(v) ? v : []
}

/** An own field as a string, or `""`. */
export function strAt(o: JsonObject | undefined, key: string): string {
  const v = o ? getKey(o, key) : undefined
  return typeof v === 'string' ? v : ''
}

/** Present and not `null` (Go: a non-nil pointer, slice or map). */
export function present(o: JsonObject | undefined, key: string): boolean {
  const v = o ? getKey(o, key) : undefined
  return v !== undefined && v !== null
}

/** The string kinds of one ResourceDescription. */
export function kindsOf(description: JsonObject | undefined): string[] {
  return listAt(description, 'kinds').filter((k): k is string => typeof k === 'string')
}

/** The filters of a block: the `any` and `all` entries that are objects. */
export function filtersAt(block: JsonObject | undefined, key: 'any' | 'all'): JsonObject[] {
  return listAt(block, key).filter(isObject)
}

/** Every ResourceDescription of a block (legacy, `any`, `all`); absent ones read as `undefined`. */
export function descriptionsOf(block: JsonObject | undefined): (JsonObject | undefined)[] {
  return [
    objAt(block, 'resources'),
    ...filtersAt(block, 'any').map((f) => objAt(f, 'resources')),
    ...filtersAt(block, 'all').map((f) => objAt(f, 'resources')),
  ]
}

/** `MatchResources.GetKinds`: legacy, then `all`, then `any` kinds. */
export function blockKinds(block: JsonObject | undefined): string[] {
  return [
    ...kindsOf(objAt(block, 'resources')),
    ...filtersAt(block, 'all').flatMap((f) => kindsOf(objAt(f, 'resources'))),
    ...filtersAt(block, 'any').flatMap((f) => kindsOf(objAt(f, 'resources'))),
  ]
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9'

// `^(v\d+((alpha|beta)\d+)?|\*)$`, by hand (the engine has the same check; policy may not import it).
function isVersion(s: string): boolean {
  if (s === '*') return true
  if (s[0] !== 'v' || !isDigit(s[1])) return false
  let i = 1
  while (isDigit(s[i])) i++
  if (i === s.length) return true
  const tag = s.startsWith('alpha', i) ? 5 : s.startsWith('beta', i) ? 4 : 0
  if (tag === 0 || !isDigit(s[i + tag])) return false
  i += tag
  while (isDigit(s[i])) i++
  return i === s.length
}

/**
 * The bare kind of a selector with group, version and subresource stripped, as `GetKindFromGVK` +
 * `SplitSubresource` compute it: `apps/v1/Deployment` → `Deployment`, `Pod.status` → `Pod`,
 * but `apps/Deployment` → `apps`.
 */
export function bareKind(selector: string): string {
  const parts = selector.split('/')
  const firstDot = (s: string): string => s.replace('.', '/')
  let kind: string
  switch (parts.length) {
    case 1:
      kind = firstDot(selector)
      break
    case 2:
      kind = parts[0] === '*' && parts[1] === '*' ? '*/*' : isVersion(parts[0] as string) ? firstDot(parts[1] as string) : selector
      break
    case 3:
      kind = isVersion(parts[0] as string) ? `${parts[1]}/${parts[2]}` : firstDot(parts[2] as string)
      break
    case 4:
      kind = `${parts[2]}/${parts[3]}`
      break
    default:
      kind = ''
  }
  const sub = kind.split('/')
  return sub.length === 2 ? (sub[0] as string) : kind
}

/** `kubeutils.ContainsKind`: some selector's bare kind equals `kind`. */
export function containsKind(selectors: readonly string[], kind: string): boolean {
  return selectors.some((s) => bareKind(s) === kind)
}

/** Fully qualified kinds for the autogen controllers (`Deployment` → `apps/v1/Deployment`). */
const CONTROLLER_GVK: ReadonlyMap<string, string> = new Map([
  ['DaemonSet', 'apps/v1/DaemonSet'],
  ['Deployment', 'apps/v1/Deployment'],
  ['Job', 'batch/v1/Job'],
  ['StatefulSet', 'apps/v1/StatefulSet'],
  ['ReplicaSet', 'apps/v1/ReplicaSet'],
  ['ReplicationController', 'v1/ReplicationController'],
  ['CronJob', 'batch/v1/CronJob'],
  ['Pod', 'v1/Pod'],
])

/** `ConvertKindsToGVK`: known controller kinds become fully qualified, others stay as written. */
export function qualifyKinds(kinds: readonly string[]): string[] {
  return kinds.map((k) => CONTROLLER_GVK.get(k) ?? k)
}
