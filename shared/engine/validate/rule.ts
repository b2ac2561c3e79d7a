/**
 * The two rule handlers of `validate.pattern` and `validate.anyPattern` (Kyverno's
 * `validatePatterns`), turning match results into outcomes and messages (§7, §8).
 */
import type { NumberMode } from '../../lib/gofmt.ts'
import type { JsonValue } from '../../lib/json.ts'
import { error, fail, pass, skip, type Outcome } from '../result.ts'
import { privateCopy, resourceDepthError, type Copy } from './bounds.ts'
import { keptCopy, matchCopy, matchPattern, numberModes } from './match.ts'
import { anyPatternErrorMessage, patternErrorMessage } from './messages.ts'

/** Options shared by both handlers. */
export interface PatternRuleOptions {
  /** Rule name, as printed in messages. */
  rule: string
  /** `validate.message` after variable substitution; empty or absent means none. */
  message?: string
  /** How the resource's numbers were decoded (see {@link MatchOptions.resourceNumbers}). */
  resourceNumbers: NumberMode
  /** The pattern is an unmodified policy fragment whose private copy may be kept (see {@link MatchOptions.keep}). */
  keep?: boolean
}

/**
 * Evaluates `validate.pattern`: pass, skip (the raw skip text), fail (a path) or error (no path).
 *
 * @example validatePattern(pod, { spec: { containers: [{ '(image)': '*:latest', imagePullPolicy: 'Always' }] } }, { rule: 'validate-latest', resourceNumbers: 'int' })
 */
export function validatePattern(resource: JsonValue, pattern: JsonValue, opts: PatternRuleOptions): Outcome {
  const err = matchPattern(resource, pattern, { resourceNumbers: opts.resourceNumbers, keep: opts.keep === true })
  if (!err) return pass(`validation rule '${opts.rule}' passed.`)
  if (err.kind === 'skip') return skip(err.message)
  const text = patternErrorMessage(opts.rule, opts.message, err.message, err.path)
  return err.path === '' ? error(text) : fail(text)
}

/** Go's `json.Unmarshal` complaint about a non-list `anyPattern`. */
function notAList(v: unknown): string {
  const kind = typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v
  return `json: cannot unmarshal ${kind} into Go value of type []interface {}`
}

/**
 * Evaluates `validate.anyPattern`: the first matching alternative passes; otherwise fail when any
 * alternative failed, else skip. Numbers in alternatives are float64, as after Kyverno's JSON round trip.
 */
export function validateAnyPattern(resource: JsonValue, anyPattern: unknown, opts: PatternRuleOptions): Outcome {
  const { rule } = opts
  // Go decodes JSON null into an empty list, which passes with the raw message.
  const list = anyPattern === null || anyPattern === undefined ? [] : anyPattern
  if (!Array.isArray(list)) return error(`failed to deserialize anyPattern, expected type array: ${notAList(list)}`)
  const alternatives: Array<Copy & { ok: true }> = []
  for (const alt of list) {
    const copied = opts.keep ? keptCopy(alt) : privateCopy(alt)
    if (!copied.ok) {
      if (copied.reason === 'json') return error(`failed to deserialize anyPattern, expected type array: ${copied.error}`)
      return error(patternErrorMessage(rule, opts.message, copied.error, ''))
    }
    alternatives.push(copied)
  }
  const tooDeep = resourceDepthError(resource)
  if (tooDeep) return error(patternErrorMessage(rule, opts.message, tooDeep, ''))

  const failed: string[] = []
  const skipped: string[] = []
  const modes = numberModes(opts.resourceNumbers, 'float')
  for (const [i, alt] of alternatives.entries()) {
    const err = matchCopy(resource, alt, modes)
    if (!err) return pass(`validation rule '${rule}' anyPattern[${i}] passed.`)
    if (err.kind === 'skip') skipped.push(`rule ${rule}[${i}] skipped: ${err.message}`)
    else if (err.path === '') failed.push(`rule ${rule}[${i}] failed: ${err.message}`)
    else failed.push(`rule ${rule}[${i}] failed at path ${err.path}`)
  }
  if (failed.length > 0) return fail(anyPatternErrorMessage(opts.message, failed))
  if (skipped.length > 0) return skip(skipped.join(' '))
  return pass(opts.message ?? '')
}
