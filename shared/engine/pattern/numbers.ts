/**
 * The Go number model behind Kyverno's comparisons. JavaScript has one number type; Go decodes JSON
 * into int64 or float64, and the two compare and print differently. A `NumberMode` says which
 * decoding a tree went through: `int` keeps whole numbers as int64, `float` makes everything float64.
 */
import { Int64, isObject } from '../../lib/json.ts'
import { goFixed6, goFloatE, type NumberMode } from '../../lib/gofmt.ts'

/** How the resource's and the pattern's numbers were decoded. */
export interface NumberModes {
  readonly resource: NumberMode
  readonly pattern: NumberMode
}

/** A number as Go sees it after decoding. */
export interface GoNumber {
  readonly kind: 'int' | 'float'
  readonly value: number
}

const TWO_63 = 2 ** 63

/** Classifies a decoded number; `null` when the value is not a number. */
export function goNumber(v: unknown, mode: NumberMode): GoNumber | null {
  if (v instanceof Int64) return { kind: 'int', value: v.value }
  if (typeof v !== 'number') return null
  // Whole numbers outside int64 fall back to float64, as Kubernetes' JSON decoder does.
  const int = mode === 'int' && Number.isInteger(v) && v >= -TWO_63 && v < TWO_63
  return { kind: int ? 'int' : 'float', value: v }
}

/** Go `%T` of a decoded JSON value, as it appears in Kyverno's structure-mismatch messages. */
export function goTypeName(v: unknown, mode: NumberMode): string {
  if (v === null || v === undefined) return '<nil>'
  if (typeof v === 'string') return 'string'
  if (typeof v === 'boolean') return 'bool'
  const n = goNumber(v, mode)
  if (n) return n.kind === 'int' ? 'int64' : 'float64'
  if (Array.isArray(v)) return '[]interface {}'
  if (isObject(v)) return 'map[string]interface {}'
  return typeof v
}

const INT_TEXT = /^[+-]?\d+$/
const MIN_INT64 = -(2n ** 63n)
const MAX_INT64 = 2n ** 63n - 1n

/** `strconv.ParseInt(s, 10, 64)`; `null` on a syntax or range error. */
export function parseGoInt(s: string): bigint | null {
  if (!INT_TEXT.test(s)) return null
  const n = BigInt(s)
  return n < MIN_INT64 || n > MAX_INT64 ? null : n
}

// Unambiguous forms (digits before an optional fraction, or a bare fraction), so matching is linear.
const DECIMAL_FLOAT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/
const SPECIAL_FLOAT = /^([+-]?)(inf|infinity|nan)$/i

/** `strconv.ParseFloat(s, 64)`; `null` on a syntax or range error (underscores are not supported). */
export function parseGoFloat(s: string): number | null {
  if (DECIMAL_FLOAT.test(s)) {
    const v = Number(s)
    return Number.isFinite(v) ? v : null
  }
  const special = SPECIAL_FLOAT.exec(s)
  if (special) {
    if (special[2]?.toLowerCase() === 'nan') return Number.NaN
    return special[1] === '-' ? -Infinity : Infinity
  }
  const hex = HEX_FLOAT.exec(s)
  if (hex) {
    const [, sign = '', int = '', frac = '', exp = '0'] = hex
    if (int === '' && frac === '') return null
    const mantissa = parseInt(int + frac || '0', 16) / 16 ** frac.length
    const v = mantissa * 2 ** Number(exp) * (sign === '-' ? -1 : 1)
    return Number.isFinite(v) ? v : null
  }
  return null
}

/** Decimal digits of an int64 (`String()` would switch to exponent form from 1e21). */
function intText(v: number): string {
  return Number.isInteger(v) ? BigInt(v).toString() : String(Math.trunc(v))
}

/** Go `%f` (6 decimals) without JavaScript's switch to exponent form at 1e21. */
function fixed6(v: number): string {
  if (Math.abs(v) < 1e21) return goFixed6(v)
  return `${BigInt(v)}.000000`
}

/**
 * Kyverno's `convertNumberToString`, the text a value is parsed from before a duration or quantity
 * comparison: null → `"0"`, strings as they are, int64 in decimal, float64 as `%f`. Booleans, maps
 * and arrays have no text (`null`), so those comparisons are skipped.
 */
export function numberText(v: unknown, mode: NumberMode): string | null {
  if (v === null || v === undefined) return '0'
  if (typeof v === 'string') return v
  const n = goNumber(v, mode)
  if (!n) return null
  return n.kind === 'int' ? intText(n.value) : fixed6(n.value)
}

/**
 * The text a value is glob-matched as in Kyverno's `compareString`: strings raw, int64 in decimal,
 * float64 in `E` form (`1.5E+00`), booleans `true`/`false`. null, maps and arrays have none.
 */
export function comparableText(v: unknown, mode: NumberMode): string | null {
  if (typeof v === 'string') return v
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  const n = goNumber(v, mode)
  if (!n) return null
  return n.kind === 'int' ? intText(n.value) : goFloatE(n.value)
}
