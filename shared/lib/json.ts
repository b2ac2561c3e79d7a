/**
 * The JSON value model every layer works on.
 *
 * Kyverno (Go) tells int64 from float64 in a few places. JavaScript has one number type, so
 * integers are "whole numbers" unless a caller says otherwise; the one place Kyverno creates a
 * value that must *not* compare equal to the same float (`elementIndex`) uses {@link Int64}.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject
export type JsonObject = { [key: string]: JsonValue }

/** A boxed Go int64, used only where Kyverno's int/float distinction changes results (`elementIndex`). */
export class Int64 {
  constructor(readonly value: number) {}
  toJSON(): number {
    return this.value
  }
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Int64)
}

/** Own-property lookup: never reaches `Object.prototype` (`constructor`, `__proto__`, `toString` …). */
export function hasKey(obj: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key)
}

/** Own-property read; `undefined` means absent (as opposed to present-with-null). */
export function getKey(obj: JsonObject, key: string): JsonValue | undefined {
  return hasKey(obj, key) ? obj[key] : undefined
}

/** Sets an own property even for keys such as `__proto__`, without touching any prototype. */
export function setKey(obj: JsonObject, key: string, value: JsonValue): void {
  // Plain assignment creates an own property for every key except `__proto__`, whose setter would
  // replace the prototype instead; only that key needs the (much slower) defineProperty.
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true })
  else obj[key] = value
}

/** Structured copy of a JSON value (no prototype surprises, `Int64` kept). */
export function cloneJson<T extends JsonValue>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => cloneJson(x)) as T
  if (isObject(v)) {
    const out: JsonObject = {}
    for (const k of Object.keys(v)) setKey(out, k, cloneJson(v[k] as JsonValue))
    return out as T
  }
  return v
}

/** Go `reflect.DeepEqual` over JSON values; an `Int64` never equals a plain number. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a instanceof Int64 || b instanceof Int64) return a instanceof Int64 && b instanceof Int64 && a.value === b.value
  if (a === b) return true
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]))
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a)
    if (ka.length !== Object.keys(b).length) return false
    return ka.every((k) => hasKey(b, k) && deepEqual(a[k], b[k]))
  }
  return false
}
