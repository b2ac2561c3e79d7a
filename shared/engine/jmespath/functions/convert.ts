/**
 * Go conversions that leak into Kyverno function results: `strconv.FormatFloat(x, 'f', -1, 32)`
 * (the float32 rounding of numbers turned into strings), Kyverno's `ifaceToString`, `%v`.
 */
import { goV } from '../../../lib/gofmt.ts'
import type { Value } from '../values.ts'

const TWO63 = 2 ** 63

// Shortest decimal digits d and exponent e with value = 0.d × 10^e that read back as `abs`.
function shortest(abs: number, bits: 32 | 64): { digits: string; exp: number } {
  const split = (text: string): { digits: string; exp: number } => {
    const [m = '', e = '0'] = text.split('e')
    const digits = m.replace('.', '').replace(/0+$/, '') || '0'
    return { digits, exp: Number(e) + 1 }
  }
  if (bits === 64) return split(abs.toExponential())
  const same = (s: string): boolean => Math.fround(Number(s)) === abs
  for (let p = 1; p <= 9; p++) {
    const near = abs.toExponential(p - 1)
    if (same(near)) return split(near)
    // Next to a power of two the round-trip interval is lopsided: Go then takes the other neighbour.
    const [m = '', e = '0'] = near.split('e')
    const mant = BigInt(m.replace('.', ''))
    for (const delta of [-1n, 1n]) {
      const cand = `${mant + delta}e${Number(e) - (p - 1)}`
      if (mant + delta > 0n && same(cand)) return split(Number(cand).toExponential(p - 1))
    }
  }
  return split(abs.toExponential(8))
}

/** `strconv.FormatFloat(x, 'f', -1, bits)`: shortest digits that round-trip at that precision, no exponent. */
export function formatFloatF(x: number, bits: 32 | 64): string {
  const f = bits === 32 ? Math.fround(x) : x
  if (Number.isNaN(f)) return 'NaN'
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf'
  if (f === 0) return Object.is(f, -0) ? '-0' : '0'
  const { digits, exp } = shortest(Math.abs(f), bits)
  let text: string
  if (exp <= 0) text = `0.${'0'.repeat(-exp)}${digits}`
  else if (exp >= digits.length) text = digits + '0'.repeat(exp - digits.length)
  else text = `${digits.slice(0, exp)}.${digits.slice(exp)}`
  return f < 0 ? `-${text}` : text
}

/** Kyverno's `ifaceToString`: strings as-is, numbers with float32 precision, bools; else `null`. */
export function ifaceToString(v: Value): string | null {
  if (typeof v === 'string') return v
  if (typeof v === 'number') return formatFloatF(v, 32)
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  return null
}

/** Go `%v` of a decoded JSON value (numbers are float64). */
export function percentV(v: Value): string {
  return goV(v, 'float')
}

/** Kyverno's `intNumber`: the integer, or Go's error text. */
export function intNumber(n: number): number | string {
  if (Number.isInteger(n) && n >= -TWO63 && n < TWO63) return n
  return `expected an integer number but got: ${formatFloatF(n, 64)}`
}

/** Go `int(f)` for the float→int conversions Kyverno does (truncation toward zero). */
export function goInt(f: number): number {
  return Math.trunc(f)
}
