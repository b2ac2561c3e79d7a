/**
 * `AnyIn`, `AllIn`, `AnyNotIn`, `AllNotIn` (Kyverno `operator/anyin.go`, `allin.go`, `anynotin.go`,
 * `allnotin.go`). Keys and values are compared as Go `fmt.Sprint` text with wildcards applied in
 * **both** directions, so `"kube-*" AnyIn ["kube-system"]` holds as well as the reverse.
 */
import { wildcardMatch } from '../../lib/wildcard.ts'
import { inRange, notInRange, parseRange } from './range.ts'
import { classify, goSprint } from './values.ts'

export type InOperator = 'AnyIn' | 'AllIn' | 'AnyNotIn' | 'AllNotIn'

/** Sentinel for "value of a type the operator does not handle": every variant then yields false. */
export const INVALID = Symbol('invalid')

/**
 * A JSON-array-of-strings value (`'["a","b"]'`), decoded as Go's `json.Unmarshal` into `[]string`
 * does: `null` → empty list, `null` elements → `""`. `undefined` when the text is not JSON at all;
 * {@link INVALID} when it is JSON of another shape.
 */
export function jsonStringList(text: string): string[] | typeof INVALID | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return undefined
  }
  if (parsed === null) return []
  if (!Array.isArray(parsed)) return INVALID
  const out: string[] = []
  for (const e of parsed) {
    if (typeof e === 'string') out.push(e)
    else if (e === null) out.push('')
    else return INVALID
  }
  return out
}

/** Either string matches the other as a wildcard pattern. */
export const bothWays = (a: string, b: string): boolean => wildcardMatch(a, b) || wildcardMatch(b, a)

// Scalar key (already stringified) against the value; shared by all four operators.
function scalarIn(key: string, value: unknown): boolean | typeof INVALID {
  if (Array.isArray(value)) return value.some((e) => bothWays(goSprint(e), key))
  if (typeof value !== 'string') return INVALID
  if (wildcardMatch(value, key)) return true
  const range = parseRange(value)
  if (range) return inRange(key, range)
  const list = jsonStringList(value)
  if (list === INVALID) return INVALID
  return (list ?? [value]).includes(key)
}

const isPositive = (op: InOperator): boolean => op === 'AnyIn' || op === 'AllIn'

// Applies the operator's quantifiers: "some/every key element does/doesn't match".
function quantify(op: InOperator, keys: readonly string[], matches: (k: string) => boolean, misses: (k: string) => boolean): boolean {
  switch (op) {
    case 'AnyIn':
      return keys.some(matches)
    case 'AllIn':
      return keys.every(matches)
    case 'AnyNotIn':
      return keys.some(misses)
    case 'AllNotIn':
      return keys.every(misses)
  }
}

// Array key (elements stringified) against the value.
function setIn(op: InOperator, keys: readonly string[], value: unknown): boolean {
  let values: readonly string[]
  const v = classify(value)
  if (v.kind === 'slice') {
    values = v.value.map(goSprint)
  } else if (v.kind === 'string') {
    if (keys.length === 1 && keys[0] === v.value) return isPositive(op)
    const range = parseRange(v.value)
    if (range) return quantify(op, keys, (k) => inRange(k, range), (k) => notInRange(k, range))
    const list = jsonStringList(v.value)
    if (list === INVALID) return false
    values = list ?? [v.value]
  } else if ((v.kind === 'float' || v.kind === 'int' || v.kind === 'bool') && (op === 'AnyIn' || op === 'AnyNotIn')) {
    // Only the Any* variants accept a scalar number/bool value, as a one-element list.
    values = [goSprint(value)]
  } else {
    return false
  }
  const matches = (k: string): boolean => values.some((e) => bothWays(k, e))
  return quantify(op, keys, matches, (k) => !matches(k))
}

/**
 * Evaluates one of the four In-family operators.
 * - Scalar key (string, number, bool; numbers in Go `%v` form): in when some value element matches
 *   it by wildcard either way; a string value is a pattern, else a range `N-M`, else a JSON string
 *   array, else a one-element list. `AnyIn`≡`AllIn` here, and the `Not` variants negate — except
 *   that a value of an unsupported type (or non-string JSON) is false for all four.
 * - Array key: `AnyIn` some element matches, `AllIn` every element matches (`[]` → true),
 *   `AnyNotIn` some element matches nothing, `AllNotIn` no element matches anything.
 * @example inOperator('AnyIn', ['a', 'b'], ['b*']) // true
 * @example inOperator('AnyIn', '5', '1-10') // true
 * @example inOperator('AllNotIn', ['x'], ['*']) // false
 */
export function inOperator(op: InOperator, key: unknown, value: unknown): boolean {
  const k = classify(key)
  switch (k.kind) {
    case 'slice':
      return setIn(op, k.value.map(goSprint), value)
    case 'string':
    case 'float':
    case 'int':
    case 'bool': {
      const found = scalarIn(goSprint(key), value)
      if (found === INVALID) return false
      return isPositive(op) ? found : !found
    }
    default:
      return false
  }
}
