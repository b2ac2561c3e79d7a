/**
 * The function table: go-jmespath's argument checking (`incorrect number of args`,
 * `Invalid type for: …`) in front of the standard functions and Kyverno's additions.
 */
import { Int64 } from '../../../lib/json.ts'
import { JmesError } from '../errors.ts'
import { ExpRef, isMap, type Value } from '../values.ts'
import { percentV } from './convert.ts'
import type { ArgSpec, ArgType, CallEnv, FunctionDef } from './types.ts'
import { BUILTIN_FUNCTIONS } from './builtin.ts'
import { STRING_FUNCTIONS } from './strings.ts'
import { REGEX_FUNCTIONS } from './regex.ts'
import { ARITHMETIC_FUNCTIONS } from './arithmetic.ts'
import { TIME_FUNCTIONS } from './time.ts'
import { DATA_FUNCTIONS } from './data.ts'
import { ENCODING_FUNCTIONS } from './encoding.ts'

// Later tables win: Kyverno's `sum` replaces the standard one.
const TABLE = new Map<string, FunctionDef>()
for (const group of [BUILTIN_FUNCTIONS, STRING_FUNCTIONS, REGEX_FUNCTIONS, ARITHMETIC_FUNCTIONS, TIME_FUNCTIONS, DATA_FUNCTIONS, ENCODING_FUNCTIONS]) {
  for (const f of group) TABLE.set(f.name, f)
}

/** Names of every function Verdict knows (supported or not). */
export function functionNames(): string[] {
  return [...TABLE.keys()].sort()
}

function matches(t: ArgType, v: Value): boolean {
  switch (t) {
    case 'any':
      return true
    case 'number':
      return typeof v === 'number'
    case 'string':
      return typeof v === 'string'
    case 'array':
      return Array.isArray(v)
    case 'object':
      return isMap(v)
    case 'array[number]':
      return Array.isArray(v) && v.every((e) => typeof e === 'number')
    case 'array[string]':
      return Array.isArray(v) && v.every((e) => typeof e === 'string')
    case 'expref':
      return v instanceof ExpRef
  }
}

function typeCheck(s: ArgSpec, v: Value): void {
  if (s.types.some((t) => matches(t, v))) return
  const shown = v instanceof Int64 ? String(v.value) : percentV(v)
  throw new JmesError('type', `Invalid type for: ${shown}, expected: []jmespath.JpType{${s.types.map((t) => `"${t}"`).join(', ')}}`)
}

/** Checks arity and argument types as go-jmespath's `resolveArgs` does, then calls the function. */
export function callFunction(name: string, args: Value[], env: CallEnv): Value {
  const f = TABLE.get(name)
  if (f === undefined) throw new JmesError('unknownFunction', `unknown function: ${name}`)
  const specs = f.args
  if (specs.length > 0) {
    const last = specs[specs.length - 1] as ArgSpec
    if (!last.variadic) {
      if (specs.length !== args.length) throw new JmesError('arity', 'incorrect number of args')
      specs.forEach((s, i) => typeCheck(s, args[i] as Value))
    } else {
      if (args.length < specs.length) throw new JmesError('arity', 'Invalid arity.')
      // go-jmespath skips type checks for variadic functions and then panics on a bad type; we check.
      args.forEach((a, i) => typeCheck(specs[Math.min(i, specs.length - 1)] as ArgSpec, a))
    }
  }
  env.budget.charge()
  return f.call(args, env)
}
