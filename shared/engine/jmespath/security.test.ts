/** Prototype safety and work bounds: hostile expressions and data must fail cleanly and fast. */
import { afterAll, describe, expect, it } from 'vitest'
import { compile, search } from './index.ts'
import { LIMITS } from './limits.ts'
import { failure, value } from './testing/helpers.ts'

const fresh = (): Record<string, unknown> => ({})

describe('prototype safety', () => {
  it.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf', '"__proto__"', '"constructor".name'])('%s on {} is an unknown key', (expr) => {
    expect(failure(expr, {}).kind).toBe('notFound')
  })

  it.each([
    ["lookup(@, 'constructor')", null],
    ["lookup(@, '__proto__')", null],
    ['a.constructor', null],
    ['a.length', null],
    ['keys(@)', []],
    ["contains(keys(@), 'constructor')", false],
  ])('%s', (expr, expected) => expect(value(expr, { ...(expr.startsWith('a.') ? { a: 'str' } : {}) })).toEqual(expected))

  it('reads an own __proto__ key like any other key', () => {
    const data = JSON.parse('{"__proto__": {"x": 1}, "constructor": 2}')
    expect(value('"__proto__".x', data)).toBe(1)
    expect(value('constructor', data)).toBe(2)
    expect(value('keys(@)', data)).toEqual(['__proto__', 'constructor'])
  })

  it('builds results without touching prototypes', () => {
    const merged = value('merge(`{"__proto__": {"polluted": true}}`, `{"a": 1}`)') as object
    expect(Object.keys(merged)).toEqual(['__proto__', 'a'])
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype)
    const hash = value('{"__proto__": `{"polluted": true}`}') as object
    expect(Object.keys(hash)).toEqual(['__proto__'])
    const fromLists = value("object_from_lists(`[\"__proto__\", \"constructor\"]`, `[{\"polluted\": true}, 1]`)") as object
    expect(Object.keys(fromLists)).toEqual(['__proto__', 'constructor'])
    const items = value("items(`{\"a\": 1}`, '__proto__', 'constructor')") as object[]
    expect(Object.keys(items[0] as object)).toEqual(['__proto__', 'constructor'])
    const parsed = value("parse_json('{\"__proto__\": {\"polluted\": true}}')") as object
    expect(Object.keys(parsed)).toEqual(['__proto__'])
  })

  afterAll(() => {
    expect(fresh().polluted).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
  })
})

describe('work bounds', () => {
  it('rejects over-long expressions', () => {
    expect(failure('a'.repeat(LIMITS.expressionLength + 1)).kind).toBe('limit')
    expect(compile('a'.repeat(LIMITS.expressionLength)).ok).toBe(true)
  })

  it.each([
    ['deep parentheses', '('.repeat(300) + 'a' + ')'.repeat(300)],
    ['deep negation', '!'.repeat(300) + 'a'],
    ['long chains', Array(300).fill('a').join('.')],
    ['long or-chains', Array(300).fill('a').join(' || ')],
    ['deep multiselects', '['.repeat(300) + 'a' + ']'.repeat(300)],
  ])('bounds AST depth: %s', (_, expr) => {
    expect(failure(expr).kind).toBe('limit')
  })

  it('bounds evaluation steps', () => {
    const row = Array(1000).fill(0)
    const data = Array(1000).fill(row)
    const e = failure('[*][*].to_string(@)', data)
    expect(e.kind).toBe('limit')
  })

  it('bounds produced arrays', () => {
    const row = Array(400).fill(1)
    expect(failure('[]', Array(400).fill(row)).kind).toBe('limit')
  })

  it('bounds strings built from shared sub-trees', () => {
    let d: unknown = 'x'.repeat(1000)
    for (let i = 0; i < 12; i++) d = [d, d]
    expect(failure('to_string(@)', d).kind).toBe('limit')
    expect(failure('join(`""`, @[][][][][][][][][][][])', d).kind).toBe('limit')
  })

  it('bounds the size of results that share sub-trees', () => {
    let d: unknown = 'x'.repeat(100)
    for (let i = 0; i < 20; i++) d = [d, d]
    expect(failure('@', d).kind).toBe('limit')
  })

  it('bounds deep equality on shared sub-trees', () => {
    let a: unknown = 1
    let b: unknown = 1
    for (let i = 0; i < 40; i++) {
      a = [a, a]
      b = [b, b]
    }
    const start = Date.now()
    expect(value('@ == @', a)).toBe(true) // identical references short-circuit
    expect(failure('a == b', { a, b }).kind).toBe('limit')
    expect(Date.now() - start).toBeLessThan(2000)
  })

  it('survives very deep data', () => {
    let d: unknown = 1
    for (let i = 0; i < 20000; i++) d = [d]
    const r = search('to_string(@)', d as never)
    expect(r.ok || r.error.kind === 'limit').toBe(true)
  })

  it('never throws for garbage input', () => {
    for (const expr of ['', ' ', '[', ']', '{', '}', '(', ')', '`', "'", '"', '&', '|', '.', '*.', '[?', 'a[', 'f(', '@@', '1', '-']) {
      const r = search(expr, {})
      expect(r.ok ? 'ok' : r.error.kind).toMatch(/^(ok|syntax)$/)
    }
  })
})
