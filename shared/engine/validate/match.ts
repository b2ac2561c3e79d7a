/**
 * Kyverno's `validate.MatchPattern`: one walk from the root with a fresh anchor-key record, then the
 * root classification of §6.2 (skip, negation, anchor keys missing, plain failure).
 */
import type { NumberMode } from '../../lib/gofmt.ts'
import type { JsonValue } from '../../lib/json.ts'
import { patternFailure, type PatternError } from '../anchor/index.ts'
import type { NumberModes } from '../pattern/index.ts'
import { AnchorKeyRecord } from './anchor-keys.ts'
import { privateCopy, resourceDepthError } from './bounds.ts'
import type { WalkContext } from './context.ts'
import { NestedAnchorCache } from './order.ts'
import { walkElement } from './walk.ts'

/** Options of {@link matchPattern}. */
export interface MatchOptions {
  /** `int`: whole resource numbers are int64 (admission); `float`: all float64 (`kyverno test` files). */
  resourceNumbers: NumberMode
  /** `int` for `pattern` (the default); `float` for an `anyPattern` alternative, which went through plain JSON. */
  patternNumbers?: NumberMode
}

/**
 * Matches a resource against a pattern. `null` means it matches; otherwise the error says whether
 * the rule skips (`kind: 'skip'`), fails (a non-empty `path`) or errors (an empty `path`).
 * The caller's pattern is never modified.
 *
 * @example matchPattern({ spec: {} }, { spec: { hostNetwork: false } }, { resourceNumbers: 'int' })
 * // → { kind: 'fail', path: '/spec/hostNetwork/', message: "resource value '<nil>' does not match 'false' at path /spec/hostNetwork/" }
 */
export function matchPattern(resource: JsonValue, pattern: JsonValue, opts: MatchOptions): PatternError | null {
  const copied = privateCopy(pattern)
  if (!copied.ok) return patternFailure('', copied.error)
  const tooDeep = resourceDepthError(resource)
  if (tooDeep) return patternFailure('', tooDeep)
  return matchPrivate(resource, copied.value, { resource: opts.resourceNumbers, pattern: opts.patternNumbers ?? 'int' })
}

/** {@link matchPattern} on a pattern the caller already copied and a resource already bounded. */
export function matchPrivate(resource: JsonValue, pattern: JsonValue, modes: NumberModes): PatternError | null {
  const anchorKeys = new AnchorKeyRecord()
  const ctx: WalkContext = {
    modes,
    anchorKeys,
    nestedAnchors: new NestedAnchorCache(),
    walk: (r, p, path) => walkElement(r, p, path, ctx),
  }
  const err = ctx.walk(resource, pattern, '/')
  if (!err) return null
  if (err.kind === 'skip') return { ...err, path: '' }
  if (err.kind === 'negation') return err
  if (anchorKeys.keysMissing()) return { ...err, path: '' }
  return err
}
