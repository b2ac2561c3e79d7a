/**
 * The standard JMESPath functions as go-jmespath implements them (its `sum` is replaced by
 * Kyverno's in arithmetic.ts). Go quirks kept: `type()` fails on a boxed int, strings compare by
 * code point, `avg([])` is null here where Go would produce NaN.
 */
import { Int64 } from '../../../lib/json.ts'
import { JmesError } from '../errors.ts'
import { goJsonMarshal } from '../gomarshal.ts'
import { checkStringLength } from '../limits.ts'
import { ExpRef, compareGoStrings, deepEq, isMap, runeCount, setOwn, type Value, type ValueObject } from '../values.ts'
import { spec, type CallEnv, type FunctionDef } from './types.ts'

const num = (v: Value): number => v as number
const str = (v: Value): string => v as string
const arr = (v: Value): Value[] => v as Value[]

function best(items: Value[], better: (a: number | string, b: number | string) => boolean): Value {
  if (items.length === 0) return null
  let b = items[0] as number | string
  for (const x of items.slice(1)) if (better(x as number | string, b)) b = x as number | string
  return b
}

const greater = (a: number | string, b: number | string): boolean =>
  typeof a === 'number' ? a > (b as number) : compareGoStrings(a, b as string) > 0
const less = (a: number | string, b: number | string): boolean =>
  typeof a === 'number' ? a < (b as number) : compareGoStrings(a, b as string) < 0

function byExpression(items: Value[], ref: Value, env: CallEnv, better: typeof greater): Value {
  if (items.length === 0) return null
  if (items.length === 1) return items[0] as Value
  const node = (ref as ExpRef).node
  const first = env.evaluate(node, items[0] as Value)
  if (typeof first !== 'number' && typeof first !== 'string') throw new JmesError('function', 'invalid type, must be number of string')
  let bestVal = first
  let bestItem = items[0] as Value
  for (const item of items.slice(1)) {
    const cur = env.evaluate(node, item)
    if (typeof cur !== typeof first) throw new JmesError('function', `invalid type, must be ${typeof first}`)
    if (better(cur as number | string, bestVal)) {
      bestVal = cur as number | string
      bestItem = item
    }
  }
  return bestItem
}

function sortBy(items: Value[], ref: Value, env: CallEnv): Value {
  if (items.length <= 1) return items
  const node = (ref as ExpRef).node
  const first = env.evaluate(node, items[0] as Value)
  if (typeof first !== 'number' && typeof first !== 'string') throw new JmesError('function', 'invalid type, must be number of string')
  const keyed = items.map((item, i) => {
    let key: Value
    try {
      key = i === 0 ? first : env.evaluate(node, item)
    } catch {
      // go-jmespath's comparator turns evaluation errors into a failed sort.
      key = null
    }
    if (typeof key !== typeof first) throw new JmesError('function', 'error in sort_by comparison')
    return { item, key: key as number | string }
  })
  env.budget.charge(items.length * Math.ceil(Math.log2(items.length)))
  keyed.sort((a, b) => (typeof a.key === 'number' ? a.key - (b.key as number) : compareGoStrings(a.key, b.key as string)))
  return keyed.map((k) => k.item)
}

export const BUILTIN_FUNCTIONS: readonly FunctionDef[] = [
  { name: 'abs', args: spec('number'), call: ([n]) => Math.abs(num(n as Value)) },
  {
    name: 'avg',
    args: spec('array[number]'),
    call: ([a]) => {
      const xs = arr(a as Value) as number[]
      return xs.length === 0 ? null : xs.reduce((s, x) => s + x, 0) / xs.length
    },
  },
  { name: 'ceil', args: spec('number'), call: ([n]) => Math.ceil(num(n as Value)) },
  { name: 'floor', args: spec('number'), call: ([n]) => Math.floor(num(n as Value)) },
  {
    name: 'contains',
    args: spec(['array', 'string'], 'any'),
    call: ([subject, search], env) => {
      if (typeof subject === 'string') return typeof search === 'string' && subject.includes(search)
      env.budget.charge(arr(subject as Value).length)
      return arr(subject as Value).some((x) => deepEq(x, search as Value, env.budget))
    },
  },
  { name: 'ends_with', args: spec('string', 'string'), call: ([s, x]) => str(s as Value).endsWith(str(x as Value)) },
  { name: 'starts_with', args: spec('string', 'string'), call: ([s, x]) => str(s as Value).startsWith(str(x as Value)) },
  {
    name: 'join',
    args: spec('string', 'array[string]'),
    call: ([sep, xs], env) => {
      const parts = arr(xs as Value) as string[]
      env.budget.charge(parts.length)
      checkStringLength(parts.reduce((n, p) => n + p.length, 0) + str(sep as Value).length * Math.max(0, parts.length - 1))
      return parts.join(str(sep as Value))
    },
  },
  {
    name: 'keys',
    args: spec('object'),
    call: ([o], env) => {
      const keys = Object.keys(o as ValueObject)
      env.budget.charge(keys.length)
      return keys
    },
  },
  {
    name: 'values',
    args: spec('object'),
    call: ([o], env) => {
      const m = o as ValueObject
      const keys = Object.keys(m)
      env.budget.charge(keys.length)
      return keys.map((k) => m[k] as Value)
    },
  },
  {
    name: 'length',
    args: spec(['string', 'array', 'object']),
    call: ([v]) => {
      if (typeof v === 'string') return runeCount(v)
      if (Array.isArray(v)) return v.length
      return Object.keys(v as ValueObject).length
    },
  },
  {
    name: 'map',
    args: spec('expref', 'array'),
    call: ([ref, xs], env) => arr(xs as Value).map((x) => env.evaluate((ref as ExpRef).node, x)),
  },
  { name: 'max', args: spec(['array[number]', 'array[string]']), call: ([xs]) => best(arr(xs as Value), greater) },
  { name: 'min', args: spec(['array[number]', 'array[string]']), call: ([xs]) => best(arr(xs as Value), less) },
  { name: 'max_by', args: spec('array', 'expref'), call: ([xs, ref], env) => byExpression(arr(xs as Value), ref as Value, env, greater) },
  { name: 'min_by', args: spec('array', 'expref'), call: ([xs, ref], env) => byExpression(arr(xs as Value), ref as Value, env, less) },
  {
    name: 'merge',
    args: [{ types: ['object'], variadic: true }],
    call: (objs, env) => {
      const out: ValueObject = {}
      for (const o of objs as ValueObject[]) {
        const keys = Object.keys(o)
        env.budget.charge(keys.length)
        for (const k of keys) setOwn(out, k, o[k] as Value)
      }
      return out
    },
  },
  {
    name: 'not_null',
    args: [{ types: ['any'], variadic: true }],
    call: (args) => args.find((a) => a !== null) ?? null,
  },
  {
    name: 'reverse',
    args: spec(['array', 'string']),
    call: ([v], env) => {
      if (typeof v === 'string') return Array.from(v).reverse().join('')
      env.budget.charge(arr(v as Value).length)
      return [...arr(v as Value)].reverse()
    },
  },
  {
    name: 'sort',
    args: spec(['array[string]', 'array[number]']),
    call: ([v], env) => {
      const xs = [...arr(v as Value)] as (number | string)[]
      env.budget.charge(xs.length * Math.max(1, Math.ceil(Math.log2(xs.length + 1))))
      if (xs.every((x) => typeof x === 'number')) return (xs as number[]).sort((a, b) => a - b)
      return (xs as string[]).sort(compareGoStrings)
    },
  },
  { name: 'sort_by', args: spec('array', 'expref'), call: ([xs, ref], env) => sortBy(arr(xs as Value), ref as Value, env) },
  { name: 'to_array', args: spec('any'), call: ([v]) => (Array.isArray(v) ? v : [v as Value]) },
  {
    name: 'to_string',
    args: spec('any'),
    call: ([v]) => {
      if (typeof v === 'string') return v
      const r = goJsonMarshal(v as Value)
      if (!r.ok) throw new JmesError('function', r.error)
      return r.value
    },
  },
  {
    name: 'to_number',
    args: spec('any'),
    call: ([v]) => {
      if (typeof v === 'number') return v
      if (typeof v === 'string') return parseGoFloat(v)
      if (v instanceof Int64 || v instanceof ExpRef) throw new JmesError('function', 'unknown type')
      return null
    },
  },
  {
    name: 'type',
    args: spec('any'),
    call: ([v]) => {
      if (typeof v === 'number') return 'number'
      if (typeof v === 'string') return 'string'
      if (Array.isArray(v)) return 'array'
      if (isMap(v)) return 'object'
      if (v === null) return 'null'
      if (typeof v === 'boolean') return 'boolean'
      throw new JmesError('function', 'unknown type')
    },
  },
]

/**
 * `strconv.ParseFloat(s, 64)` for decimal text; `null` where Go reports an error (or would return
 * Inf/NaN, which JSON cannot carry).
 */
export function parseGoFloat(s: string): number | null {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return null
  const n = Number(s)
  return Number.isFinite(n) ? n : null
}

