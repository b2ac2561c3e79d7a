/**
 * The error every step of the pattern walk returns: where it happened, what it says, and a typed
 * kind that decides propagation. Kyverno partly classifies by searching the message text; the kind
 * replaces that, so a resource value that happens to contain "conditional anchor mismatch" is
 * still a plain failure here.
 */

/**
 * - `skip`: a conditional or global anchor did not hold (or wraps one that did not): the rule does not apply.
 * - `negation`: an `X()` key was present: always a failure with a path.
 * - `fail`: everything else.
 */
export type PatternErrorKind = 'skip' | 'negation' | 'fail'

/** Kyverno's `validate.PatternError`, with `Skip` widened to a kind. An empty `path` means "execution error". */
export interface PatternError {
  readonly path: string
  readonly kind: PatternErrorKind
  readonly message: string
}

/** A plain failure. */
export function patternFailure(path: string, message: string): PatternError {
  return { path, kind: 'fail', message }
}

/** `(k)` did not hold; `inner` is the wrapped error text. */
export function conditionalMismatch(path: string, inner: string): PatternError {
  return { path, kind: 'skip', message: `conditional anchor mismatch: ${inner}` }
}

/** `(k)` names a key the resource does not have. */
export function conditionalKeyMissing(path: string): PatternError {
  return conditionalMismatch(path, "conditional anchor key doesn't exist in the resource")
}

/** `<(k)` did not hold; `inner` is the wrapped error text. */
export function globalMismatch(path: string, inner: string): PatternError {
  return { path, kind: 'skip', message: `global anchor mismatch: ${inner}` }
}

/** `X(k)` found its key; `path` already ends with `k/`. */
export function negationMatched(path: string): PatternError {
  return { path, kind: 'negation', message: `negation anchor matched in resource: ${path} is not allowed` }
}

/** Several skips become one, texts joined with `"; "` as Go's multierr prints them. */
export function combineSkips(path: string, skips: readonly PatternError[]): PatternError {
  return { path, kind: 'skip', message: skips.map((e) => e.message).join('; ') }
}

/** True when the error means "the rule does not apply". */
export const isSkipError = (e: PatternError): boolean => e.kind === 'skip'
/** True when the error comes from a negation anchor. */
export const isNegationError = (e: PatternError): boolean => e.kind === 'negation'
