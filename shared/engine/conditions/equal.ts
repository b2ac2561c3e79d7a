/**
 * `Equals`/`Equal` and `NotEquals`/`NotEqual` (Kyverno `operator/equal.go`, `notequal.go`).
 * Dispatch is on the **key's** Go type only, which makes the operator asymmetric:
 * `3 Equals "3"` is true (the string is parsed) while `"3" Equals 3` is false.
 */
import { Int64, deepEqual, isObject } from '../../lib/json.ts'
import { compareQuantity } from '../../lib/quantity.ts'
import { wildcardMatch } from '../../lib/wildcard.ts'
import { parseGoFloat, parseGoInt } from './strconv.ts'
import { classify, durationPair } from './values.ts'
import { durationOf, quantityOf } from '../text/parsed.ts'

// int64 key: numbers must be whole, strings go through ParseInt.
function intEquals(key: number, value: unknown): boolean {
  if (value instanceof Int64) return value.value === key
  if (typeof value === 'number') return Number.isInteger(value) && value === key
  if (typeof value === 'string') {
    const n = parseGoInt(value)
    return n !== null && n === BigInt(key)
  }
  return false
}

// float64 key: an int64 value only matches a whole key, strings go through ParseFloat.
function floatEquals(key: number, value: unknown): boolean {
  if (value instanceof Int64) return Number.isInteger(key) && key === value.value
  if (typeof value === 'number') return value === key
  if (typeof value === 'string') return parseGoFloat(value) === key
  return false
}

// string key: duration first (the only cross-type comparison), then quantity, then wildcard.
function stringEquals(key: string, value: unknown): boolean {
  const seconds = durationPair(key, value)
  if (seconds) return seconds[0] === seconds[1]
  const keyQuantity = quantityOf(key)
  if (keyQuantity && typeof value === 'string') {
    // A quantity key never falls back to wildcards: "10" Equals "1*" is false.
    const valueQuantity = quantityOf(value)
    return valueQuantity !== null && compareQuantity(keyQuantity, valueQuantity) === 0
  }
  return typeof value === 'string' && wildcardMatch(value, key)
}

/**
 * Kyverno `Equals`. bool: same bool; number: numeric (int/float equal when whole, strings parsed);
 * string: duration → quantity → wildcard (`value` is the pattern); map/array: deep equality
 * (int64 ≠ float64); null key: false.
 * @example equals(3, '3') // true
 * @example equals('3', 3) // false
 * @example equals('1m', 60) // true (durations; a number is seconds)
 * @example equals('nginx:1.2', 'nginx:*') // true
 */
export function equals(key: unknown, value: unknown): boolean {
  const k = classify(key)
  switch (k.kind) {
    case 'bool':
      return typeof value === 'boolean' && value === k.value
    case 'int':
      return intEquals(k.value, value)
    case 'float':
      return floatEquals(k.value, value)
    case 'string':
      return stringEquals(k.value, value)
    case 'map':
      return isObject(value) && deepEqual(k.value, value)
    case 'slice':
      return Array.isArray(value) && deepEqual(k.value, value)
    case 'nil':
    case 'other':
      return false
  }
}

/**
 * Kyverno `NotEquals`: the negation of {@link equals} for every supported key type, so mismatched
 * types give true (`"hello" NotEquals 123`, a quantity key against `""` or a non-quantity string).
 * A null key is unsupported and gives false, as in Go.
 */
export function notEquals(key: unknown, value: unknown): boolean {
  const kind = classify(key).kind
  if (kind === 'nil' || kind === 'other') return false
  return !equals(key, value)
}
