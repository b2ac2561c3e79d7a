/**
 * `GreaterThan`, `GreaterThanOrEquals`, `LessThan`, `LessThanOrEquals` (Kyverno
 * `operator/numeric.go`) and the deprecated `Duration*` operators (`operator/duration.go`).
 *
 * Kyverno finds the handler by lower-cased name but compares with the operator **as written**
 * against the canonical spelling, so `greaterthan` selects this handler and then is false for
 * every input. {@link comparator} reproduces that: only canonical names yield a comparison.
 */
import { Int64 } from '../../lib/json.ts'
import { compareQuantity } from '../../lib/quantity.ts'
import { compareSemver, parseSemver } from '../../lib/semver.ts'
import { parseGoFloat } from './strconv.ts'
import { classify, durationPair, secondsToDuration } from './values.ts'
import { durationOf, quantityOf } from '../text/parsed.ts'

type Compare = <T extends number | bigint>(a: T, b: T) => boolean

const ORDERINGS: Readonly<Record<string, Compare>> = {
  GreaterThan: (a, b) => a > b,
  GreaterThanOrEquals: (a, b) => a >= b,
  LessThan: (a, b) => a < b,
  LessThanOrEquals: (a, b) => a <= b,
}

/** The comparison for a canonically spelled numeric operator (plain or `Duration`-prefixed), else `null`. */
export function comparator(op: string, prefix: '' | 'Duration'): Compare | null {
  if (!op.startsWith(prefix)) return null
  const name = op.slice(prefix.length)
  return Object.hasOwn(ORDERINGS, name) ? (ORDERINGS[name] ?? null) : null
}

// numeric.go validateValueWith{Int,Float}Pattern: `rawKey` is the key as Go holds it (for durations).
function numberKey(cmp: Compare, key: number, rawKey: unknown, value: unknown): boolean {
  if (value instanceof Int64) return cmp(key, value.value)
  if (typeof value === 'number') return cmp(key, value)
  if (typeof value !== 'string') return false
  const seconds = durationPair(rawKey, value)
  if (seconds) return cmp(seconds[0], seconds[1])
  const parsed = parseGoFloat(value)
  return parsed !== null && cmp(key, parsed)
}

// numeric.go validateValueWithStringPattern: duration → quantity → float → semver, first success wins.
function stringKey(cmp: Compare, key: string, value: unknown): boolean {
  const seconds = durationPair(key, value)
  if (seconds) return cmp(seconds[0], seconds[1])
  if (typeof value === 'string') {
    const kq = quantityOf(key)
    const vq = kq && quantityOf(value)
    if (kq && vq) return cmp(compareQuantity(kq, vq), 0)
  }
  const asFloat = parseGoFloat(key)
  if (asFloat !== null) return numberKey(cmp, asFloat, asFloat, value)
  const version = parseSemver(key)
  if (version === null || typeof value !== 'string') return false
  const other = parseSemver(value)
  return other !== null && cmp(compareSemver(version, other), 0)
}

/**
 * A numeric condition operator. Number keys compare with numbers, numeric strings and durations
 * (a number is seconds); string keys try a duration pair (`"90s" > "1m"`, `"2m" > 100`), a
 * quantity pair (`"1Gi" > "500Mi"`, `"10" > "9"`), a float, then semver (`"1.10.0" > "1.9.0"`).
 * Anything else, and every non-canonical spelling of the operator, is false.
 * @example numericOperator('GreaterThan', '1Gi', '500Mi') // true
 * @example numericOperator('GreaterThan', 5, '1Gi') // false
 * @example numericOperator('greaterthan', 5, 1) // false
 */
export function numericOperator(op: string, key: unknown, value: unknown): boolean {
  const cmp = comparator(op, '')
  if (!cmp) return false
  const k = classify(key)
  switch (k.kind) {
    case 'int':
    case 'float':
      return numberKey(cmp, k.value, key, value)
    case 'string':
      return stringKey(cmp, k.value, value)
    default:
      return false
  }
}

// duration.go: a number is whole seconds (fraction truncated); a string must be a Go duration ("0" allowed).
function asDuration(v: unknown): bigint | null {
  return typeof v === 'string' ? durationOf(v) : secondsToDuration(v)
}

/**
 * Deprecated `DurationGreaterThan[OrEquals]` / `DurationLessThan[OrEquals]`: both sides as
 * `time.Duration` (strings parsed, numbers = seconds, `1.5` → 1s); unparsable → false.
 * @example durationOperator('DurationGreaterThan', '2h', '90m') // true
 */
export function durationOperator(op: string, key: unknown, value: unknown): boolean {
  const cmp = comparator(op, 'Duration')
  if (!cmp) return false
  const kind = classify(key).kind
  if (kind !== 'int' && kind !== 'float' && kind !== 'string') return false
  const k = asDuration(key)
  const v = asDuration(value)
  return k !== null && v !== null && cmp(k, v)
}
