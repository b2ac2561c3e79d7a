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
  if (Object.prototype.hasOwnProperty.call(BINARY, suffix)) {
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

// ---------------------------------------------------------------------------------------------
// Kubernetes' own view of a parsed quantity, for arithmetic that must round exactly as
// `k8s.io/apimachinery/pkg/api/resource` does (Kyverno's `add`, `divide`, … functions).

/** An `inf.Dec`: value = unscaled × 10^-scale. */
export interface QuantityDecimal {
  readonly unscaled: bigint
  readonly scale: number
}

const K8S_BINARY_MAX = 2n ** 63n - 1n

/**
 * Parses like `resource.ParseQuantity`, keeping what its representation implies: the decimal scale
 * of the literal on the int64 fast path, rounding up to nano precision (scale 9) otherwise, the
 * BinarySI cap, and BinarySI values below 1 switching to DecimalSI.
 * @example parseK8sQuantity('1.5')?.decimal // { unscaled: 15n, scale: 1 }
 */
export function parseK8sQuantity(text: string): { quantity: Quantity; decimal: QuantityDecimal } | null {
  const q = parseQuantity(text)
  if (q === null) return null
  if (text === '0') return { quantity: q, decimal: { unscaled: 0n, scale: 0 } }
  const m = NUMBER.exec(text) as RegExpExecArray
  const [, sign, intRaw = '', fracRaw, suffix = ''] = m
  const num = intRaw.replace(/^0+/, '')
  const denom = fracRaw ?? ''
  const neg = sign === '-'
  let format = q.format
  let base10 = true
  let exponent: number
  if (Object.prototype.hasOwnProperty.call(BINARY, suffix)) {
    base10 = false
    exponent = BINARY[suffix] as number
  } else if (Object.prototype.hasOwnProperty.call(DECIMAL, suffix)) exponent = DECIMAL[suffix] as number
  else exponent = Number(suffix.slice(1))

  // The int64 fast path keeps the literal's scale.
  let precision: number
  if (base10) precision = 18 - (num.length + denom.length)
  else precision = denom.length === 0 ? 15 - num.length - Math.trunc((exponent * 3) / 10) - 1 : -1
  const scale = (base10 ? exponent : 0) - denom.length
  if (precision >= 0 && scale >= -9) {
    const value = BigInt((num + denom) || '0') * (base10 ? 1n : 2n ** BigInt(exponent))
    if (value <= K8S_BINARY_MAX) return { quantity: q, decimal: { unscaled: neg ? -value : value, scale: 0 - scale || 0 } }
  }

  // Slow path: an inf.Dec rounded up (away from zero) to nano precision.
  let unscaled = BigInt((num + denom) || '0')
  let decScale = denom.length - (base10 ? exponent : 0)
  if (!base10) unscaled *= 2n ** BigInt(exponent)
  if (unscaled !== 0n) {
    if (decScale < 9) {
      unscaled *= 10n ** BigInt(9 - decScale)
    } else if (decScale > 9) {
      const div = 10n ** BigInt(decScale - 9)
      unscaled = unscaled / div + (unscaled % div === 0n ? 0n : 1n)
    }
    decScale = 9
  }
  if (format === 'BinarySI' && unscaled > K8S_BINARY_MAX * 10n ** 9n) unscaled = K8S_BINARY_MAX * 10n ** 9n
  if (format === 'BinarySI' && unscaled > 0n && unscaled < 10n ** BigInt(decScale)) format = 'DecimalSI'
  const decimal = { unscaled: neg ? -unscaled : unscaled, scale: decScale }
  return { quantity: quantityFromDecimal(decimal, format), decimal }
}

/** The exact rational of a decimal, as a Quantity in the given format. */
export function quantityFromDecimal(d: QuantityDecimal, format: QuantityFormat): Quantity {
  return d.scale >= 0
    ? normalize(d.unscaled, 10n ** BigInt(d.scale), format)
    : normalize(d.unscaled * 10n ** BigInt(-d.scale), 1n, format)
}

/** `Quantity.AsApproximateFloat64`: the unscaled value as a float times `math.Pow10(-scale)`. */
export function approximateFloat(d: QuantityDecimal): number {
  const base = Number(d.unscaled)
  return d.scale === 0 ? base : base * Number(`1e${-d.scale}`)
}

/** `Quantity.Add`: exact; the result keeps the first operand's format unless that operand is zero. */
export function addQuantities(a: Quantity, b: Quantity): Quantity {
  return normalize(a.num * b.den + b.num * a.den, a.den * b.den, a.num === 0n ? b.format : a.format)
}

/** `Quantity.Sub`, with the same format rule as {@link addQuantities}. */
export function subtractQuantities(a: Quantity, b: Quantity): Quantity {
  return normalize(a.num * b.den - b.num * a.den, a.den * b.den, a.num === 0n ? b.format : a.format)
}

/** Exact product, in the first operand's format (`NewDecimalQuantity(a×b, a.Format)`). */
export function multiplyQuantities(a: Quantity, b: Quantity): Quantity {
  return normalize(a.num * b.num, a.den * b.den, a.format)
}

/**
 * `inf.Dec.QuoRound(a, b, scale, RoundDown)`: the quotient truncated toward zero at `scale` decimal
 * places, in `a`'s format. `b` must not be zero.
 */
export function divideQuantitiesTruncated(a: Quantity, b: Quantity, scale: number): Quantity {
  let n = a.num * b.den
  let d = a.den * b.num
  if (scale >= 0) n *= 10n ** BigInt(scale)
  else d *= 10n ** BigInt(-scale)
  return quantityFromDecimal({ unscaled: n / d, scale }, a.format)
}

/**
 * `Quantity.String()` as Kubernetes renders it: like {@link formatQuantity}, except that BinarySI
 * values strictly between -1024 and 1024, or not whole, print as DecimalSI (`1Ki - 24` → `1k`).
 */
export function formatQuantityCanonical(q: Quantity): string {
  const whole = q.den === 1n
  const small = q.num > -1024n * q.den && q.num < 1024n * q.den
  if (q.format === 'BinarySI' && (small || !whole)) return formatQuantity({ ...q, format: 'DecimalSI' })
  return formatQuantity(q)
}
