/**
 * Input bounds: every pattern is copied into a private JSON tree (so the in-place metadata rewrite
 * never reaches the caller, and non-JSON values are rejected as Go's `json.Marshal` would), and
 * nesting is capped so recursion can never overflow the stack.
 */
import { Int64, isObject, setKey, type JsonObject, type JsonValue } from '../../lib/json.ts'

/** Deepest pattern nesting evaluated (containers, root included). */
export const MAX_PATTERN_DEPTH = 64
/** Deepest resource nesting evaluated (containers, root included). */
export const MAX_RESOURCE_DEPTH = 100

/** A private copy, or why the value cannot be one (Go's marshal error text, or the depth limit). */
export type Copy =
  | { ok: true; value: JsonValue }
  | { ok: false; reason: 'json' | 'depth'; error: string }

class CopyError extends Error {
  constructor(
    readonly reason: 'json' | 'depth',
    message: string,
  ) {
    super(message)
  }
}

function unsupportedNumber(v: number): string {
  return `json: unsupported value: ${Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'}`
}

function copy(v: unknown, depth: number, what: string, limit: number): JsonValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new CopyError('json', unsupportedNumber(v))
    return v
  }
  if (v instanceof Int64) return v.value
  if (typeof v !== 'object') throw new CopyError('json', `json: unsupported type: ${typeof v}`)
  if (depth >= limit) throw new CopyError('depth', `${what} is nested deeper than ${limit} levels`)
  // Like JSON.stringify: undefined/functions become null in arrays and vanish from maps.
  if (Array.isArray(v)) return v.map((x) => (isDropped(x) ? null : copy(x, depth + 1, what, limit)))
  const out: JsonObject = {}
  const src = v as Record<string, unknown>
  for (const k of Object.keys(src)) {
    const x = src[k]
    if (!isDropped(x)) setKey(out, k, copy(x, depth + 1, what, limit))
  }
  return out
}

function isDropped(x: unknown): boolean {
  return x === undefined || typeof x === 'function' || typeof x === 'symbol'
}

/** A private, JSON-clean copy of `value` nested at most `limit` levels, or the reason it cannot be one. */
export function privateCopy(value: unknown, what = 'pattern', limit = MAX_PATTERN_DEPTH): Copy {
  try {
    return { ok: true, value: copy(value === undefined ? null : value, 0, what, limit) }
  } catch (e) {
    if (e instanceof CopyError) return { ok: false, reason: e.reason, error: e.message }
    throw e
  }
}

/** True when `value` nests containers deeper than `limit`; iterative, so any depth (or a cycle) is safe. */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]]
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [v, depth] = top
    const children = Array.isArray(v) ? v : isObject(v) ? Object.values(v) : null
    if (!children) continue
    if (depth >= limit) return true
    for (const c of children) stack.push([c, depth + 1])
  }
  return false
}

const depthChecked = new WeakMap<object, boolean>()
const lastChecked: { resource: object | undefined; deep: boolean } = { resource: undefined, deep: false }

/** The error text for a resource that is nested too deeply, or `null`. Memoised per resource object: every rule checks the same one. */
export function resourceDepthError(resource: unknown): string | null {
  let deep: boolean | undefined
  // Every rule of a request asks about the same resource: the last answer is kept at hand.
  if (resource === lastChecked.resource && resource !== undefined) deep = lastChecked.deep
  else if (typeof resource === 'object' && resource !== null) deep = depthChecked.get(resource)
  if (deep === undefined) {
    deep = nestedDeeperThan(resource, MAX_RESOURCE_DEPTH)
    if (typeof resource === 'object' && resource !== null) depthChecked.set(resource, deep)
  }
  if (typeof resource === 'object' && resource !== null) {
    lastChecked.resource = resource
    lastChecked.deep = deep
  }
  return deep ? `resource is nested deeper than ${MAX_RESOURCE_DEPTH} levels` : null
}
