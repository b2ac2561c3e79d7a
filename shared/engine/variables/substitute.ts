/**
 * Kyverno's `SubstituteAll` (`pkg/engine/variables/vars.go`): resolve `$( )` references, then
 * `{{ }}` variables, in every string leaf and map key of a document. A leaf that is exactly one
 * variable takes the query's typed result; otherwise results are spliced in as text (strings as-is,
 * anything else as Go JSON). Strings are re-scanned until no variable is left (inside-out nesting).
 */
import { getKey, isObject, setKey, type JsonObject, type JsonValue } from '../../lib/json.ts'
import { err, ok, type Result } from '../../lib/result.ts'
import { JmesError, compile, goJsonMarshal, search, type SearchOptions } from '../jmespath/index.ts'
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

type Action = (value: string, path: string) => JsonValue

class Run {
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
    const v = typeof el === 'string' ? action(el, path) : el
    if (typeof v === 'string') this.charge(v.length, path)
    if (Array.isArray(v)) return v.map((x, i) => this.walk(x, `${path}/${i}`, action))
    if (!isObject(v)) return v
    const out: JsonObject = {}
    for (const key of Object.keys(v)) {
      const renamed = action(key, path)
      let newKey = key
      if (typeof renamed === 'string') newKey = renamed
      else if (renamed !== null) this.fail(`expected string after substituting variables in key "${key}"`, key, path)
      this.charge(newKey.length, path)
      setKey(out, newKey, this.walk(v[key] as JsonValue, `${path}/${key}`, action))
    }
    return out
  }

  private isDelete(): boolean {
    const op = this.opts.operation ?? getKey((getKey(this.ctx, 'request') ?? {}) as JsonObject, 'operation')
    return op === 'DELETE'
  }

  /** `context.Query`: trimmed query, Kyverno's error wrapping. */
  private query(variable: string, path: string): JsonValue {
    const q = goTrimSpace(variable)
    const wrap = (msg: string): never => this.fail(`failed to resolve ${variable} at path ${path}: ${msg}`, variable, path)
    if (q === '') return wrap('invalid query (nil)')
    const c = compile(q)
    if (!c.ok) return wrap(`incorrect query ${q}: ${c.error.message}`)
    const r = search(q, this.ctx, { now: this.opts.now, parseYaml: this.opts.parseYaml })
    if (!r.ok) return wrap(`JMESPath query failed: ${r.error.message}`)
    return r.value
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

  /** `substituteVariablesIfAny` for one string. */
  variables = (value: string, path: string): JsonValue => {
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
    if (e instanceof SubstitutionError) return err(e)
    if (e instanceof JmesError) return err(new SubstitutionError(`failed to substitute variables: ${e.message}`, '', ''))
    if (e instanceof RangeError) return err(new SubstitutionError('failed to substitute variables: document nested too deeply', '', ''))
    throw e
  }
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
    const withRefs = refs.walk(doc, '', (value, path) => substituteReferences(value, lazyIndex, path))
    const vars = new Run(ctx, opts)
    return vars.walk(withRefs, '', vars.variables)
  })
}

/** {@link substituteAll} for one string (a lone variable keeps its typed result). */
export function substituteString(s: string, ctx: JsonObject, opts: SubstitutionOptions = {}): Result<JsonValue, SubstitutionError> {
  return substituteAll(s, ctx, opts)
}
