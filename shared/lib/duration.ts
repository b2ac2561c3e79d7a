/**
 * Go `time.Duration` text: parsing (`1h30m`, `1.5s`, `-2m`, `0`) and Go's `String()` rendering.
 * Values are exact integer nanoseconds (bigint), as in Go.
 */
const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5
  'μs': 1_000n, // U+03BC
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
}
const MAX_NS = 2n ** 63n - 1n
const PART = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/

/** Parses a Go duration; `null` when invalid. A unitless number is invalid except `"0"`. */
export function parseDuration(text: string): bigint | null {
  let s = text
  if (s.length === 0 || s.length > 128) return null
  let neg = false
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-'
    s = s.slice(1)
  }
  if (s === '0') return 0n
  if (s === '') return null
  let total = 0n
  while (s.length > 0) {
    const m = PART.exec(s)
    if (!m) return null
    const [all, int = '', frac = '', unit = ''] = m
    if (int === '' && frac === '') return null
    const scale = UNITS[unit] as bigint
    let ns = BigInt(int || '0') * scale
    if (frac !== '') ns += (BigInt(frac) * scale) / 10n ** BigInt(frac.length)
    total += ns
    if (total > MAX_NS) return null
    s = s.slice(all.length)
  }
  return neg ? -total : total
}

export function isDuration(text: string): boolean {
  return parseDuration(text) !== null
}

function fmtFrac(v: bigint, digits: number): string {
  // v is the value in units of 10^-digits; render "int[.frac]" with trailing zeros trimmed
  const base = 10n ** BigInt(digits)
  const int = v / base
  let frac = (v % base).toString().padStart(digits, '0').replace(/0+$/, '')
  return frac ? `${int}.${frac}` : `${int}`
}

/** Go's `Duration.String()`: `1h30m0s`, `1.5s`, `2ms`, `0s`. */
export function formatDuration(ns: bigint): string {
  if (ns === 0n) return '0s'
  const neg = ns < 0n
  let u = neg ? -ns : ns
  let out: string
  if (u < 1_000_000_000n) {
    if (u < 1_000n) out = `${u}ns`
    else if (u < 1_000_000n) out = `${fmtFrac(u, 3)}µs`
    else out = `${fmtFrac(u, 6)}ms`
  } else {
    const h = u / 3_600_000_000_000n
    u %= 3_600_000_000_000n
    const m = u / 60_000_000_000n
    u %= 60_000_000_000n
    const s = fmtFrac(u, 9) + 's'
    out = h > 0n ? `${h}h${m}m${s}` : m > 0n ? `${m}m${s}` : s
  }
  return neg ? `-${out}` : out
}
