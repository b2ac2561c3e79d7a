/**
 * The anchor checks Kyverno applies when a policy is admitted (`pkg/policy/common.ValidatePattern`):
 * validate patterns accept only `()`, `=()`, `X()`, `^()` and `<()`, and `^()` needs a non-empty list.
 */
import { isObject, type JsonValue } from '../../lib/json.ts'
import { isExistence, isValidateAnchor, parseAnchor } from '../anchor/index.ts'
import { MAX_PATTERN_DEPTH } from './bounds.ts'

/** Where a pattern breaks the anchor rules, and why. `path` is `/`-separated from the pattern root. */
export interface PatternCheckIssue {
  path: string
  message: string
}

/**
 * Returns the first anchor problem of a validate pattern, or `null` when it is acceptable.
 *
 * @example checkPatternAnchors({ metadata: { labels: { '+(app)': 'x' } } })
 * // → { path: '/metadata/labels/+(app)', message: 'unsupported anchor +(app)' }
 */
export function checkPatternAnchors(pattern: JsonValue): PatternCheckIssue | null {
  return check(pattern, '', 0)
}

function check(value: JsonValue, path: string, depth: number): PatternCheckIssue | null {
  if (!Array.isArray(value) && !isObject(value)) return null
  if (depth >= MAX_PATTERN_DEPTH) return { path, message: `pattern is nested deeper than ${MAX_PATTERN_DEPTH} levels` }
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const issue = check(v, `${path}/${i}`, depth + 1)
      if (issue) return issue
    }
    return null
  }
  for (const key of Object.keys(value)) {
    const child = value[key] as JsonValue
    const at = `${path}/${key}`
    const a = parseAnchor(key)
    if (a.type !== 'none' && !isValidateAnchor(a)) return { path: at, message: `unsupported anchor ${key}` }
    if (isExistence(a)) {
      if (!Array.isArray(child)) return { path: at, message: 'existence anchor should have value of type list' }
      if (child.length === 0) return { path: at, message: 'existence anchor: should have atleast one value' }
    }
    const issue = check(child, at, depth + 1)
    if (issue) return issue
  }
  return null
}
