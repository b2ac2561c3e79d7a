/**
 * String patterns (Kyverno's `validateStringPatterns`): `|` alternatives of `&` conjunctions of
 * operator sub-patterns, each compared as a duration, else a quantity, else a glob.
 */
import { compareQuantity, type Quantity } from '../../lib/quantity.ts'
import { wildcardMatch } from '../../lib/wildcard.ts'
import type { NumberMode } from '../../lib/gofmt.ts'
import { Int64 } from '../../lib/json.ts'
import { comparableText, goNumber, numberText } from './numbers.ts'
import { getOperator, rangeEndpoints, type Operator } from './operator.ts'
import { trimGoSpace, trimSpaces } from './text.ts'
import { durationOf, quantityOf } from '../text/parsed.ts'
import { boundedMemo } from '../../lib/memo.ts'

type Comparison = '' | '>=' | '<=' | '>' | '<' | '!'

/** One side of a comparison, with the pattern's own parses done once. */
interface Operand {
  readonly text: string
  readonly duration: bigint | null
  readonly quantity: Quantity | null
}

/** A sub-pattern: a comparison, a range, or a malformed range (never matches). */
type SubPattern =
  | { readonly kind: 'compare'; readonly op: Comparison; readonly operand: Operand }
  | { readonly kind: 'range'; readonly inside: boolean; readonly low: Operand; readonly high: Operand }
  | { readonly kind: 'never' }

/** `|` alternatives of `&` conjunctions. */
type CompiledPattern = readonly (readonly SubPattern[])[]

function operand(text: string): Operand {
  return { text, duration: durationOf(text), quantity: quantityOf(text) }
}

function compileSubPattern(sub: string): SubPattern {
  const op: Operator = getOperator(sub)
  if (op === '-' || op === '!-') {
    const ends = rangeEndpoints(sub, op)
    if (!ends) return { kind: 'never' }
    return { kind: 'range', inside: op === '-', low: operand(ends[0]), high: operand(ends[1]) }
  }
  return { kind: 'compare', op, operand: operand(trimGoSpace(sub.slice(op.length))) }
}

function compilePattern(pattern: string): CompiledPattern {
  return pattern.split('|').map((alt) => trimSpaces(alt).split('&').map((part) => compileSubPattern(trimSpaces(part))))
}

/** Patterns come from policies (and from substituted request data), so the cache is bounded. */
const MAX_COMPILED = 4096
const compiledPattern = boundedMemo(compilePattern, MAX_COMPILED)

/**
 * True when `value` (a resource value decoded per `mode`) satisfies the string pattern.
 * A string equal to the whole pattern always matches: it is the only way to match a literal `|`.
 */
export function matchStringPattern(value: unknown, pattern: string, mode: NumberMode): boolean {
  if (typeof value === 'string' && value === pattern) return true
  for (const alt of compiledPattern(pattern)) {
    let all = true
    for (const sub of alt) {
      if (!matchSubPattern(value, sub, mode)) {
        all = false
        break
      }
    }
    if (all) return true
  }
  return false
}

function matchSubPattern(value: unknown, sub: SubPattern, mode: NumberMode): boolean {
  switch (sub.kind) {
    case 'never':
      return false
    case 'range':
      return sub.inside
        ? compareScalar(value, sub.low, '>=', mode) && compareScalar(value, sub.high, '<=', mode)
        : compareScalar(value, sub.low, '<', mode) || compareScalar(value, sub.high, '>', mode)
    case 'compare':
      return compareScalar(value, sub.operand, sub.op, mode)
  }
}

/** Kyverno's `validateString`: the first comparison that can read both sides decides. */
function compareScalar(value: unknown, pattern: Operand, op: Comparison, mode: NumberMode): boolean {
  const byDuration = compareDurations(value, pattern, op, mode)
  if (byDuration !== undefined) return byDuration
  const byQuantity = compareQuantities(value, pattern, op, mode)
  if (byQuantity !== undefined) return byQuantity
  return compareText(value, pattern.text, op, mode)
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

/** The value as a Go int64 (its text is then its decimal digits), or `null`. */
function intValue(value: unknown, mode: NumberMode): number | null {
  if (typeof value !== 'number' && !(value instanceof Int64)) return null
  const n = goNumber(value, mode)
  return n && n.kind === 'int' && Number.isInteger(n.value) ? n.value : null
}

function compareDurations(value: unknown, pattern: Operand, op: Comparison, mode: NumberMode): boolean | undefined {
  const want = pattern.duration
  if (want === null) return undefined
  // An integer's text is a Go duration only when it is "0".
  const int = intValue(value, mode)
  const text = int !== null ? null : numberText(value, mode)
  const got = int !== null ? (int === 0 ? 0n : null) : text === null ? null : durationOf(text)
  if (got === null) return undefined
  return holds(got < want ? -1 : got > want ? 1 : 0, op)
}

function compareQuantities(value: unknown, pattern: Operand, op: Comparison, mode: NumberMode): boolean | undefined {
  const want = pattern.quantity
  if (want === null) return undefined
  // An integer's text always parses as the quantity int/1; comparing it directly skips the parse.
  const int = intValue(value, mode)
  if (int !== null) {
    const l = BigInt(int) * want.den
    return holds(l < want.num ? -1 : l > want.num ? 1 : 0, op)
  }
  const text = numberText(value, mode)
  const got = text === null ? null : quantityOf(text)
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
