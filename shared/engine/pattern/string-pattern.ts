/**
 * String patterns (Kyverno's `validateStringPatterns`): `|` alternatives of `&` conjunctions of
 * operator sub-patterns, each compared as a duration, else a quantity, else a glob.
 */
import { parseDuration } from '../../lib/duration.ts'
import { compareQuantity, parseQuantity } from '../../lib/quantity.ts'
import { wildcardMatch } from '../../lib/wildcard.ts'
import type { NumberMode } from '../../lib/gofmt.ts'
import { comparableText, numberText } from './numbers.ts'
import { getOperator, rangeEndpoints, type Operator } from './operator.ts'
import { trimGoSpace, trimSpaces } from './text.ts'

type Comparison = '' | '>=' | '<=' | '>' | '<' | '!'

/**
 * True when `value` (a resource value decoded per `mode`) satisfies the string pattern.
 * A string equal to the whole pattern always matches: it is the only way to match a literal `|`.
 */
export function matchStringPattern(value: unknown, pattern: string, mode: NumberMode): boolean {
  if (typeof value === 'string' && value === pattern) return true
  return pattern
    .split('|')
    .some((alt) => trimSpaces(alt).split('&').every((part) => matchSubPattern(value, trimSpaces(part), mode)))
}

function matchSubPattern(value: unknown, sub: string, mode: NumberMode): boolean {
  const op: Operator = getOperator(sub)
  if (op === '-' || op === '!-') {
    const ends = rangeEndpoints(sub, op)
    if (!ends) return false
    const [low, high] = ends
    return op === '-'
      ? compareScalar(value, low, '>=', mode) && compareScalar(value, high, '<=', mode)
      : compareScalar(value, low, '<', mode) || compareScalar(value, high, '>', mode)
  }
  return compareScalar(value, trimGoSpace(sub.slice(op.length)), op, mode)
}

/** Kyverno's `validateString`: the first comparison that can read both sides decides. */
function compareScalar(value: unknown, pattern: string, op: Comparison, mode: NumberMode): boolean {
  const byDuration = compareDurations(value, pattern, op, mode)
  if (byDuration !== undefined) return byDuration
  const byQuantity = compareQuantities(value, pattern, op, mode)
  if (byQuantity !== undefined) return byQuantity
  return compareText(value, pattern, op, mode)
}

function holds(cmp: number, op: Comparison): boolean {
  switch (op) {
    case '':
      return cmp === 0
    case '!':
      return cmp !== 0
    case '>':
      return cmp > 0
    case '<':
      return cmp < 0
    case '>=':
      return cmp >= 0
    case '<=':
      return cmp <= 0
  }
}

function compareDurations(value: unknown, pattern: string, op: Comparison, mode: NumberMode): boolean | undefined {
  const want = parseDuration(pattern)
  if (want === null) return undefined
  const text = numberText(value, mode)
  const got = text === null ? null : parseDuration(text)
  if (got === null) return undefined
  return holds(got < want ? -1 : got > want ? 1 : 0, op)
}

function compareQuantities(value: unknown, pattern: string, op: Comparison, mode: NumberMode): boolean | undefined {
  const want = parseQuantity(pattern)
  if (want === null) return undefined
  const text = numberText(value, mode)
  const got = text === null ? null : parseQuantity(text)
  if (got === null) return undefined
  return holds(compareQuantity(got, want), op)
}

/** Only `=` and `!` apply to text; values without a text form never match, even under `!`. */
function compareText(value: unknown, pattern: string, op: Comparison, mode: NumberMode): boolean {
  if (op !== '' && op !== '!') return false
  const text = comparableText(value, mode)
  if (text === null) return false
  const matched = wildcardMatch(pattern, text)
  return op === '!' ? !matched : matched
}
