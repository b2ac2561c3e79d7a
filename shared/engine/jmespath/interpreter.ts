/**
 * Tree-walking evaluation with the Kyverno fork's semantics: a missing map key is a `notFound`
 * error that travels through `a.b` and `a[0]` but is read as `null` wherever go-jmespath's fork
 * swallows it (`||` left side, `&&`, `!`, comparisons, function arguments, pipes, multiselects,
 * projection bodies; a projection whose left side is missing is `null`).
 */
import { cloneJson, type JsonValue } from '../../lib/json.ts'
import type { Ast } from './ast.ts'
import { JmesError, notFound } from './errors.ts'
import { callFunction } from './functions/registry.ts'
import type { CallEnv } from './functions/types.ts'
import { Budget, checkArrayLength } from './limits.ts'
import type { SearchOptions } from './options.ts'
import { ExpRef, deepEq, isFalse, isMap, own, setOwn, type Value, type ValueObject } from './values.ts'

function capSlice(length: number, actual: number, step: number): number {
  if (actual < 0) {
    actual += length
    if (actual < 0) actual = step < 0 ? -1 : 0
  } else if (actual >= length) {
    actual = step < 0 ? length - 1 : length
  }
  return actual
}

/**
 * A missing key on its way up to the nearest place that swallows it. Returned rather than thrown:
 * missing keys are routine (most resources lack most optional fields) and unwinding is slow.
 */
const MISSING: unique symbol = Symbol('missing key')
type Outcome = Value | typeof MISSING

export class Interpreter implements CallEnv {
  readonly budget = new Budget()
  /** The key behind the last {@link MISSING}, for the error text if it reaches the top. */
  private missingKey = ''

  constructor(readonly opts: SearchOptions) {}

  evaluate(node: Ast, value: Value): Value {
    return this.eval(node, value)
  }

  /** Evaluates `node`; a missing key that nothing swallowed is a `notFound` error. */
  eval(node: Ast, value: Value): Value {
    const r = this.ev(node, value)
    if (r === MISSING) throw notFound(this.missingKey)
    return r
  }

  /** Evaluates where the fork swallows `Unknown key`: a missing key reads as `null`. */
  private soft(node: Ast, value: Value): Value {
    try {
      const r = this.ev(node, value)
      return r === MISSING ? null : r
    } catch (e) {
      // Functions evaluating `&expr` arguments report a missing key by throwing it.
      if (e instanceof JmesError && e.kind === 'notFound') return null
      throw e
    }
  }

  private ev(node: Ast, value: Value): Outcome {
    this.budget.charge()
    switch (node.kind) {
      case 'field': {
        if (!isMap(value)) return null
        const v = own(value, node.name)
        if (v === undefined) {
          this.missingKey = node.name
          return MISSING
        }
        return v
      }
      case 'identity':
        return value
      case 'literal':
        if (typeof node.value !== 'object' || node.value === null) return node.value
        // Literals live in the shared AST cache; hand out copies so callers cannot alter them.
        this.budget.charge(JSON.stringify(node.value).length >> 4)
        return cloneJson(node.value as JsonValue)
      case 'index': {
        if (!Array.isArray(value)) return null
        const i = node.index < 0 ? node.index + value.length : node.index
        return i >= 0 && i < value.length ? (value[i] as Value) : null
      }
      case 'slice':
        return Array.isArray(value) ? this.slice(value, node) : null
      case 'subexpression':
      case 'indexExpression': {
        const left = this.ev(node.left, value)
        return left === MISSING ? MISSING : this.ev(node.right, left)
      }
      case 'projection': {
        const left = this.soft(node.left, value)
        return Array.isArray(left) ? this.collect(left, node.right) : null
      }
      case 'valueProjection': {
        const left = this.soft(node.left, value)
        if (!isMap(left)) return null
        return this.collect(Object.keys(left).map((k) => left[k] as Value), node.right)
      }
      case 'filterProjection': {
        const left = this.soft(node.left, value)
        if (!Array.isArray(left)) return null
        const kept = left.filter((el) => !isFalse(this.soft(node.condition, el)))
        return this.collect(kept, node.right)
      }
      case 'flatten': {
        const left = this.soft(node.child, value)
        if (!Array.isArray(left)) return null
        const out: Value[] = []
        for (const el of left) {
          if (Array.isArray(el)) {
            checkArrayLength(out.length + el.length)
            this.budget.charge(el.length)
            for (const x of el) out.push(x)
          } else {
            out.push(el)
          }
        }
        return out
      }
      case 'multiSelectList':
        if (value === null) return null
        return node.items.map((item) => this.soft(item, value))
      case 'multiSelectHash': {
        if (value === null) return null
        const out: ValueObject = {}
        for (const e of node.entries) setOwn(out, e.key, this.soft(e.value, value))
        return out
      }
      case 'or': {
        const left = this.soft(node.left, value)
        return isFalse(left) ? this.ev(node.right, value) : left
      }
      case 'and': {
        const left = this.soft(node.left, value)
        return isFalse(left) ? left : this.soft(node.right, value)
      }
      case 'not':
        return isFalse(this.soft(node.child, value))
      case 'pipe':
        return this.soft(node.right, this.soft(node.left, value))
      case 'comparator':
        return this.compare(node.op, this.soft(node.left, value), this.soft(node.right, value))
      case 'function':
        return callFunction(
          node.name,
          node.args.map((a) => this.soft(a, value)),
          this,
        )
      case 'expref':
        return new ExpRef(node.child)
    }
  }

  private collect(items: Value[], body: Ast): Value[] {
    const out: Value[] = []
    for (const el of items) {
      const r = this.soft(body, el)
      if (r !== null) out.push(r)
    }
    return out
  }

  private slice(arr: Value[], node: Extract<Ast, { kind: 'slice' }>): Value[] {
    const step = node.step ?? 1
    if (step === 0) throw new JmesError('type', 'Invalid slice, step cannot be 0')
    const len = arr.length
    const start = node.start === null ? (step < 0 ? len - 1 : 0) : capSlice(len, node.start, step)
    const stop = node.stop === null ? (step < 0 ? -1 : len) : capSlice(len, node.stop, step)
    const out: Value[] = []
    if (step > 0) for (let i = start; i < stop; i += step) out.push(arr[i] as Value)
    else for (let i = start; i > stop; i += step) out.push(arr[i] as Value)
    this.budget.charge(out.length)
    return out
  }

  private compare(op: string, left: Value, right: Value): Value {
    if (op === '==') return deepEq(left, right, this.budget)
    if (op === '!=') return !deepEq(left, right, this.budget)
    // Ordering needs two float64s: strings, booleans and boxed ints give null.
    if (typeof left !== 'number' || typeof right !== 'number') return null
    switch (op) {
      case '<':
        return left < right
      case '<=':
        return left <= right
      case '>':
        return left > right
      default:
        return left >= right
    }
  }
}
