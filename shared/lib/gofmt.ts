/**
 * Go text renderings that leak into Kyverno's messages and comparisons. Kyverno users match on
 * these strings (expected messages, `pattern` string comparisons), so they are reproduced exactly.
 */
import { Int64, isObject } from './json.ts'

function splitExp(v: number): { mant: string; exp: number } {
  const [mant = '0', e = '0'] = v.toExponential().split('e')
  return { mant, exp: Number(e) }
}

/** `strconv.FormatFloat(v, 'E', -1, 64)`: `1.5E+00`, `8.08E+03`. */
export function goFloatE(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'
  const { mant, exp } = splitExp(v)
  const e = Math.abs(exp).toString().padStart(2, '0')
  return `${mant}E${exp < 0 ? '-' : '+'}${e}`
}

/** `%v` of a float64 (`%g`, shortest): exponent form when the decimal exponent is < -4 or >= 6. */
export function goFloatV(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'
  if (v === 0) return Object.is(v, -0) ? '-0' : '0'
  const { mant, exp } = splitExp(v)
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp).toString().padStart(2, '0')
    return `${mant}e${exp < 0 ? '-' : '+'}${e}`
  }
  return String(v)
}

/** `%f` with 6 decimals, as Kyverno renders numbers before a quantity/duration comparison. */
export function goFixed6(v: number): string {
  return v.toFixed(6)
}

export type NumberMode = 'int' | 'float'

/**
 * Go `%v` of a decoded JSON value: strings raw, `<nil>`, `[a b]`, `map[k:v]` with sorted keys.
 * `mode` says how whole numbers were decoded (int64 in resources/patterns, float64 in anyPattern/CLI).
 */
export function goV(v: unknown, mode: NumberMode = 'int'): string {
  if (v === null || v === undefined) return '<nil>'
  if (v instanceof Int64) return String(v.value)
  if (typeof v === 'string') return v
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (typeof v === 'number') return mode === 'int' && Number.isInteger(v) ? String(v) : goFloatV(v)
  if (Array.isArray(v)) return `[${v.map((x) => goV(x, mode)).join(' ')}]`
  if (isObject(v)) {
    const keys = Object.keys(v).sort()
    return `map[${keys.map((k) => `${k}:${goV(v[k], mode)}`).join(' ')}]`
  }
  return String(v)
}
