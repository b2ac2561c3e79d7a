/**
 * Standard JMESPath behaviour, organised like the jmespath.test compliance suites (basic, boolean,
 * current, escape, filters, indices, literal, multiselect, pipe, slice, wildcard, functions).
 * Where the Kyverno fork differs (a missing key is an error), the case says so.
 */
import { describe, expect, it } from 'vitest'
import { compile } from './index.ts'
import { failure, value } from './testing/helpers.ts'

type Case = [expr: string, expected: unknown]

const run = (given: unknown, cases: Case[]): void => {
  it.each(cases)('%s', (expr, expected) => expect(value(expr, given)).toEqual(expected))
}
const errs = (given: unknown, cases: [string, string][]): void => {
  it.each(cases)('%s fails (%s)', (expr, kind) => expect(failure(expr, given).kind).toBe(kind))
}

describe('basic', () => {
  run({ foo: { bar: { baz: 'correct' } } }, [
    ['foo', { bar: { baz: 'correct' } }],
    ['foo.bar', { baz: 'correct' }],
    ['foo.bar.baz', 'correct'],
    ['foo\n.\nbar\n.baz', 'correct'],
    ['foo.bar.baz.bad', null], // field of a string: null, even in the fork
  ])
  // Standard JMESPath gives null; the Kyverno fork reports the missing key.
  errs({ foo: { bar: { baz: 'correct' } } }, [
    ['foo.bar.bad', 'notFound'],
    ['foo.bad', 'notFound'],
    ['bad', 'notFound'],
    ['bad.morebad.morebad', 'notFound'],
  ])
  run(['one', 'two', 'three'], [
    ['one', null],
    ['one.two', null],
  ])
  run({ foo: { '1': ['one', 'two', 'three'], '-1': 'bar' } }, [
    ['foo."1"', ['one', 'two', 'three']],
    ['foo."1"[0]', 'one'],
    ['foo."-1"', 'bar'],
  ])
})

describe('boolean', () => {
  run({ outer: { foo: 'foo', bar: 'bar', baz: 'baz' } }, [
    ['outer.foo || outer.bar', 'foo'],
    ['outer.foo||outer.bar', 'foo'],
    ['outer.bar || outer.baz', 'bar'],
    ['outer.bad || outer.foo', 'foo'],
    ['outer.foo || outer.bad', 'foo'],
  ])
  errs({ outer: {} }, [['outer.bad || outer.alsobad', 'notFound']])
  run({ outer: { foo: 'foo', bool: false, empty_list: [], empty_string: '' } }, [
    ['outer.empty_string || outer.foo', 'foo'],
    ['outer.nokey || outer.bool || outer.empty_list || outer.empty_string || outer.foo', 'foo'],
  ])
  run({ True: true, False: false, Number: 5, EmptyList: [], Zero: 0 }, [
    ['True && False', false],
    ['False && True', false],
    ['True && True', true],
    ['True && Number', 5],
    ['Number && True', true],
    ['Number && EmptyList', []],
    ['EmptyList && True', []],
    ['True || False', true],
    ['False || True', true],
    ['False || False', false],
    ['Number || EmptyList', 5],
    ['Number || True && False', 5],
    ['(Number || True) && False', false],
    ['!True', false],
    ['!False', true],
    ['!Number', false],
    ['!EmptyList', true],
    ['True && !False', true],
    ['!(True && False)', true],
    ['!Zero', false],
    ['!!Zero', true],
  ])
  run({ one: 1, two: 2, three: 3 }, [
    ['one < two', true],
    ['one <= two', true],
    ['one == one', true],
    ['one == two', false],
    ['one > two', false],
    ['one >= two', false],
    ['one != two', true],
    ['one < two && three > one', true],
    ['two < one || three < one', false],
  ])
})

describe('current node', () => {
  const given = { foo: [{ name: 'a' }, { name: 'b' }], bar: { baz: 'qux' } }
  run(given, [
    ['@', given],
    ['@.bar', { baz: 'qux' }],
    ['@.foo[0]', { name: 'a' }],
  ])
})

describe('escapes in quoted identifiers', () => {
  run(
    { 'foo.bar': 'dot', 'foo bar': 'space', 'foo\nbar': 'newline', 'foo"bar': 'doublequote', 'c:\\\\windows\\path': 'windows', '/unix/path': 'unix', '"""': 'threequotes', bar: { baz: 'qux' } },
    [
      ['"foo.bar"', 'dot'],
      ['"foo bar"', 'space'],
      ['"foo\\nbar"', 'newline'],
      ['"foo\\"bar"', 'doublequote'],
      ['"c:\\\\\\\\windows\\\\path"', 'windows'],
      ['"/unix/path"', 'unix'],
      ['"\\"\\"\\""', 'threequotes'],
      ['"bar"."baz"', 'qux'],
    ],
  )
})

describe('filters', () => {
  run({ foo: [{ name: 'a' }, { name: 'b' }] }, [["foo[?name == 'a']", [{ name: 'a' }]]])
  run({ foo: [0, 1], bar: [2, 3] }, [['*[?[0] == `0`]', [[], []]]])
  run({ foo: [{ first: 'foo', last: 'bar' }, { first: 'foo', last: 'foo' }, { first: 'foo', last: 'baz' }] }, [
    ['foo[?first == last]', [{ first: 'foo', last: 'foo' }]],
    ['foo[?first == last].first', ['foo']],
  ])
  run({ foo: [{ age: 20 }, { age: 25 }, { age: 30 }] }, [
    ['foo[?age > `25`]', [{ age: 30 }]],
    ['foo[?age >= `25`]', [{ age: 25 }, { age: 30 }]],
    ['foo[?age > `30`]', []],
    ['foo[?age < `25`]', [{ age: 20 }]],
    ['foo[?age <= `25`]', [{ age: 20 }, { age: 25 }]],
    ['foo[?age == `20`]', [{ age: 20 }]],
    ['foo[?age != `20`]', [{ age: 25 }, { age: 30 }]],
  ])
  run({ foo: [{ top: { name: 'a' } }, { top: { name: 'b' } }] }, [["foo[?top.name == 'a']", [{ top: { name: 'a' } }]]])
  const keys = { foo: [{ key: true }, { key: false }, { key: [] }, { key: {} }, { key: [0] }, { key: { a: 'b' } }, { key: 0 }, { key: 1 }, { key: null }, { notkey: true }] }
  run(keys, [
    ['foo[?key]', [{ key: true }, { key: [0] }, { key: { a: 'b' } }, { key: 0 }, { key: 1 }]],
    ['foo[?!key]', [{ key: false }, { key: [] }, { key: {} }, { key: null }, { notkey: true }]],
    // A missing key compares as null, as in standard JMESPath.
    ['foo[?key == `null`]', [{ key: null }, { notkey: true }]],
    ['foo[?key == `[0]`]', [{ key: [0] }]],
    ['foo[?key == `{"a": "b"}`]', [{ key: { a: 'b' } }]],
    ['foo[?`true` == key]', [{ key: true }]],
  ])
  run({ reservations: [{ instances: [{ foo: 1, bar: 2 }, { foo: 1, bar: 3 }, { foo: 1, bar: 2 }, { foo: 2, bar: 1 }] }] }, [
    ['reservations[].instances[?bar==`1`]', [[{ foo: 2, bar: 1 }]]],
    ['reservations[*].instances[?bar==`1`]', [[{ foo: 2, bar: 1 }]]],
    ['reservations[].instances[?bar==`1`][]', [{ foo: 2, bar: 1 }]],
  ])
  run({ foo: [{ a: 1, b: { c: 'x' } }, { a: 1, b: { c: 'y' } }, { a: 1, b: { c: 'z' } }, { a: 2, b: { c: 'z' } }, { a: 1, baz: 2 }] }, [
    ['foo[?a==`1`].b.c', ['x', 'y', 'z']],
    ["foo[?a==`1` && b.c=='y'].b.c", ['y']],
    ["foo[?a==`2` || b.c=='x'].b.c", ['x', 'z']],
  ])
})

describe('indices', () => {
  run({ foo: { bar: ['zero', 'one', 'two'] } }, [
    ['foo.bar[0]', 'zero'],
    ['foo.bar[-1]', 'two'],
    ['foo.bar[-4]', null],
    ['foo.bar[3]', null],
    ['foo[0]', null],
  ])
  run({ foo: [{ bar: 'one' }, { bar: 'two' }, { bar: 'three' }, { notbar: 'four' }] }, [
    ['foo[1].bar', 'two'],
    ['foo[3].notbar', 'four'],
    ['foo[*].bar', ['one', 'two', 'three']],
    ['foo[*].notbar', ['four']],
  ])
  errs({ foo: [{ notbar: 'four' }] }, [['foo[0].bar', 'notFound']])
  run([['one', 'two'], ['three', 'four']], [
    ['[0]', ['one', 'two']],
    ['[1][0]', 'three'],
    ['[]', ['one', 'two', 'three', 'four']],
  ])
  run({ foo: [{ bar: ['one', 'two'] }, { bar: ['three', 'four'] }, { bar: ['five'] }] }, [
    ['foo[].bar[]', ['one', 'two', 'three', 'four', 'five']],
    ['foo[*].bar[0]', ['one', 'three', 'five']],
  ])
})

describe('literals', () => {
  run({}, [
    ['`"foo"`', 'foo'],
    ['`[1, 2]`', [1, 2]],
    ['`{"a": "b"}`', { a: 'b' }],
    ['`true`', true],
    ['`null`', null],
    ['`  [1, 2]  `', [1, 2]],
    ['`"a\\`b"`', 'a`b'],
    ["'foo'", 'foo'],
    ["'\\u03a6'", '\\u03a6'],
    ["'it\\'s'", "it's"],
    ["'a\\\\b'", 'a\\\\b'],
  ])
  it('rejects legacy unquoted literals with Go json errors', () => {
    expect(failure('`foo`').message).toBe("invalid character 'o' in literal false (expecting 'a')")
  })
})

describe('multiselect', () => {
  const given = { foo: { bar: 'bar', baz: 'baz', qux: 'qux', nested: { one: { a: 'first', b: 'second' }, two: { a: 'third', b: 'fourth' } } } }
  run(given, [
    ['foo.{bar: bar}', { bar: 'bar' }],
    ['foo.{"bar": bar}', { bar: 'bar' }],
    ['foo.{"foo.bar": bar}', { 'foo.bar': 'bar' }],
    ['foo.{bar: bar, baz: baz}', { bar: 'bar', baz: 'baz' }],
    ['foo.[bar, baz]', ['bar', 'baz']],
    ['foo.[bar]', ['bar']],
    ['[foo.bar, foo.baz]', ['bar', 'baz']],
    ['foo.nested.*.[a, b]', [['first', 'second'], ['third', 'fourth']]],
    // The fork reads a missing key inside a multiselect as null.
    ['foo.{bar: bar, nope: nope}', { bar: 'bar', nope: null }],
    ['foo.[bar, nope]', ['bar', null]],
  ])
  run({ foo: null }, [
    ['foo.{a: a}', null],
    ['foo.[a]', null],
  ])
  errs(given, [['foo.badkey.{nokey: nokey}', 'notFound']])
})

describe('pipes', () => {
  const given = { foo: { bar: { baz: 'subkey' }, other: { baz: 'subkey' }, other3: { notbaz: ['a', 'b', 'c'] }, other4: { notbaz: ['d', 'e', 'f'] } } }
  run(given, [
    ['foo.*.baz | [0]', 'subkey'],
    ['foo.*.baz | [1]', 'subkey'],
    ['foo.bar.* | [0]', 'subkey'],
    ['foo.*.notbaz | [*]', [['a', 'b', 'c'], ['d', 'e', 'f']]],
    ['foo | bar', { baz: 'subkey' }],
    ['foo | bar | baz', 'subkey'],
    ['foo|bar| baz', 'subkey'],
    ['not_there | [0]', null],
    ['[foo.bar, foo.other] | [0]', { baz: 'subkey' }],
    ['{"a": foo.bar, "b": foo.other} | a', { baz: 'subkey' }],
    ['foo.bam || foo.bar | baz', 'subkey'],
    ['foo | not_there || bar', { baz: 'subkey' }],
  ])
  run({ foo: [{ bar: [{ baz: 'one' }, { baz: 'two' }] }, { bar: [{ baz: 'three' }, { baz: 'four' }] }] }, [
    ['foo[*].bar[*] | [0][0]', { baz: 'one' }],
  ])
})

describe('slices', () => {
  const given = { foo: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], bar: { baz: 1 } }
  const all = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
  run(given, [
    ['bar[0:10]', null],
    ['foo[0:10:1]', all],
    ['foo[0:10]', all],
    ['foo[0:10:]', all],
    ['foo[0::1]', all],
    ['foo[::]', all],
    ['foo[:]', all],
    ['foo[1:9]', [1, 2, 3, 4, 5, 6, 7, 8]],
    ['foo[0:10:2]', [0, 2, 4, 6, 8]],
    ['foo[5:]', [5, 6, 7, 8, 9]],
    ['foo[5::2]', [5, 7, 9]],
    ['foo[::-1]', [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]],
    ['foo[1::2]', [1, 3, 5, 7, 9]],
    ['foo[10:0:-1]', [9, 8, 7, 6, 5, 4, 3, 2, 1]],
    ['foo[10:5:-1]', [9, 8, 7, 6]],
    ['foo[8:2:-2]', [8, 6, 4]],
    ['foo[0:20]', all],
    ['foo[10:-20:-1]', [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]],
    ['foo[10:-20]', []],
    ['foo[-4:-1]', [6, 7, 8]],
    ['foo[:-5:-1]', [9, 8, 7, 6]],
  ])
  errs(given, [
    ['foo[8:2:0]', 'type'],
    ['foo[8:2:0:1]', 'syntax'],
    ['foo[8:2&]', 'syntax'],
    ['foo[2:a:3]', 'syntax'],
  ])
  run({ foo: [{ a: 1 }, { a: 2 }, { a: 3 }], bar: [{ a: { b: 1 } }, { a: { b: 2 } }, { a: { b: 3 } }], baz: 50 }, [
    ['foo[:2].a', [1, 2]],
    ['foo[:2].b', []],
    ['foo[:2].a.b', []],
    ['bar[::-1].a.b', [3, 2, 1]],
    ['bar[:2].a.b', [1, 2]],
    ['baz[:2].a', null],
  ])
  run([{ a: 1 }, { a: 2 }, { a: 3 }], [
    ['[:]', [{ a: 1 }, { a: 2 }, { a: 3 }]],
    ['[:2].a', [1, 2]],
    ['[::-1].a', [3, 2, 1]],
  ])
})

describe('wildcards', () => {
  run(
    { foo: { bar: { baz: 'val' }, other: { baz: 'val' }, other2: { baz: 'val' }, other3: { notbaz: ['a', 'b', 'c'] }, other4: { notbaz: ['a', 'b', 'c'] } } },
    [
      ['foo.*.baz', ['val', 'val', 'val']],
      ['foo.bar.*', ['val']],
      ['foo.*.notbaz', [['a', 'b', 'c'], ['a', 'b', 'c']]],
      ['foo.*.notbaz[0]', ['a', 'a']],
      ['foo.*.notbaz[-1]', ['c', 'c']],
    ],
  )
  run({ top1: { sub1: { foo: 'one' } }, top2: { sub1: { foo: 'two' } } }, [
    ['*.sub1', [{ foo: 'one' }, { foo: 'two' }]],
    ['*.*', [[{ foo: 'one' }], [{ foo: 'two' }]]],
    ['*.*.foo[]', ['one', 'two']],
    ['*.sub1.foo', ['one', 'two']],
  ])
  run({ foo: { bar: [{ baz: ['one', 'two', 'three'] }, { baz: ['four', 'five', 'six'] }, { baz: ['seven', 'eight', 'nine'] }] } }, [
    ['foo.bar[*].baz[0]', ['one', 'four', 'seven']],
    ['foo.bar[*].baz[3]', []],
    ['foo.bar[*].baz[*]', [['one', 'two', 'three'], ['four', 'five', 'six'], ['seven', 'eight', 'nine']]],
  ])
  run({ foo: { bar: 'bar' }, string: 'x' }, [
    ['foo.bar[*]', null],
    ['string[*]', null],
    ['string.*', null],
  ])
})

describe('syntax', () => {
  it.each([
    ['foo.1', 'SyntaxError: Expected identifier, lbracket, or lbrace'],
    ['foo.', 'SyntaxError: Expected identifier, lbracket, or lbrace'],
    ['.foo', 'SyntaxError: Invalid token: tDot'],
    ['foo..bar', 'SyntaxError: Expected identifier, lbracket, or lbrace'],
    ['foo[?]', 'SyntaxError: Invalid token: tRbracket'],
    ['foo[0', 'SyntaxError: Expected tRbracket, received: tEOF'],
    ['!', 'SyntaxError: Incomplete expression'],
    ['foo || ', 'SyntaxError: Incomplete expression'],
    ['|| foo', 'SyntaxError: Invalid token: tOr'],
    ['a{', 'SyntaxError: Unexpected token: tLbrace'],
    ['{a: b', 'SyntaxError: Expected tQuotedIdentifier or tUnquotedIdentifier'],
    ['{}', 'SyntaxError: Expected tQuotedIdentifier or tUnquotedIdentifier'],
    ['foo.{a b}', 'SyntaxError: Expected tColon, received: tUnquotedIdentifier'],
    ['foo.@', 'SyntaxError: Expected identifier, lbracket, or lbrace'],
    ['a b', 'SyntaxError: Unexpected token at the end of the expression: tUnquotedIdentifier'],
    ['a = b', 'SyntaxError: Unexpected token at the end of the expression: tUnknown'],
    ['"to_string"(`1`)', "SyntaxError: Can't have quoted identifier as function name."],
    ['foo[*]*', 'SyntaxError: Error'],
    ['foo[-]', 'strconv.Atoi: parsing "-": invalid syntax'],
    ['foo[99999999999999999999]', 'strconv.Atoi: parsing "99999999999999999999": value out of range'],
  ])('%s → %s', (expr, message) => {
    const e = failure(expr)
    expect(e.kind).toBe('syntax')
    expect(e.message).toBe(message)
  })
  it.each(['*', '*.*', '[]', '[0]', '[*]', 'foo[]', 'foo.[*]', '@', '&foo', 'foo[?bar]', 'foo[?a.b.c==d.e.f]', 'f(a b)', "foo[01]"])('accepts %s', (expr) => {
    expect(compile(expr).ok).toBe(true)
  })
})
