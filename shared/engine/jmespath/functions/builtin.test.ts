/** Standard functions (jmespath.test `functions.json`, go-jmespath behaviour). */
import { describe, expect, it } from 'vitest'
import { Int64 } from '../../../lib/json.ts'
import { failure, value } from '../testing/helpers.ts'

const given = {
  foo: -1,
  zero: 0,
  numbers: [-1, 3, 4, 5],
  array: [-1, 3, 4, 5, 'a', '100'],
  strings: ['a', 'b', 'c'],
  decimals: [1.01, 1.2, -1.5],
  str: 'Str',
  false: false,
  empty_list: [],
  empty_hash: {},
  objects: { foo: 'bar', bar: 'baz' },
  null_key: null,
}

describe('standard functions', () => {
  it.each([
    ['abs(foo)', 1],
    ['abs(`-24`)', 24],
    ['avg(numbers)', 2.75],
    ['avg(empty_list)', null],
    ['ceil(`1.2`)', 2],
    ['ceil(decimals[2])', -1],
    ["contains('abc', 'a')", true],
    ["contains('abc', 'd')", false],
    ["contains(strings, 'a')", true],
    ['contains(decimals, `1.01`)', true],
    ['contains(decimals, `false`)', false],
    ['contains(`[{"a": [1]}]`, `{"a": [1]}`)', true],
    ["ends_with(str, 'r')", true],
    ["ends_with(str, 'SStr')", false],
    ['floor(`1.2`)', 1],
    ['floor(foo)', -1],
    ["length('abc')", 3],
    ["length('✓foo')", 4],
    ["length('😀')", 1],
    ["length('')", 0],
    ['length(@)', 12],
    ['length(array)', 6],
    ['length(objects)', 2],
    ['max(numbers)', 5],
    ['max(decimals)', 1.2],
    ['max(strings)', 'c'],
    ['max(empty_list)', null],
    ['min(numbers)', -1],
    ['min(decimals)', -1.5],
    ['min(strings)', 'a'],
    ['merge(`{}`)', {}],
    ['merge(`{"a": 1}`, `{"b": 2}`)', { a: 1, b: 2 }],
    ['merge(`{"a": 1, "b": 2}`, `{"a": 2, "c": 3}`, `{"d": 4}`)', { a: 2, b: 2, c: 3, d: 4 }],
    ["type('abc')", 'string'],
    ['type(`1.0`)', 'number'],
    ['type(`true`)', 'boolean'],
    ['type(`null`)', 'null'],
    ['type(`[0]`)', 'array'],
    ['type(@)', 'object'],
    ['sort(keys(objects))', ['bar', 'foo']],
    ['sort(values(objects))', ['bar', 'baz']],
    ['keys(empty_hash)', []],
    ["join(', ', strings)", 'a, b, c'],
    ["join('|', decimals[].to_string(@))", '1.01|1.2|-1.5'],
    ["join('|', empty_list)", ''],
    ['reverse(numbers)', [5, 4, 3, -1]],
    ['reverse(array)', ['100', 'a', 5, 4, 3, -1]],
    ["reverse('hello world')", 'dlrow olleh'],
    ["reverse('a😀b')", 'b😀a'],
    ["starts_with(str, 'St')", true],
    ["starts_with(str, 'String')", false],
    ["to_array('foo')", ['foo']],
    ['to_array(`[1, 2]`)', [1, 2]],
    ['to_array(false)', [false]],
    ["to_string('foo')", 'foo'],
    ['to_string(`1.2`)', '1.2'],
    ['to_string(`[0, 1]`)', '[0,1]'],
    ['to_string(`{"b": 1, "a": "<&>"}`)', '{"a":"\\u003c\\u0026\\u003e","b":1}'],
    ["to_number('1.0')", 1],
    ["to_number('1.1')", 1.1],
    ["to_number('1e3')", 1000],
    ["to_number('notanumber')", null],
    ["to_number(' 1')", null],
    ["to_number('1e999')", null],
    ['to_number(`false`)', null],
    ['to_number(`[0]`)', null],
    ['sort(numbers)', [-1, 3, 4, 5]],
    ['sort(decimals)', [-1.5, 1.01, 1.2]],
    ['sort(empty_list)', []],
    ["sort(`[\"b\", \"\\uffff\", \"😀\", \"a\"]`)", ['a', 'b', '\uffff', '😀']],
    ['not_null(unknown_key, str)', 'Str'],
    ['not_null(unknown_key, null_key, empty_list, str)', []],
    ['not_null(all, expressions, are_null)', null],
    ['numbers[].to_string(@)', ['-1', '3', '4', '5']],
    ['array[].to_number(@)', [-1, 3, 4, 5, 100]],
    ['sum(numbers)', 11],
  ])('%s', (expr, expected) => expect(value(expr, given)).toEqual(expected))

  it.each([
    ['abs(str)', 'Invalid type for: Str, expected: []jmespath.JpType{"number"}'],
    ['avg(array)', 'Invalid type for: [-1 3 4 5 a 100], expected: []jmespath.JpType{"array[number]"}'],
    ['contains(`false`, \'d\')', 'Invalid type for: false, expected: []jmespath.JpType{"array", "string"}'],
    ['length(`false`)', 'Invalid type for: false, expected: []jmespath.JpType{"string", "array", "object"}'],
    ['max(array)', 'Invalid type for: [-1 3 4 5 a 100], expected: []jmespath.JpType{"array[number]", "array[string]"}'],
    ['keys(strings)', 'Invalid type for: [a b c], expected: []jmespath.JpType{"object"}'],
    ["join(',', `[\"a\", 0]`)", 'Invalid type for: [a 0], expected: []jmespath.JpType{"array[string]"}'],
    ['merge(`{}`, `1`)', 'Invalid type for: 1, expected: []jmespath.JpType{"object"}'],
  ])('%s is a type error', (expr, message) => {
    const e = failure(expr, given)
    expect(e.kind).toBe('type')
    expect(e.message).toBe(message)
  })

  it.each([
    ['abs(`1`, `2`)', 'incorrect number of args'],
    ['not_null()', 'Invalid arity.'],
    ['merge()', 'Invalid arity.'],
  ])('%s has the wrong arity', (expr, message) => {
    const e = failure(expr, given)
    expect([e.kind, e.message]).toEqual(['arity', message])
  })

  it('reports unknown functions', () => {
    expect(failure('nope(`1`)')).toMatchObject({ kind: 'unknownFunction', message: 'unknown function: nope' })
  })

  it('rejects a boxed int64 where a number is required, as Go does for elementIndex', () => {
    const data = { i: new Int64(2) }
    expect(failure('abs(i)', data).message).toBe('Invalid type for: 2, expected: []jmespath.JpType{"number"}')
    expect(failure('type(i)', data).message).toBe('unknown type')
    expect(value('to_string(i)', data)).toBe('2')
    expect(value('i == i', data)).toBe(true)
  })
})

describe('functions with expression references', () => {
  const people = {
    people: [
      { age: 20, age_str: '20', bool: true, name: 'a', extra: 'foo' },
      { age: 40, age_str: '40', bool: false, name: 'b', extra: 'bar' },
      { age: 30, age_str: '30', bool: true, name: 'c' },
      { age: 50, age_str: '50', bool: false, name: 'd' },
      { age: 10, age_str: '10', bool: true, name: 3 },
    ],
  }
  it.each([
    ['sort_by(people, &age)[].age', [10, 20, 30, 40, 50]],
    ['sort_by(people, &age_str)[].age', [10, 20, 30, 40, 50]],
    ['sort_by(people, &age)[].name', [3, 'a', 'c', 'b', 'd']],
    ['sort_by(people, &age)[].extra', ['foo', 'bar']],
    ['sort_by(`[]`, &age)', []],
    ['max_by(people, &age).age', 50],
    ['max_by(people, &age_str).age', 50],
    ['min_by(people, &age).age', 10],
    ['min_by(people, &age_str).age', 10],
    ['map(&age, people)', [20, 40, 30, 50, 10]],
    ['map(&[], `[[1, 2, 3, [4]], [5, 6, 7, [8, 9]]]`)', [[1, 2, 3, 4], [5, 6, 7, 8, 9]]],
  ])('%s', (expr, expected) => expect(value(expr, people)).toEqual(expected))

  it('sorts stably', () => {
    const data = { p: [{ a: 1, o: 1 }, { a: 0, o: 2 }, { a: 1, o: 3 }, { a: 0, o: 4 }] }
    expect(value('sort_by(p, &a)[].o', data)).toEqual([2, 4, 1, 3])
  })

  it.each([
    ['sort_by(people, &bool)', 'invalid type, must be number of string'],
    ['sort_by(people, &name)', 'error in sort_by comparison'],
    ['sort_by(people, &extra)', 'error in sort_by comparison'],
    ['max_by(people, &bool)', 'invalid type, must be number of string'],
    ['max_by(people, &name)', 'invalid type, must be string'],
  ])('%s fails', (expr, message) => expect(failure(expr, people).message).toBe(message))

  it('propagates a missing key inside an expression reference (the fork does not swallow it there)', () => {
    expect(failure('map(&extra, people)', people).message).toBe('Unknown key "extra" in path')
    expect(failure('sort_by(people, name)', people).kind).toBe('type')
  })
})
