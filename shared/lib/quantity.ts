/**
 * Kubernetes resource quantities (`100Mi`, `0.5`, `500m`, `1e3`), parsed to an exact rational so
 * that `1Gi` equals `1024Mi` and `0.5` equals `500m` with no floating-point drift.
 */
export type QuantityFormat = 'BinarySI' | 'DecimalSI' | 'DecimalExponent'

export interface Quantity {
  /** value = num / den, den > 0 */
  readonly num: bigint
  readonly den: bigint
  readonly format: QuantityFormat
}

const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 }
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 }
// Anything longer cannot be a sensible quantity; the bound also caps BigInt work on hostile input.
const MAX_LEN = 64
const MAX_EXP = 100
const NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?(.*)$/

/** Parses a Kubernetes quantity; `null` when the text is not one. */
export function parseQuantity(text: string): Quantity | null {
  const s = text.trim()
  if (s.length === 0 || s.length > MAX_LEN || s !== text) return null
  const m = NUMBER.exec(s)
  if (!m) return null
  const [, sign, intPart = '', fracPart, suffix = ''] = m
  if (intPart === '' && (fracPart === undefined || fracPart === '')) return null
  const frac = fracPart ?? ''
  let num = BigInt((intPart || '0') + frac) * (sign === '-' ? -1n : 1n)
  let den = 10n ** BigInt(frac.length)
  let format: QuantityFormat
  if (suffix in BINARY) {
    num *= 2n ** BigInt(BINARY[suffix] as number)
    format = 'BinarySI'
  } else if (Object.prototype.hasOwnProperty.call(DECIMAL, suffix)) {
    const e = DECIMAL[suffix] as number
    if (e >= 0) num *= 10n ** BigInt(e)
    else den *= 10n ** BigInt(-e)
    format = 'DecimalSI'
  } else if (/^[eE][+-]?\d+$/.test(suffix)) {
    const e = Number(suffix.slice(1))
    if (Math.abs(e) > MAX_EXP) return null
    if (e >= 0) num *= 10n ** BigInt(e)
    else den *= 10n ** BigInt(-e)
    format = 'DecimalExponent'
  } else {
    return null
  }
  return normalize(num, den, format)
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a
  while (b !== 0n) [a, b] = [b, a % b]
  return a
}

export function normalize(num: bigint, den: bigint, format: QuantityFormat): Quantity {
  if (den < 0n) [num, den] = [-num, -den]
  const g = gcd(num, den) || 1n
  return { num: num / g, den: den / g, format }
}

/** -1, 0 or 1, exactly. */
export function compareQuantity(a: Quantity, b: Quantity): -1 | 0 | 1 {
  const l = a.num * b.den
  const r = b.num * a.den
  return l < r ? -1 : l > r ? 1 : 0
}

export function quantityToNumber(q: Quantity): number {
  return Number(q.num) / Number(q.den)
}

/**
 * Canonical text as Kubernetes' `Quantity.String()` prints it: the largest suffix of the value's
 * format that keeps the mantissa an integer (binary falls back to decimal for fractions).
 */
export function formatQuantity(q: Quantity): string {
  if (q.num === 0n) return '0'
  if (q.format === 'BinarySI' && q.den === 1n) {
    const neg = q.num < 0n
    let n = neg ? -q.num : q.num
    let i = 0
    const units = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei']
    while (i < units.length - 1 && n % 1024n === 0n) {
      n /= 1024n
      i++
    }
    return `${neg ? '-' : ''}${n}${units[i]}`
  }
  // Decimal: find the exponent (multiple of 3) that makes the mantissa an integer, rounding up to
  // nano precision as Kubernetes does.
  let num = q.num
  let den = q.den
  let exp = 0
  while (den !== 1n && exp > -9) {
    num *= 1000n
    exp -= 3
    const g = gcd(num, den)
    num /= g
    den /= g
  }
  if (den !== 1n) num = num > 0n ? num / den + 1n : num / den
  while (num !== 0n && num % 1000n === 0n && exp < 18) {
    num /= 1000n
    exp += 3
  }
  if (q.format === 'DecimalExponent') return exp === 0 ? `${num}` : `${num}e${exp}`
  const suffix = Object.entries(DECIMAL).find(([, e]) => e === exp)?.[0] ?? ''
  return `${num}${suffix}`
}
