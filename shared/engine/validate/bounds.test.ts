import { describe, expect, it } from 'vitest'
import { Int64, type JsonObject, type JsonValue } from '../../lib/json.ts'
import { MAX_PATTERN_DEPTH, MAX_RESOURCE_DEPTH, matchPattern, validateAnyPattern, validatePattern } from './index.ts'
import { nestedDeeperThan, privateCopy } from './bounds.ts'

/** Monotonic clock; `performance` is not in this project's ES-only type libs. */
const now = (): number => (globalThis as unknown as { performance: { now(): number } }).performance.now()

const opts = { rule: 'r', resourceNumbers: 'int' as const }
const match = (r: JsonValue, p: JsonValue) => matchPattern(r, p, { resourceNumbers: 'int' })

/** `{a:{a:…{a:leaf}}}` with `levels` maps. */
function nest(levels: number, leaf: JsonValue): JsonValue {
  let v = leaf
  for (let i = 0; i < levels; i++) v = { a: v }
  return v
}

describe('nesting limits', () => {
  it(`accepts a pattern ${MAX_PATTERN_DEPTH} levels deep and rejects one deeper`, () => {
    expect(validatePattern(nest(MAX_PATTERN_DEPTH, 1), nest(MAX_PATTERN_DEPTH, 1), opts).status).toBe('pass')
    expect(validatePattern(nest(MAX_PATTERN_DEPTH, 1), nest(MAX_PATTERN_DEPTH + 1, 1), opts)).toEqual({
      status: 'error',
      message: `validation error: rule r execution error: pattern is nested deeper than ${MAX_PATTERN_DEPTH} levels`,
    })
  })

  it(`accepts a resource ${MAX_RESOURCE_DEPTH} levels deep and rejects one deeper`, () => {
    expect(validatePattern(nest(MAX_RESOURCE_DEPTH, 1), { a: {} }, opts).status).toBe('pass')
    expect(validatePattern(nest(MAX_RESOURCE_DEPTH + 1, 1), { a: {} }, opts)).toEqual({
      status: 'error',
      message: `validation error: rule r execution error: resource is nested deeper than ${MAX_RESOURCE_DEPTH} levels`,
    })
  })

  it('never overflows the stack on absurd nesting', () => {
    const deep = nest(200_000, 'x')
    expect(validatePattern(deep, { a: 'x' }, opts).status).toBe('error')
    expect(validatePattern({ a: 1 }, deep, opts).status).toBe('error')
    expect(validateAnyPattern(deep, [{ a: 'x' }], opts).status).toBe('error')
    expect(validateAnyPattern({}, [deep], opts)).toEqual({
      status: 'error',
      message: `validation error: rule r execution error: pattern is nested deeper than ${MAX_PATTERN_DEPTH} levels`,
    })
    expect(match(deep, { a: 'x' })).toEqual({ path: '', kind: 'fail', message: 'resource is nested deeper than 100 levels' })
  })

  it('terminates on cyclic input', () => {
    const cyclic: JsonObject = { a: 1 }
    cyclic.self = cyclic
    expect(validatePattern(cyclic, { a: 1 }, opts).status).toBe('error')
    expect(validatePattern({ a: 1 }, cyclic, opts).status).toBe('error')
  })

  it('nestedDeeperThan counts containers, root included', () => {
    expect(nestedDeeperThan('x', 0)).toBe(false)
    expect(nestedDeeperThan({}, 0)).toBe(true)
    expect(nestedDeeperThan([[1]], 2)).toBe(false)
    expect(nestedDeeperThan([[[1]]], 2)).toBe(true)
  })

  it('privateCopy drops what JSON drops and rejects what Go cannot marshal', () => {
    expect(privateCopy({ a: undefined, b: [undefined, 1], c: new Int64(2) })).toEqual({ ok: true, value: { b: [null, 1], c: 2 } })
    expect(privateCopy(Infinity)).toEqual({ ok: false, reason: 'json', error: 'json: unsupported value: +Inf' })
    expect(privateCopy(10n)).toEqual({ ok: false, reason: 'json', error: 'json: unsupported type: bigint' })
    expect(privateCopy(nest(3, 1), 'pattern', 2)).toEqual({ ok: false, reason: 'depth', error: 'pattern is nested deeper than 2 levels' })
  })
})

describe('no exponential work', () => {
  it('nested existence anchors over a wide resource stay proportional to its size', () => {
    // 4 levels × 12 elements, only the last element of each list matches: ~20k maps in all.
    const level = (d: number): JsonValue =>
      d === 0 ? { v: 'no' } : { items: Array.from({ length: 12 }, (_, i) => (i === 11 ? { ok: 'yes', ...(level(d - 1) as JsonObject) } : level(d - 1))) }
    const p = (d: number): JsonValue => (d === 0 ? { v: '?*' } : { '^(items)': [{ ok: 'yes', ...(p(d - 1) as JsonObject) }] })
    const t = now()
    expect(validatePattern(level(4), p(4), opts).status).toBe('pass')
    expect(now() - t).toBeLessThan(3000)
  })

  it('many anchor-holding keys over many elements stay fast (nested-anchor checks are memoised)', () => {
    const wide: JsonObject = {}
    const element: JsonObject = {}
    for (let i = 0; i < 100; i++) {
      wide[`k${i}`] = { deep: nest(30, { '=(x)': 1 }) }
      element[`k${i}`] = { deep: nest(30, {}) }
    }
    const resource = { list: Array.from({ length: 50 }, () => element) }
    const t = now()
    expect(validatePattern(resource, { list: [wide] }, opts).status).toBe('pass')
    expect(now() - t).toBeLessThan(3000)
  })
})

describe('own-property lookups only', () => {
  it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__'])('a pattern key %j does not find Object.prototype', (key) => {
    const p = JSON.parse(`{"${key}": "?*"}`) as JsonValue
    expect(match({}, p)).toEqual({
      path: `/${key}/`,
      kind: 'fail',
      message: `resource value '<nil>' does not match '?*' at path /${key}/`,
    })
    const conditional = JSON.parse(`{"(${key})": "x", "b": 1}`) as JsonValue
    expect(validatePattern({ b: 2 }, conditional, opts).status).toBe('skip')
    const negation = JSON.parse(`{"X(${key})": null}`) as JsonValue
    expect(validatePattern({}, negation, opts).status).toBe('pass')
  })

  it('finds an own __proto__ key', () => {
    const r = JSON.parse('{"__proto__": {"a": 1}}') as JsonValue
    expect(validatePattern(r, JSON.parse('{"__proto__": {"a": 1}}') as JsonValue, opts).status).toBe('pass')
    expect(match(r, JSON.parse('{"X(__proto__)": null}') as JsonValue)?.path).toBe('/__proto__/')
  })
})

describe('typed kinds, not message text', () => {
  it('a resource value quoting an anchor error is still a plain failure', () => {
    expect(validatePattern({ a: 'conditional anchor mismatch' }, { a: 'x' }, opts)).toEqual({
      status: 'fail',
      message: 'validation error: rule r failed at path /a/',
    })
    // Kyverno's text search would call this a negation (fail with a path); typed, it is a plain
    // failure with a never-seen ^() key, hence an execution error.
    expect(validatePattern({ a: 'negation anchor matched in resource' }, { '^(b)': [{ c: 1 }], a: 'x' }, opts)).toEqual({
      status: 'error',
      message:
        "validation error: rule r execution error: resource value 'negation anchor matched in resource' does not match 'x' at path /a/",
    })
  })
})

describe('Int64 resource values (elementIndex)', () => {
  it('compare and print as int64', () => {
    const r = { i: new Int64(2) } as unknown as JsonValue
    expect(validatePattern(r, { i: 2 }, { ...opts, resourceNumbers: 'float' }).status).toBe('pass')
    expect(match(r, { i: 'x' })?.message).toBe("resource value '2' does not match 'x' at path /i/")
  })
})

