/**
 * The one error type of the JMESPath module. Messages are the texts Kyverno and its go-jmespath
 * fork print, because policy authors match on them (and Kyverno itself looks for `Unknown key`).
 */

/** What went wrong, for callers that must branch without parsing message text. */
export type JmesErrorKind =
  | 'syntax'
  | 'notFound'
  | 'type'
  | 'arity'
  | 'unknownFunction'
  | 'unsupported'
  | 'limit'
  | 'function'

/**
 * A failed compile or search. Returned inside a `Result`, never thrown to callers; internally it is
 * thrown (without a stack, so failing fast stays cheap) and caught at the API boundary.
 */
export class JmesError {
  constructor(
    readonly kind: JmesErrorKind,
    readonly message: string,
  ) {}

  toString(): string {
    return this.message
  }
}

/** go-jmespath's `SyntaxError.Error()` prefix. */
export const syntaxError = (msg: string): JmesError => new JmesError('syntax', `SyntaxError: ${msg}`)

/** The Kyverno fork's `NotFoundError` for a map key that does not exist. */
export const notFound = (key: string): JmesError => new JmesError('notFound', `Unknown key "${key}" in path`)

/** Kyverno's `formatError(genericError, fn, msg)`: `JMESPath function 'fn': msg`. */
export const fnError = (fn: string, msg: string): JmesError => new JmesError('function', `JMESPath function '${fn}': ${msg}`)

export const unsupported = (fn: string, why?: string): JmesError =>
  new JmesError('unsupported', `function ${fn} is not supported by Verdict${why ? `: ${why}` : ''}`)

export const limitError = (what: string): JmesError => new JmesError('limit', `JMESPath evaluation limit exceeded: ${what}`)
