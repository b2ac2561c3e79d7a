/**
 * Go `strconv.ParseFloat(s, 64)` and `strconv.ParseInt(s, 10, 64)`. Kyverno's operators parse
 * strings with these, and JavaScript's `Number()` accepts a different language (`""`, `" 1 "`,
 * `"0x10"`, `"Infinity"`), so the grammar is checked by hand — with linear scans, no regex
 * backtracking on user text.
 */

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9'
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c)

// Index just past a run of decimal digits starting at i.
function skipDigits(s: string, i: number): number {
  while (isDigit(s[i])) i++
  return i
}

// Decimal literal: digits [. digits] [e [+-] digits], at least one mantissa digit.
function isDecimal(s: string, start: number): boolean {
  let i = skipDigits(s, start)
  let mantissa = i - start
  if (s[i] === '.') {
    const j = skipDigits(s, i + 1)
    mantissa += j - i - 1
    i = j
  }
  if (mantissa === 0) return false
  if (s[i] === 'e' || s[i] === 'E') {
    i++
    if (s[i] === '+' || s[i] === '-') i++
    const j = skipDigits(s, i)
    if (j === i) return false
    i = j
  }
  return i === s.length
}

// Hex float `0x1.8p3` (Go requires the p exponent). Underscores are not accepted here.
function parseHex(s: string, start: number, negative: boolean): number | null {
  let i = start
  let digits = ''
  let fracDigits = 0
  while (isHex(s[i])) digits += s[i++]
  if (s[i] === '.') {
    i++
    while (isHex(s[i])) {
      digits += s[i++]
      fracDigits++
    }
  }
  if (digits === '' || (s[i] !== 'p' && s[i] !== 'P')) return null
  i++
  let expSign = 1
  if (s[i] === '+' || s[i] === '-') expSign = s[i++] === '-' ? -1 : 1
  const expStart = i
  i = skipDigits(s, i)
  if (i === expStart || i !== s.length) return null
  const exp = expSign * Number(s.slice(expStart, i)) - 4 * fracDigits
  const value = Number(BigInt('0x' + digits)) * 2 ** exp
  if (!Number.isFinite(value)) return null
  return negative ? -value : value
}

/**
 * `strconv.ParseFloat(s, 64)`; `null` where Go returns an error (bad syntax, or overflow to ±Inf).
 * Accepts `1`, `-1.5`, `.5`, `1.`, `1e3`, `Inf`/`+infinity`, `NaN`, hex floats `0x1p-2`.
 */
export function parseGoFloat(s: string): number | null {
  const lower = s.toLowerCase()
  if (lower === 'nan') return Number.NaN
  let i = 0
  let negative = false
  if (s[0] === '+' || s[0] === '-') {
    negative = s[0] === '-'
    i = 1
  }
  const rest = lower.slice(i)
  if (rest === 'inf' || rest === 'infinity') return negative ? -Infinity : Infinity
  if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X')) return parseHex(s, i + 2, negative)
  if (!isDecimal(s, i)) return null
  const value = Number(s)
  return Number.isFinite(value) ? value : null
}

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

/** `strconv.ParseInt(s, 10, 64)`: optional sign and decimal digits only; `null` on error or overflow. */
export function parseGoInt(s: string): bigint | null {
  const start = s[0] === '+' || s[0] === '-' ? 1 : 0
  if (s.length === start || skipDigits(s, start) !== s.length) return null
  const n = BigInt(s)
  return n < INT64_MIN || n > INT64_MAX ? null : n
}
