import { describe, expect, it } from 'vitest'
import type { JsonValue } from '../../lib/json.ts'
import { matchPattern, validatePattern } from './index.ts'

const match = (r: JsonValue, p: JsonValue, resourceNumbers: 'int' | 'float' = 'int') => matchPattern(r, p, { resourceNumbers })
const run = (r: JsonValue, p: JsonValue) => validatePattern(r, p, { rule: 'r', resourceNumbers: 'int' })
const failAt = (path: string) => ({ status: 'fail', message: `validation error: rule r failed at path ${path}` })

describe('§2 map patterns (checklist 1)', () => {
  it.each<[string, JsonValue, string]>([
    ['missing', {}, '<nil>'],
    ['null', { spec: null }, '<nil>'],
    ['a string', { spec: 'x' }, 'string'],
    ['an array', { spec: [1] }, '[]interface {}'],
    ['an integer', { spec: 5 }, 'int64'],
    ['a boolean', { spec: true }, 'bool'],
  ])('a map pattern vs %s fails at the key path', (_n, resource, found) => {
    expect(match(resource, { spec: { a: 1 } })).toEqual({
      path: '/spec/',
      kind: 'fail',
      message: `pattern and resource have different structures. Path: /spec/. Expected map[string]interface {}, found ${found}`,
    })
    expect(run(resource, { spec: { a: 1 } })).toEqual(failAt('/spec/'))
  })

  it('reports float64 for a number in a float-decoded resource', () => {
    expect(match({ spec: 5 }, { spec: {} }, 'float')?.message).toMatch(/found float64$/)
  })

  it('{} only requires a map', () => {
    expect(run({}, { spec: {} })).toEqual(failAt('/spec/'))
    expect(run({ spec: {} }, { spec: {} }).status).toBe('pass')
    expect(run({ spec: { anything: [1, 2] } }, { spec: {} }).status).toBe('pass')
  })

  it('the root must be a map too', () => {
    expect(match('x', { a: 1 })).toEqual({
      path: '/',
      kind: 'fail',
      message: 'pattern and resource have different structures. Path: /. Expected map[string]interface {}, found string',
    })
  })
})

describe('§2 array patterns (checklist 2, 3, 4)', () => {
  it('an array pattern needs an array', () => {
    expect(match({ a: 'x' }, { a: [{ b: 1 }] })).toEqual({
      path: '/a/',
      kind: 'fail',
      message: 'validation rule failed at path /a/, resource does not satisfy the expected overlay pattern',
    })
  })

  it('[] vs [] fails: an empty pattern array always fails', () => {
    expect(match({ a: [] }, { a: [] })).toEqual({ path: '/a/', kind: 'fail', message: 'pattern Array empty' })
    expect(run({ a: [1] }, { a: [] })).toEqual(failAt('/a/'))
  })

  it('[{…}] and ["x"] vs [] pass', () => {
    expect(run({ a: [] }, { a: [{ name: 'x' }] }).status).toBe('pass')
    expect(run({ a: [] }, { a: ['x'] }).status).toBe('pass')
  })

  it('a first map element is applied to every resource element; further pattern elements are ignored', () => {
    const p = { c: [{ name: 'a*' }, { name: 'b*' }] }
    expect(match({ c: [{ name: 'a1' }, { name: 'b1' }] }, p)).toEqual({
      path: '/c/1/name/',
      kind: 'fail',
      message: "resource value 'b1' does not match 'a*' at path /c/1/name/",
    })
    expect(run({ c: [{ name: 'a1' }, { name: 'a2' }] }, p).status).toBe('pass')
  })

  it('a non-map element against a map element fails with the element path', () => {
    expect(match({ c: [{ name: 'a' }, 'oops'] }, { c: [{ name: '?*' }] })).toMatchObject({ path: '/c/1/', kind: 'fail' })
  })

  it('a first scalar element is applied to every element; the failure points at the array', () => {
    expect(match({ c: ['b'] }, { c: ['a', 'b'] })).toEqual({
      path: '/c/',
      kind: 'fail',
      message: "resource value '[b]' does not match 'a' at path /c/",
    })
    expect(run({ c: ['a', 'a'] }, { c: ['a', 'b'] }).status).toBe('pass')
  })

  it('positional arrays: a shorter resource is an execution error', () => {
    const p = { a: [[1], [2]] }
    expect(match({ a: [[1]] }, p)).toEqual({
      path: '',
      kind: 'fail',
      message: 'validate Array failed, array length mismatch, resource Array len is 1 and pattern Array len is 2',
    })
    expect(run({ a: [[1]] }, p)).toEqual({
      status: 'error',
      message:
        'validation error: rule r execution error: validate Array failed, array length mismatch, resource Array len is 1 and pattern Array len is 2',
    })
  })

  it('positional arrays: extra elements are ignored, each position is matched', () => {
    const p = { a: [[1], [2]] }
    expect(run({ a: [[1], [2], ['extra']] }, p).status).toBe('pass')
    expect(match({ a: [[1], [3]] }, p)).toEqual({
      path: '/a/1/',
      kind: 'fail',
      message: "resource value '[3]' does not match '2' at path /a/1/",
    })
  })

  it('positional elements may mix kinds once the first is an array', () => {
    const p = { a: [['x'], { b: 1 }] }
    expect(run({ a: [['x'], { b: 1 }] }, p).status).toBe('pass')
    expect(match({ a: [['x'], { b: 2 }] }, p)?.path).toBe('/a/1/b/')
  })
})

describe('§2 scalar patterns', () => {
  it('against an array every element must match; an empty array passes', () => {
    expect(run({ a: ['x1', 'x2'] }, { a: 'x*' }).status).toBe('pass')
    expect(run({ a: [] }, { a: 'x*' }).status).toBe('pass')
    expect(match({ a: ['x1', 'y'] }, { a: 'x*' })).toEqual({
      path: '/a/',
      kind: 'fail',
      message: "resource value '[x1 y]' does not match 'x*' at path /a/",
    })
  })

  it('a map never matches a scalar', () => {
    expect(match({ a: { b: 1 } }, { a: 'x' })).toEqual({
      path: '/a/',
      kind: 'fail',
      message: "resource value 'map[b:1]' does not match 'x' at path /a/",
    })
  })

  it('null matches [0, ""] element-wise (checklist 6)', () => {
    expect(run({ a: [0, ''] }, { a: null }).status).toBe('pass')
    expect(run({ a: [0, 'x'] }, { a: null })).toEqual(failAt('/a/'))
  })

  it('integer 0 vs a missing key fails (checklist 6)', () => {
    expect(match({}, { a: 0 })).toEqual({
      path: '/a/',
      kind: 'fail',
      message: "resource value '<nil>' does not match '0' at path /a/",
    })
  })

  it('"?*" against [] passes (every element of an empty array) and {} fails', () => {
    expect(run({ a: [] }, { a: '?*' }).status).toBe('pass')
    expect(run({ a: {} }, { a: '?*' })).toEqual(failAt('/a/'))
  })
})

describe('§3.3 the "*" shortcut (checklist 5)', () => {
  it.each<[string, JsonValue]>([
    ['""', ''],
    ['false', false],
    ['{}', {}],
    ['[]', []],
    ['0', 0],
  ])('a present value %s passes', (_n, v) => {
    expect(run({ spec: { nodeName: v } }, { spec: { nodeName: '*' } }).status).toBe('pass')
  })

  it.each<[string, JsonValue]>([
    ['missing', { spec: {} }],
    ['null', { spec: { nodeName: null } }],
  ])('%s fails at the parent path', (_n, resource) => {
    expect(match(resource, { spec: { nodeName: '*' } })).toEqual({
      path: '/spec/',
      kind: 'fail',
      message: '/spec//nodeName not found',
    })
    expect(run(resource, { spec: { nodeName: '*' } })).toEqual(failAt('/spec/'))
  })

  it('at the root the parent is "/"', () => {
    expect(match({}, { name: '*' })).toEqual({ path: '/', kind: 'fail', message: '//name not found' })
  })

  it('under =(k) a map value does not match "*"', () => {
    expect(match({ x: {} }, { '=(x)': '*' })).toEqual({
      path: '/x/',
      kind: 'fail',
      message: "resource value 'map[]' does not match '*' at path /x/",
    })
  })

  it('under (k) a map value does not match "*", so the rule skips', () => {
    expect(run({ spec: { x: {} } }, { spec: { '(x)': '*', y: 1 } })).toEqual({
      status: 'skip',
      message: "conditional anchor mismatch: resource value 'map[]' does not match '*' at path /spec/x/",
    })
  })

  it('"*" inside a value is an ordinary glob', () => {
    expect(run({ a: 'x' }, { a: '*x' }).status).toBe('pass')
    expect(run({ a: {} }, { a: '*x' })).toEqual(failAt('/a/'))
  })
})

describe('%v rendering in messages (checklist 20)', () => {
  it.each<[string, JsonValue, JsonValue, 'int' | 'float', string]>([
    ['null', {}, { a: 'x' }, 'int', "resource value '<nil>' does not match 'x' at path /a/"],
    ['an array', { a: ['a', 'b'] }, { a: 'c' }, 'int', "resource value '[a b]' does not match 'c' at path /a/"],
    ['a map', { a: { a: 1 } }, { a: 'x' }, 'int', "resource value 'map[a:1]' does not match 'x' at path /a/"],
    ['a nested map, keys sorted', { a: { z: [true], b: null } }, { a: 'x' }, 'int', "resource value 'map[b:<nil> z:[true]]' does not match 'x' at path /a/"],
    ['a float64 million', { a: 1000000 }, { a: 'x' }, 'float', "resource value '1e+06' does not match 'x' at path /a/"],
    ['an int64 million', { a: 1000000 }, { a: 'x' }, 'int', "resource value '1000000' does not match 'x' at path /a/"],
    ['a small float', { a: 0.00001 }, { a: 'x' }, 'int', "resource value '1e-05' does not match 'x' at path /a/"],
    ['a boolean pattern', { a: 'yes' }, { a: true }, 'int', "resource value 'yes' does not match 'true' at path /a/"],
    ['a null pattern', { a: 'yes' }, { a: null }, 'int', "resource value 'yes' does not match '<nil>' at path /a/"],
  ])('%s', (_n, resource, pattern, mode, message) => {
    expect(match(resource, pattern, mode)?.message).toBe(message)
  })
})
