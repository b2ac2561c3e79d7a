/**
 * Range strings for the In-family (`"1-10"`, `"100Mi-1Gi"`, `"1h-2h"`, `"-5--1"`). Kyverno detects
 * them with its pattern operator regex and checks them with the pattern engine, so an element is
 * in range when it is `>= low` and `<= high`, compared as Go durations, else as Kubernetes
 * quantities; text that is neither is never in (nor out of) range.
 */
import { compareQuantity } from '../../lib/quantity.ts'
import { durationOf, quantityOf } from '../text/parsed.ts'

export interface TextRange {
  readonly text: string
  readonly low: string
  readonly high: string
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9'

// One endpoint: [sign] digits [. digits] then any run of non-'-' characters (the unit). Returns
// the index just past it, or -1. A linear scan instead of a regex over user text.
function endpoint(s: string, i: number): number {
  if (s[i] === '-' || s[i] === '+') i++
  if (!isDigit(s[i])) return -1
  while (isDigit(s[i])) i++
  if (s[i] === '.' && isDigit(s[i + 1])) {
    i++
    while (isDigit(s[i])) i++
  }
  while (i < s.length && s[i] !== '-') i++
  return i
}

/** Parses `low-high`; `null` when the text is not range syntax. */
export function parseRange(s: string): TextRange | null {
  const mid = endpoint(s, 0)
  if (mid < 0 || s[mid] !== '-') return null
  if (endpoint(s, mid + 1) !== s.length) return null
  return { text: s, low: s.slice(0, mid), high: s.slice(mid + 1) }
}

// -1/0/1, or null when the two texts are not both durations nor both quantities.
function order(a: string, b: string): -1 | 0 | 1 | null {
  const da = durationOf(a)
  const db = durationOf(b)
  if (da !== null && db !== null) return da === db ? 0 : da > db ? 1 : -1
  const qa = quantityOf(a)
  const qb = quantityOf(b)
  if (qa && qb) return compareQuantity(qa, qb)
  return null
}

/** `low <= text <= high` (the pattern engine's `A-B`). Text equal to the whole range string matches too. */
export function inRange(text: string, r: TextRange): boolean {
  if (text === r.text) return true
  const lo = order(text, r.low)
  const hi = order(text, r.high)
  return lo !== null && hi !== null && lo >= 0 && hi <= 0
}

/** `text < low || text > high` (the pattern engine's `A!-B`); false when not comparable. */
export function notInRange(text: string, r: TextRange): boolean {
  return order(text, r.low) === -1 || order(text, r.high) === 1
}
