/** Kyverno string functions with Go `strings` semantics. */
import { describe, expect, it } from 'vitest'
import { failure, value } from '../testing/helpers.ts'

describe('string functions', () => {
  it.each([
    ["equal_fold('GoLang', 'golang')", true],
    ["equal_fold('K', '\u212a')", true], // Kelvin sign folds to k
    ["equal_fold('Straße', 'STRASSE')", false], // simple folding: ß is not SS
    ["equal_fold('ß', 'ẞ')", true],
    ["replace('aaa', 'a', 'b', `2`)", 'bba'],
    ["replace('aaa', 'a', 'b', `-1`)", 'bbb'],
    ["replace('aaa', 'a', 'b', `0`)", 'aaa'],
    ["replace('aaa', 'a', 'b', `1.9`)", 'baa'],
    ["replace('abc', '', '-', `-1`)", '-a-b-c-'],
    ["replace('abc', '', '-', `2`)", '-a-bc'],
    ["replace_all('a.b.c', '.', '/')", 'a/b/c'],
    ["to_upper('abc')", 'ABC'],
    ["to_upper('straße')", 'STRAßE'],
    ["to_upper('ᾳ')", 'ᾼ'],
    ["to_lower('ÀBC')", 'àbc'],
    ["to_lower('İ')", 'i'],
    ["to_lower('ΑΣ')", 'ασ'],
    ["trim('  x  ', ' ')", 'x'],
    ["trim('xyhixy', 'yx')", 'hi'],
    ["trim('abc', '')", 'abc'],
    ["trim('😀a😀', '😀')", 'a'],
    ["trim_prefix('foobar', 'foo')", 'bar'],
    ["trim_prefix('foobar', 'bar')", 'foobar'],
    ["split('a,b,c', ',')", ['a', 'b', 'c']],
    ["split('', ',')", ['']],
    ["split('abc', '')", ['a', 'b', 'c']],
    ["split('', '')", []],
    ["split('a😀', '')", ['a', '😀']],
    ["truncate('abc', `-1`)", ''],
    ["truncate('abc', `2`)", 'ab'],
    ["truncate('abc', `2.9`)", 'ab'],
    ["truncate('abc', `10`)", 'abc'],
    ["truncate('日本語', `2`)", '日本'],
    ["path_canonicalize('//a/../b/')", '/b'],
    ["path_canonicalize('')", ''],
    ["path_canonicalize('a/./b/..')", 'a'],
    ["path_canonicalize('../a')", '../a'],
    ["path_canonicalize('/..')", '/'],
    ["to_boolean('TRUE')", true],
    ["to_boolean('fAlSe')", false],
    ["pattern_match('nginx*', 'nginx:1.2')", true],
    ["pattern_match('1*', `12`)", true],
    ["pattern_match('?', '')", false],
    ["pattern_match('a?c', 'abc')", true],
  ])('%s', (expr, expected) => expect(value(expr)).toEqual(expected))

  it('to_boolean rejects anything but true/false', () => {
    expect(failure("to_boolean('yes')").message).toBe("JMESPath function 'to_boolean': lowercase argument must be 'true' or 'false' (provided: 'yes')")
  })

  it('checks argument types first', () => {
    expect(failure("split('a', `1`)").message).toBe('Invalid type for: 1, expected: []jmespath.JpType{"string"}')
    expect(failure("replace('a', 'a', 'b', '1')").kind).toBe('type')
  })

  it('refuses replacements that would exceed the string limit', () => {
    const big = 'a'.repeat(2000)
    expect(failure('replace_all(s, `"a"`, s)', { s: big }).kind).toBe('limit')
  })
})
