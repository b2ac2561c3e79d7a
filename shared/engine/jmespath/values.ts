/**
 * Runtime values of the interpreter: JSON plus the two things go-jmespath can hold that JSON cannot,
 * a boxed int64 (`elementIndex`) and an expression reference (`&expr`).
 */
import { Int64, hasKey, setKey, type JsonObject, type JsonValue } from '../../lib/json.ts'
import type { Ast } from './ast.ts'
import type { Budget } from './limits.ts'

/** `&expr`: an unevaluated expression handed to functions such as `sort_by`. */
export class ExpRef {
  constructor(readonly node: Ast) {}
}

export type Value = null | boolean | number | string | Int64 | ExpRef | Value[] | ValueObject
export interface ValueObject {
  [key: string]: Value
}

/** A JSON object (map). Excludes arrays, null, boxed ints and exprefs. */
export function isMap(v: unknown): v is ValueObject {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
  // Plain objects (nearly every value) need no class checks: boxed ints and exprefs have their own prototypes.
  const proto: unknown = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null || !(v instanceof Int64 || v instanceof ExpRef)
}

// The lib helpers are typed for plain JSON; runtime values may also hold boxed ints.
const hasOwn = (obj: ValueObject, key: string): boolean => hasKey(obj as JsonObject, key)

/** Own-property read that never reaches the prototype; `undefined` = absent. */
export function own(obj: ValueObject, key: string): Value | undefined {
  return hasOwn(obj, key) ? obj[key] : undefined
}

/** Sets an own property (even `__proto__`) without touching any prototype. */
export function setOwn(obj: ValueObject, key: string, value: Value): void {
  setKey(obj as JsonObject, key, value as JsonValue)
}

/** JMESPath falsiness: `false null "" [] {}`; numbers (including 0) and boxed ints are truthy. */
export function isFalse(v: Value): boolean {
  if (v === null || v === false) return true
  if (typeof v === 'string') return v.length === 0
  if (Array.isArray(v)) return v.length === 0
  if (isMap(v)) {
    for (const k in v) if (hasOwn(v, k)) return false
    return true
  }
  return false
}

/**
 * Go `reflect.DeepEqual` over values, charging one step per visited node so that comparing
 * results that share sub-trees cannot run unbounded. An `Int64` never equals a float.
 */
export function deepEq(a: Value, b: Value, budget: Budget): boolean {
  budget.charge()
  if (a instanceof Int64 || b instanceof Int64) return a instanceof Int64 && b instanceof Int64 && a.value === b.value
  if (a instanceof ExpRef || b instanceof ExpRef) return a === b
  if (a === b) return true
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!deepEq(a[i] as Value, b[i] as Value, budget)) return false
    return true
  }
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a)
    if (ka.length !== Object.keys(b).length) return false
    for (const k of ka) {
      if (!hasOwn(b, k) || !deepEq(a[k] as Value, b[k] as Value, budget)) return false
    }
    return true
  }
  return false
}

/** Go's string ordering (UTF-8 bytes, i.e. code points), not JavaScript's UTF-16 ordering. */
export function compareGoStrings(a: string, b: string): -1 | 0 | 1 {
  if (a === b) return 0
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i) as number
    const cb = b.codePointAt(i) as number
    if (ca !== cb) return ca < cb ? -1 : 1
    if (ca > 0xffff) i++
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0
}

/** Number of Unicode code points (Go's `utf8.RuneCountInString` / `[]rune` length). */
export function runeCount(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) i++
    }
    n++
  }
  return n
}

/**
 * Checks a result before it leaves the module: its "weight" as it would be materialised (nodes +
 * string characters, shared sub-trees counted every time, which is what a caller walking it pays),
 * counted until `cap`; and whether it holds an expression reference, which is not JSON.
 */
export function inspectResult(v: Value, cap: number): 'tooLarge' | 'hasExpRef' | 'ok' {
  let weight = 0
  let exp = false
  const stack: Value[] = [v]
  while (stack.length > 0) {
    const x = stack.pop() as Value
    weight += 1
    if (typeof x === 'string') weight += x.length
    else if (x instanceof ExpRef) exp = true
    else if (Array.isArray(x)) for (const e of x) stack.push(e)
    else if (isMap(x)) {
      for (const k of Object.keys(x)) {
        weight += k.length
        stack.push(x[k] as Value)
      }
    }
    if (weight > cap) return 'tooLarge'
  }
  return exp ? 'hasExpRef' : 'ok'
}

/** Replaces expression references by `{}`, which is how Go's `json.Marshal` renders them. */
export function stripExpRefs(v: Value): Value {
  if (v instanceof ExpRef) return {}
  if (Array.isArray(v)) return v.map(stripExpRefs)
  if (isMap(v)) {
    const out: ValueObject = {}
    for (const k of Object.keys(v)) setOwn(out, k, stripExpRefs(v[k] as Value))
    return out
  }
  return v
}
