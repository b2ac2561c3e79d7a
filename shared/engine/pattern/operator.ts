/**
 * Operators of one string sub-pattern (Kyverno's `operator.GetOperatorFromStringPattern`):
 * `>=`, `<=`, `>`, `<`, `!` prefixes, then `A!-B` (not in range), then `A-B` (in range).
 */

/** `''` is equality; `-` and `!-` are the range forms. */
export type Operator = '' | '>=' | '<=' | '>' | '<' | '!' | '-' | '!-'

// Kyverno's regexes verbatim. Endpoints cannot contain `-` after the sign, so matching is linear.
// The sign class `[-|+]` admits `|`, which cannot occur here because patterns are split on it first.
const NOT_IN_RANGE = /^([-|+]?\d+(?:\.\d+)?[A-Za-z]*)!-([-|+]?\d+(?:\.\d+)?[A-Za-z]*)$/
const IN_RANGE = /^([-|+]?\d+(?:\.\d+)?[A-Za-z]*)-([-|+]?\d+(?:\.\d+)?[A-Za-z]*)$/

const PREFIXES = ['>=', '<=', '>', '<', '!'] as const

/** Finds the operator of a trimmed sub-pattern. Anything shorter than two characters is a literal. */
export function getOperator(sub: string): Operator {
  if (sub.length < 2) return ''
  for (const p of PREFIXES) if (sub.startsWith(p)) return p
  if (NOT_IN_RANGE.test(sub)) return '!-'
  if (IN_RANGE.test(sub)) return '-'
  return ''
}

/** The two endpoints of a range sub-pattern, or `null` when it is not one. */
export function rangeEndpoints(sub: string, op: '-' | '!-'): readonly [string, string] | null {
  const m = (op === '-' ? IN_RANGE : NOT_IN_RANGE).exec(sub)
  if (!m || m[1] === undefined || m[2] === undefined) return null
  return [m[1], m[2]]
}
