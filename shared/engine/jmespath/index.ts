/**
 * @module jmespath — Kyverno's JMESPath dialect (the `kyverno/go-jmespath` fork plus Kyverno's
 * custom functions), as a pure, bounded interpreter: missing keys are `Unknown key` errors, `==` is
 * Go deep equality (a boxed int64 never equals a float), numbers turned into strings use float32
 * precision, and everything that would need I/O or randomness fails with a clear error.
 */
import type { JsonValue } from '../../lib/json.ts'
import { err, ok, type Result } from '../../lib/result.ts'
import type { Ast } from './ast.ts'
import { Lru } from './cache.ts'
import { JmesError, limitError } from './errors.ts'
import { Interpreter } from './interpreter.ts'
import { LIMITS } from './limits.ts'
import type { SearchOptions } from './options.ts'
import { parse } from './parser.ts'
import { inspectResult, stripExpRefs, type Value } from './values.ts'

export type { Ast, Comparator } from './ast.ts'
export { JmesError, type JmesErrorKind } from './errors.ts'
export type { SearchOptions } from './options.ts'
export { LIMITS } from './limits.ts'
export { functionNames } from './functions/registry.ts'
export { parseGoJson } from './gojson.ts'
export { goJsonMarshal } from './gomarshal.ts'
export { formatFloatF, ifaceToString } from './functions/convert.ts'
export { goCleanPath, goJoinPath } from './functions/gostrings.ts'

const cache = new Lru<Result<Ast, JmesError>>(LIMITS.astCacheSize)

function asJmesError(e: unknown): JmesError {
  if (e instanceof JmesError) return e
  // Deep recursion (only reachable through pathological data) is a bound, not a crash.
  if (e instanceof RangeError) return limitError('recursion too deep')
  return new JmesError('function', `internal error: ${e instanceof Error ? e.message : String(e)}`)
}

/**
 * Parses an expression (cached by its text). Errors are go-jmespath's texts, e.g.
 * `SyntaxError: Incomplete expression`.
 * @example compile('spec.containers[].image') // ok(Ast)
 */
export function compile(expression: string): Result<Ast, JmesError> {
  // Checked before the cache so that oversized texts are never kept in memory.
  if (expression.length > LIMITS.expressionLength) {
    return err(limitError(`expression longer than ${LIMITS.expressionLength} characters`))
  }
  const hit = cache.get(expression)
  if (hit !== undefined) return hit
  let r: Result<Ast, JmesError>
  try {
    r = ok(parse(expression))
  } catch (e) {
    r = err(asJmesError(e))
  }
  cache.set(expression, r)
  return r
}

/**
 * Evaluates `expression` against `data`. The result may contain `Int64` boxes where the data did
 * (`elementIndex`), and shares sub-trees with `data` (do not mutate it); an expression reference
 * (`&a`) comes back as `{}`, as Go would marshal it. Never throws.
 * @example search('request.object.metadata.labels.app || `"none"`', ctx)
 * @example search('a.b', { a: {} }) // err: Unknown key "b" in path
 */
export function search(expression: string, data: JsonValue, opts: SearchOptions = {}): Result<JsonValue, JmesError> {
  const ast = compile(expression)
  if (!ast.ok) return ast
  return searchCompiled(ast.value, data, opts)
}

/** {@link search} with an expression already compiled by {@link compile} (its result kept by the caller). */
export function searchCompiled(ast: Ast, data: JsonValue, opts: SearchOptions = {}): Result<JsonValue, JmesError> {
  try {
    const value = new Interpreter(opts).eval(ast, data as Value)
    const seen = inspectResult(value, LIMITS.resultWeight)
    if (seen === 'tooLarge') return err(limitError(`result larger than ${LIMITS.resultWeight} nodes and characters`))
    return ok((seen === 'hasExpRef' ? stripExpRefs(value) : value) as JsonValue)
  } catch (e) {
    return err(asJmesError(e))
  }
}
