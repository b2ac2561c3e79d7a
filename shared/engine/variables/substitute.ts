/**
 * Kyverno's `SubstituteAll` (`pkg/engine/variables/vars.go`): resolve `$( )` references, then
 * `{{ }}` variables, in every string leaf and map key of a document. A leaf that is exactly one
 * variable takes the query's typed result; otherwise results are spliced in as text (strings as-is,
 * anything else as Go JSON). Strings are re-scanned until no variable is left (inside-out nesting).
 */
import { getKey, isObject, setKey, type JsonObject, type JsonValue } from '../../lib/json.ts'
import { err, ok, type Result } from '../../lib/result.ts'
import { JmesError, compile, goJsonMarshal, searchCompiled, type Ast, type SearchOptions } from '../jmespath/index.ts'
import { SubstitutionError } from './errors.ts'
import { currentPathExpression } from './pointer.ts'
import { indexDocument, substituteReferences } from './references.ts'
import { findVariables, goTrimSpace, unescapeVariables, variableText } from './scan.ts'

export interface SubstitutionOptions {
  /** The admission operation; `DELETE` makes `request.object` read `request.oldObject`. Defaults to `request.operation` in the context. */
  operation?: string | undefined
  now?: (() => Date) | undefined
  parseYaml?: SearchOptions['parseYaml']
}

export const SUBSTITUTION_LIMITS = {
  /** Output size: characters of strings and keys plus one per node. */
  outputWeight: 1_000_000,
  /** Re-scans of one string (nesting depth); Kyverno would loop forever on `x: "a{{x}}"`. */
  passes: 64,
} as const

/** What the traversal does to each string leaf and map key. */
interface Action {
  act(value: string, path: string): JsonValue
}

class Run implements Action {
  private weight = 0

  constructor(
    private readonly ctx: JsonObject,
    private readonly opts: SubstitutionOptions,
  ) {}

  private fail(message: string, variable: string, path: string): never {
    throw new SubstitutionError(message, variable, path)
  }

  charge(n: number, path: string): void {
    this.weight += n
    if (this.weight > SUBSTITUTION_LIMITS.outputWeight) {
      this.fail(`failed to substitute variables at path ${path}: result larger than ${SUBSTITUTION_LIMITS.outputWeight} bytes`, '', path)
    }
  }

  /** Kyverno's JSON traversal: act on leaves and keys, descend into what the action returns. */
  walk(el: JsonValue, path: string, action: Action): JsonValue {
    this.charge(1, path)
    const v = typeof el === 'string' ? action.act(el, path) : el
    return this.descend(v, path, action)
  }

  /** The rest of {@link walk} once the action has run: charge for what it returned and descend into it. */
  // Containers whose every key and element come back unchanged are returned as they are, not copied:
  // callers only read the result (a pattern is copied before it is walked).
  descend(v: JsonValue, path: string, action: Action): JsonValue {
    if (typeof v === 'string') this.charge(v.length, path)
    if (Array.isArray(v)) {
      let out: JsonValue[] | undefined
      for (let i = 0; i < v.length; i++) {
        const x = v[i] as JsonValue
        const y = this.walk(x, `${path}/${i}`, action)
        if (out) out.push(y)
        else if (y !== x) out = [...v.slice(0, i), y]
      }
      return out ?? v
    }
    if (!isObject(v)) return v
    const keys = Object.keys(v)
    let out: JsonObject | undefined
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string
      const renamed = action.act(key, path)
      let newKey = key
      if (typeof renamed === 'string') newKey = renamed
      else if (renamed !== null) this.fail(`expected string after substituting variables in key "${key}"`, key, path)
      this.charge(newKey.length, path)
      const x = v[key] as JsonValue
      const y = this.walk(x, `${path}/${key}`, action)
      if (!out && (newKey !== key || y !== x)) {
        out = {}
        for (let j = 0; j < i; j++) setKey(out, keys[j] as string, v[keys[j] as string] as JsonValue)
      }
      if (out) setKey(out, newKey, y)
    }
    return out ?? v
  }

  isDelete(): boolean {
    const op = this.opts.operation ?? getKey((getKey(this.ctx, 'request') ?? {}) as JsonObject, 'operation')
    return op === 'DELETE'
  }

  /** `context.Query`: trimmed query, Kyverno's error wrapping. `compiled` saves the parse when known ahead. */
  query(variable: string, path: string, compiled?: CompiledQuery): JsonValue {
    const q = compiled ? compiled.query : goTrimSpace(variable)
    if (q === '') return this.queryFailed(variable, path, 'invalid query (nil)')
    const c = compiled ? compiled.ast : compile(q)
    if (!c.ok) return this.queryFailed(variable, path, `incorrect query ${q}: ${c.error.message}`)
    const r = searchCompiled(c.value, this.ctx, { now: this.opts.now, parseYaml: this.opts.parseYaml })
    if (!r.ok) return this.queryFailed(variable, path, `JMESPath query failed: ${r.error.message}`)
    return r.value
  }

  private queryFailed(variable: string, path: string, msg: string): never {
    return this.fail(`failed to resolve ${variable} at path ${path}: ${msg}`, variable, path)
  }

  // Go's json.Marshal of a non-string result; only NaN/Inf fail in Go, plus our size bound.
  private marshal(result: JsonValue, variable: string, path: string): string {
    let j: ReturnType<typeof goJsonMarshal>
    try {
      j = goJsonMarshal(result)
    } catch (e) {
      if (e instanceof JmesError) this.fail(`failed to substitute variables at path ${path}: result larger than ${SUBSTITUTION_LIMITS.outputWeight} bytes`, variable, path)
      throw e
    }
    if (!j.ok) this.fail(`failed to resolve ${variable} at path ${path}: failed to marshal float64: ${j.error}`, variable, path)
    return j.value
  }

  act(value: string, path: string): JsonValue {
    return this.variables(value, path)
  }

  /** `substituteVariablesIfAny` for one string. */
  variables(value: string, path: string): JsonValue {
    // No `{{` means no variable and nothing escaped: the text stays as it is.
    if (!value.includes('{{')) return value
    let vars = findVariables(value)
    let passes = 0
    while (vars.length > 0) {
      if (++passes > SUBSTITUTION_LIMITS.passes) {
        this.fail(`failed to substitute variables at path ${path}: more than ${SUBSTITUTION_LIMITS.passes} nested substitution passes`, '', path)
      }
      const original = value
      let shallowSeen = false
      for (const m of vars) {
        const { text, shallow } = variableText(m.body)
        let variable = text === '@' ? currentPathExpression(path, getKey(this.ctx, 'target') !== undefined) : text
        if (this.isDelete()) variable = variable.replaceAll('request.object', 'request.oldObject')
        const result = this.query(variable, path)
        if (original === m.body) return result
        let piece: string
        if (typeof result === 'string') piece = shallow ? result.replaceAll('{{', '\\{{') : result
        else if (shallow) return this.fail(`failed to resolve ${variable} at path ${path}: shallow substitution needs a string result`, variable, path)
        else piece = this.marshal(result, variable, path)
        shallowSeen ||= shallow
        const at = value.indexOf(m.prefix + m.body)
        if (at >= 0) value = value.slice(0, at) + m.prefix + piece + value.slice(at + m.prefix.length + m.body.length)
        if (value.length > SUBSTITUTION_LIMITS.outputWeight) {
          this.fail(`failed to substitute variables at path ${path}: result larger than ${SUBSTITUTION_LIMITS.outputWeight} bytes`, variable, path)
        }
      }
      // A shallow result must not be expanded again; its `{{` are escaped and unescaped below.
      if (shallowSeen) break
      vars = findVariables(value)
    }
    return unescapeVariables(value)
  }
}

function guard(fn: () => JsonValue): Result<JsonValue, SubstitutionError> {
  try {
    return ok(fn())
  } catch (e) {
    return caught(e)
  }
}

/** The error result for what a substitution threw; anything unexpected is rethrown. */
function caught(e: unknown): Result<never, SubstitutionError> {
  if (e instanceof SubstitutionError) return err(e)
  if (e instanceof JmesError) return err(new SubstitutionError(`failed to substitute variables: ${e.message}`, '', ''))
  if (e instanceof RangeError) return err(new SubstitutionError('failed to substitute variables: document nested too deeply', '', ''))
  throw e
}

/**
 * Substitutes `$( )` references and `{{ }}` variables throughout `doc` (strings and map keys).
 * Errors carry Kyverno's text: `failed to resolve <var> at path <ptr>: JMESPath query failed: …`.
 * `doc` is not modified. Results may contain `Int64` boxes (`{{elementIndex}}`).
 * @example substituteAll({ replicas: '{{request.object.spec.replicas}}' }, ctx) // ok({ replicas: 3 })
 */
export function substituteAll(doc: JsonValue, ctx: JsonObject, opts: SubstitutionOptions = {}): Result<JsonValue, SubstitutionError> {
  return guard(() => {
    let index: Map<string, JsonValue> | undefined
    const lazyIndex = (): Map<string, JsonValue> => (index ??= indexDocument(doc))
    const refs = new Run(ctx, opts)
    const withRefs = refs.walk(doc, '', { act: (value, path) => substituteReferences(value, lazyIndex, path) })
    const vars = new Run(ctx, opts)
    return vars.walk(withRefs, '', vars)
  })
}

/** A variable's trimmed query and its parse. */
interface CompiledQuery {
  readonly query: string
  readonly ast: Result<Ast, JmesError>
}

/** A string that is exactly one `{{ query }}` (nearly every condition key), parsed ahead for both readings of `request.object`. */
export interface LoneVariable {
  readonly variable: string
  readonly compiled: CompiledQuery
  /** The DELETE reading, where `request.object` means `request.oldObject`. */
  readonly onDelete: { readonly variable: string; readonly compiled: CompiledQuery }
}

function compiledQuery(variable: string): CompiledQuery {
  const query = goTrimSpace(variable)
  return { query, ast: compile(query) }
}

/** Longest string considered; it keeps every charge of the skipped `$( )` pass far below the output bound. */
const LONE_MAX_LENGTH = 10_000
/** Policy texts are few, but substituted request data can reach here too, so the cache is bounded. */
const LONE_CACHE_MAX = 4096
const loneCache = new Map<string, LoneVariable | null>()

/**
 * The lone variable `s` is, or `null` when it is anything else (text around the variable, several
 * or nested variables, `$( )` references, `{{@}}`, whose meaning depends on where it stands).
 */
export function loneVariable(s: string): LoneVariable | null {
  let lone = loneCache.get(s)
  if (lone !== undefined) return lone
  lone = null
  if (s.length <= LONE_MAX_LENGTH && !s.includes('$(')) {
    const found = findVariables(s)
    const m = found[0]
    if (found.length === 1 && m && m.prefix === '' && m.body === s) {
      const { text } = variableText(m.body)
      if (text !== '@') {
        const onDelete = text.replaceAll('request.object', 'request.oldObject')
        lone = { variable: text, compiled: compiledQuery(text), onDelete: { variable: onDelete, compiled: compiledQuery(onDelete) } }
      }
    }
  }
  if (loneCache.size >= LONE_CACHE_MAX) loneCache.clear()
  loneCache.set(s, lone)
  return lone
}

/**
 * {@link substituteAll} of a string that is a {@link loneVariable}, with the same result, errors and
 * bounds: the `$( )` pass has nothing to do on it, and the query was parsed ahead.
 */
export function substituteLoneVariable(lone: LoneVariable, ctx: JsonObject, opts: SubstitutionOptions = {}): Result<JsonValue, SubstitutionError> {
  try {
    const run = new Run(ctx, opts)
    run.charge(1, '')
    const q = run.isDelete() ? lone.onDelete : lone
    // A string that is exactly its variable takes the query's typed result, then is walked like any value.
    return ok(run.descend(run.query(q.variable, '', q.compiled), '', run))
  } catch (e) {
    return caught(e)
  }
}

/** {@link substituteAll} for one string (a lone variable keeps its typed result). */
export function substituteString(s: string, ctx: JsonObject, opts: SubstitutionOptions = {}): Result<JsonValue, SubstitutionError> {
  return substituteAll(s, ctx, opts)
}
