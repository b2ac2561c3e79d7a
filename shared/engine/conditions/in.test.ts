import { describe, expect, it } from 'vitest'
import { Int64 } from '../../lib/json.ts'
import { inOperator, jsonStringList, INVALID, type InOperator } from './in.ts'
import { legacyIn } from './legacy-in.ts'
import { inRange, notInRange, parseRange } from './range.ts'

type Row = [name: string, key: unknown, value: unknown, want: boolean]
const run = (op: InOperator) => (_: string, key: unknown, value: unknown, want: boolean) => expect(inOperator(op, key, value)).toBe(want)

describe('spec §5.3 examples and checklist 8–10', () => {
  it.each<[string, InOperator, unknown, unknown, boolean]>([
    ['AnyIn with wildcard value', 'AnyIn', ['a', 'b'], ['b*'], true],
    ['AllIn needs every element', 'AllIn', ['a', 'b'], ['a'], false],
    ['AnyIn range string', 'AnyIn', '5', '1-10', true],
    ['AllNotIn with * value', 'AllNotIn', ['x'], ['*'], false],
    ['AnyIn reverse wildcard (key is the pattern)', 'AnyIn', 'kube-*', ['kube-system'], true],
    ['AllIn [] key is vacuously true', 'AllIn', [], ['a'], true],
    ['AnyNotIn invalid value type', 'AnyNotIn', 'a', { a: 1 }, false],
    ['AllNotIn invalid value type', 'AllNotIn', 'a', true, false],
    ['AnyNotIn non-string JSON value', 'AnyNotIn', 'a', '{"a":1}', false],
    ['AnyIn JSON array string', 'AnyIn', 'a', '["a","b"]', true],
    ['AllIn array key in JSON array string', 'AllIn', ['a', 'b'], '["a","b","c"]', true],
    ['? needs one char (scalar)', 'AnyIn', 'ac', ['a?c'], false],
    ['* matches empty (scalar)', 'AnyIn', 'ac', ['a*c'], true],
    ['reverse match in array keys', 'AllIn', ['kube-*'], ['kube-system'], true],
  ])('%s', (_, op, key, value, want) => expect(inOperator(op, key, value)).toBe(want))
})

describe('AnyIn — Kyverno anyin_test.go', () => {
  it.each<Row>([
    ['key is string and in value', 'kyverno', 'kyverno', true],
    ['key is string and in value with wildcard', 'kube-system', ['default', 'kube-*'], true],
    ['key is string and not in value', 'kyverno', 'default', false],
    ['key is int and in value', 64, '64', true],
    ['key is int and in value slice', 1, [1, 2, 3], true],
    ['key is int and not in value', 64, 'default', false],
    ['key is float and in value', 3.14, '3.14', true],
    ['key is float and in value slice', 2.2, [1.1, 2.2, 3.3], true],
    ['key is float and not in value', 3.14, 'default', false],
    ['key is boolean and in value', true, 'true', true],
    ['key is array and all in value with wildcard', ['kube-system', 'kube-public'], 'kube-*', true],
    ['key is array and partially in value', ['kube-system', 'default'], 'kube-system', true],
    ['key is array and not in value', ['default', 'kyverno'], 'kube-*', false],
    ['key and value are array and any in value', ['default', 'kyverno'], ['kube-*', 'ky*'], true],
    ['key and value are array and none in value', ['default', 'kyverno'], ['kube-*', 'kube-system'], false],
    ['key is an empty array', [], ['default', 'kyverno'], false],
    ['key is an empty string and value is an array', '', ['default', 'kyverno'], false],
    ['unsupported key type', { foo: 'bar' }, 'test', false],
    ['key is string and in numeric range', '5', '1-10', true],
    ['key is string and outside numeric range', '0', '1-10', false],
    ['key is array and any value in numeric range', ['0', '5'], '1-10', true],
    ['key is array and no value in numeric range', ['0', '20'], '1-10', false],
    ['key is string and in JSON array string', 'apple', '["apple", "banana"]', true],
    ['key is string and not in JSON array string', 'cherry', '["apple", "banana"]', false],
    ['key is array and any in JSON array string', ['apple', 'cherry'], '["apple", "banana"]', true],
    ['key is array and none in JSON array string', ['cherry', 'date'], '["apple", "banana"]', false],
  ])('%s', run('AnyIn'))
})

describe('AnyNotIn — Kyverno anynotin_test.go', () => {
  it.each<Row>([
    ['key is string and in value', 'kyverno', 'kyverno', false],
    ['key is string and in wildcard value', 'kube-system', ['default', 'kube-*'], false],
    ['key is string and not in value', 'kyverno', 'default', true],
    ['key is int and in value', 64, '64', false],
    ['key is int and in value slice', 1, [1, 2, 3], false],
    ['key is int and not in value', 64, 'default', true],
    ['key is float and in value', 3.14, '3.14', false],
    ['key is float and in value slice', 2.2, [1.1, 2.2, 3.3], false],
    ['key is float and not in value', 3.14, 'default', true],
    ['key is boolean and value boolean (invalid value type)', true, true, false],
    ['key is array and in value', ['kube-system', 'kube-public'], 'kube-*', false],
    ['key is array and partially in value', ['kube-system', 'default'], 'kube-system', true],
    ['key is array and not in value', ['default', 'kyverno'], 'kube-*', true],
    ['array of int, value int partially in', [1, 2, 3], 2, true],
    ['array of int, value int not in', [1, 2, 3], 4, true],
    ['array of float, value float partially in', [1.1, 2.2, 3.3], 1.1, true],
    ['array of float, value float not in', [1.1, 2.2, 3.3], 4.4, true],
    ['array of bool, value bool partially in', [true, false], true, true],
    ['array of bool, value bool not in', [true], false, true],
    ['key and value are array and not in value', ['default', 'kyverno'], ['kube-*', 'kube-system'], true],
    ['key and value are array and partially in value', ['default', 'kyverno'], ['kube-*', 'ky*'], true],
    ['empty key array', [], ['default', 'kyverno'], false],
    ['empty string key not in value', '', ['default', 'kyverno'], true],
    ['single-element key equal to string value', ['a'], 'a', false],
  ])('%s', run('AnyNotIn'))
})

describe('AllNotIn — Kyverno allnotin_test.go', () => {
  it.each<Row>([
    ['key is string and in value', 'kyverno', 'kyverno', false],
    ['key is string and in wildcard value', 'kube-system', ['default', 'kube-*'], false],
    ['key is string and not in value', 'kyverno', 'default', true],
    ['key is int and in value', 64, '64', false],
    ['key is int and not in value', 64, 'default', true],
    ['key is array and in value', ['kube-system', 'kube-public'], 'kube-*', false],
    ['key is array and partially in value', ['kube-system', 'default'], 'kube-system', false],
    ['key is array and not in value', ['default', 'kyverno'], 'kube-*', true],
    ['key and value are array and not in value', ['default', 'kyverno'], ['kube-*', 'kube-system'], true],
    ['key and value are array and partially in value', ['default', 'kyverno'], ['kube-*', 'ky*'], false],
    ['single-element key equal to string value', ['a'], 'a', false],
    ['scalar value is not accepted by All*', ['1'], 2, false],
  ])('%s', run('AllNotIn'))
})

describe('AllIn', () => {
  it.each<Row>([
    ['every element matches', ['kube-system', 'kube-public'], ['kube-*'], true],
    ['one element misses', ['kube-system', 'default'], ['kube-*'], false],
    ['single-element key equal to string value', ['a'], 'a', true],
    ['scalar key behaves like AnyIn', 'kube-system', ['default', 'kube-*'], true],
    ['scalar value is not accepted by All*', [1], 1, false],
    ['all elements in range', ['2', '3'], '1-3', true],
    ['one element out of range', ['2', '4'], '1-3', false],
    ['numbers are stringified in Go %v form', [1000000], ['1e+06'], true],
    ['whole floats have no decimal point', [3], ['3'], true],
    ['Int64 elements print as integers', [new Int64(7)], ['7'], true],
    ['null elements print as <nil>', [null], ['<nil>'], true],
    ['map elements print as map[...]', [{ b: 2, a: 'x' }], ['map[a:x b:2]'], true],
  ])('%s', run('AllIn'))
})

describe('ranges (value "N-M", units allowed)', () => {
  it.each<[string, InOperator, unknown, unknown, boolean]>([
    ['port in range (number key)', 'AnyIn', 8080, '8000-9000', true],
    ['inclusive low bound', 'AnyIn', 8000, '8000-9000', true],
    ['inclusive high bound', 'AnyIn', '9000', '8000-9000', true],
    ['above range', 'AnyIn', 9001, '8000-9000', false],
    ['quantity units', 'AnyIn', '2Gi', '1Gi-4Gi', true],
    ['quantity units, mixed', 'AnyIn', '1536Mi', '1Gi-2Gi', true],
    ['durations', 'AnyIn', '90m', '1h-2h', true],
    ['decimal bounds', 'AnyIn', '2', '1.2-3', true],
    ['negative bounds', 'AnyIn', '-3', '-5--1', true],
    ['scalar AnyNotIn negates (non-numeric key is "not in")', 'AnyNotIn', 'abc', '1-10', true],
    ['array AnyNotIn: some element outside', 'AnyNotIn', [80, 8080], '8000-9000', true],
    ['array AnyNotIn: all inside', 'AnyNotIn', [8001, 8080], '8000-9000', false],
    ['array AllNotIn: all outside', 'AllNotIn', [80, 443], '8000-9000', true],
    ['array AllNotIn: one inside', 'AllNotIn', [80, 8080], '8000-9000', false],
    ['array AnyNotIn: non-numeric text is neither in nor out', 'AnyNotIn', ['abc'], '1-10', false],
    ['AllIn empty key with range', 'AllIn', [], '1-10', true],
  ])('%s', (_, op, key, value, want) => expect(inOperator(op, key, value)).toBe(want))

  it('parses range syntax only', () => {
    expect(parseRange('1-10')).toEqual({ text: '1-10', low: '1', high: '10' })
    expect(parseRange('100Mi-1Gi')).toEqual({ text: '100Mi-1Gi', low: '100Mi', high: '1Gi' })
    expect(parseRange('-5--1')).toEqual({ text: '-5--1', low: '-5', high: '-1' })
    expect(parseRange('kube-system')).toBeNull()
    expect(parseRange('2020-01-02')).toBeNull()
    expect(parseRange('1-')).toBeNull()
    expect(parseRange('-1')).toBeNull()
  })

  it('is neither in nor out of range when not comparable', () => {
    const r = parseRange('1-10')
    if (!r) throw new Error('range fixture')
    expect(inRange('x', r)).toBe(false)
    expect(notInRange('x', r)).toBe(false)
    expect(notInRange('11', r)).toBe(true)
  })
})

describe('JSON-array-string values', () => {
  it('decodes as Go json.Unmarshal into []string does', () => {
    expect(jsonStringList('["a", "b"]')).toEqual(['a', 'b'])
    expect(jsonStringList('null')).toEqual([])
    expect(jsonStringList('["a", null]')).toEqual(['a', ''])
    expect(jsonStringList('[1]')).toBe(INVALID)
    expect(jsonStringList('"a"')).toBe(INVALID)
    expect(jsonStringList('not json')).toBeUndefined()
  })

  it.each<[string, InOperator, unknown, unknown, boolean]>([
    ['JSON values are exact (no wildcards)', 'AnyIn', 'abc', '["a*"]', false],
    ['non-JSON string is a one-element list', 'AnyIn', ['a'], 'b', false],
    ['JSON number string is invalid', 'AnyIn', 'x', '5', false],
    ['JSON number string is invalid for the Not variants too', 'AnyNotIn', 'x', '5', false],
  ])('%s', (_, op, key, value, want) => expect(inOperator(op, key, value)).toBe(want))
})

describe('deprecated In / NotIn', () => {
  it.each<[string, boolean, unknown, unknown, boolean]>([
    ['In: scalar in array value', false, 'a', ['a', 'b'], true],
    ['In: scalar with wildcard value element', false, 'kube-system', ['kube-*'], true],
    ['In: scalar in JSON array string', false, 'a', '["a","b"]', true],
    ['In: non-JSON string value → false (checklist 9)', false, 'a', 'b', false],
    ['In: string value wildcard still applies first', false, 'kube-system', 'kube-*', true],
    ['In: no range support', false, '5', '1-10', false],
    ['In: number key', false, 3, ['3'], true],
    ['In: bool key unsupported', false, true, ['true'], false],
    ['In: array key subset (exact)', false, ['a', 'b'], ['a', 'b', 'c'], true],
    ['In: array key not a subset', false, ['a', 'd'], ['a', 'b', 'c'], false],
    ['In: array key uses no wildcards', false, ['kube-system'], ['kube-*'], false],
    ['In: array value with non-strings is invalid', false, ['1'], [1], false],
    ['In: array key with non-strings is invalid', false, [1], ['1'], false],
    ['In: empty array key', false, [], ['a'], true],
    ['NotIn: scalar not in array', true, 'c', ['a', 'b'], true],
    ['NotIn: scalar in array', true, 'a', ['a', 'b'], false],
    ['NotIn: non-JSON string value is invalid → false', true, 'a', 'b', false],
    ['NotIn: array key with an element outside', true, ['a', 'x'], ['a', 'b'], true],
    ['NotIn: array key inside', true, ['a'], ['a', 'b'], false],
    ['NotIn: Kyverno quirk, single key equal to the string value', true, ['a'], 'a', true],
  ])('%s', (_, notIn, key, value, want) => expect(legacyIn(notIn, key, value)).toBe(want))
})
