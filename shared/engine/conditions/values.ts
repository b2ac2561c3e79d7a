/**
 * The Go view of a condition operand. Kyverno's operators switch on the Go dynamic type of the
 * key (`bool`, `int64`, `float64`, `string`, map, slice); JSON numbers are float64 and only
 * `elementIndex` is an int64, which Verdict boxes as {@link Int64}.
 */
import { Int64, isObject, type JsonObject } from '../../lib/json.ts'
import { goV } from '../../lib/gofmt.ts'
import { durationOf } from '../text/parsed.ts'

export type GoValue =
  | { kind: 'nil' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'slice'; value: readonly unknown[] }
  | { kind: 'map'; value: JsonObject }
  | { kind: 'other' }

/** Tags a decoded JSON value (or an {@link Int64}) with its Go type. */
export function classify(v: unknown): GoValue {
  if (v === null || v === undefined) return { kind: 'nil' }
  if (v instanceof Int64) return { kind: 'int', value: v.value }
  switch (typeof v) {
    case 'boolean':
      return { kind: 'bool', value: v }
    case 'number':
      return { kind: 'float', value: v }
    case 'string':
      return { kind: 'string', value: v }
  }
  if (Array.isArray(v)) return { kind: 'slice', value: v }
  if (isObject(v)) return { kind: 'map', value: v }
  return { kind: 'other' }
}

/** `fmt.Sprint(v)` for a decoded JSON value: `3`, `1.5`, `1e+06`, `true`, `<nil>`, `[a b]`, `map[k:v]`. */
export function goSprint(v: unknown): string {
  // Numbers here are float64 (only Int64 is an integer), so `%v` uses the shortest %g form.
  return goV(v, 'float')
}

const SECOND = 1_000_000_000n
const INT64_MIN = -(2n ** 63n)

/**
 * `time.Duration(n) * time.Second` for a number: Go truncates the float toward zero, then the
 * multiplication wraps at 64 bits (`1.5` → 1s). A float outside int64 converts to MinInt64 as on amd64.
 */
export function secondsToDuration(v: unknown): bigint | null {
  let whole: bigint
  if (v instanceof Int64) whole = BigInt(v.value)
  else if (typeof v === 'number') {
    const t = Math.trunc(v)
    whole = Number.isFinite(t) && Math.abs(t) < 2 ** 63 ? BigInt(t) : INT64_MIN
  } else return null
  return BigInt.asIntN(64, whole * SECOND)
}

/** `Duration.Seconds()`: whole seconds plus the nanosecond remainder, as Go computes it. */
export function durationSeconds(ns: bigint): number {
  return Number(ns / SECOND) + Number(ns % SECOND) / 1e9
}

/**
 * Kyverno's `parseDuration(key, value)`: succeeds when at least one side is a Go duration string
 * (the literal `"0"` excluded) and the other side is also a duration string or a number of
 * seconds. Returns both sides in seconds, or `null`.
 */
export function durationPair(key: unknown, value: unknown): [number, number] | null {
  let k = typeof key === 'string' && key !== '0' ? durationOf(key) : null
  let v = typeof value === 'string' && value !== '0' ? durationOf(value) : null
  if (k === null && v === null) return null
  k ??= secondsToDuration(key)
  v ??= secondsToDuration(value)
  if (k === null || v === null) return null
  return [durationSeconds(k), durationSeconds(v)]
}
