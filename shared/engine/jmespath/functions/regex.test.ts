/** Regex functions: Go `regexp` semantics on a translated pattern. */
import { describe, expect, it } from 'vitest'
import { failure, value } from '../testing/helpers.ts'
import { translateRe2 } from './re2.ts'

describe('regex_match', () => {
  it.each([
    ["regex_match('^nginx', 'nginx:1')", true],
    ["regex_match('ngin', 'an nginx')", true], // unanchored
    ["regex_match('^1234567890$', `1234567890`)", false], // float32 text of the number
    ["regex_match('^1234568000$', `1234567890`)", true],
    ["regex_match('^16777216$', `16777217`)", true],
    ["regex_match('^1.5$', `1.5`)", true],
    ["regex_match('^\\s$', '\u00a0')", false], // RE2 \\s is ASCII only
    ["regex_match('^\\s$', '\t')", true],
    ["regex_match('^.$', '\r')", true], // RE2 . matches \\r, JavaScript's does not
    ["regex_match('^.$', '\n')", false],
    ["regex_match('(?s)^.$', '\n')", true],
    ["regex_match('(?i)^abc$', 'ABC')", true],
    ["regex_match('(?m)^b$', 'a\nb\nc')", true],
    ["regex_match('^b$', 'a\nb')", false],
    ["regex_match('^[[:alpha:]]+$', 'abcXYZ')", true],
    ["regex_match('^[[:^digit:]]+$', 'ab1')", false],
    ["regex_match('^\\pL+$', 'héllo')", true],
    ["regex_match('^\\p{Greek}+$', 'αβγ')", true],
    ["regex_match('^\\PL$', '1')", true],
    ["regex_match('^\\Qa.b\\E$', 'a.b')", true],
    ["regex_match('^\\Qa.b\\E$', 'axb')", false],
    ["regex_match('^a{,5}$', 'a{,5}')", true], // not a repetition in RE2: literal
    ["regex_match('^(?P<year>\\d{4})-\\d{2}$', '2024-01')", true],
    ["regex_match('^\\x{263a}$', '☺')", true],
    ["regex_match('^\\052$', '*')", true], // octal escape
    ["regex_match('a\\z', 'a')", true],
    ["regex_match('\\Aa', 'ba')", false],
    ["regex_match('^[]a]+$', ']a')", true],
    ["regex_match('^[a-]+$', 'a-')", true],
    ["regex_match('^\\-\\#$', '-#')", true],
    ["regex_match('^😀+$', '😀😀')", true],
  ])('%s', (expr, expected) => expect(value(expr)).toBe(expected))

  it.each([
    ["regex_match('a(?=b)', 'ab')", 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`'],
    ["regex_match('a(?<!b)', 'ab')", 'error parsing regexp: invalid or unsupported Perl syntax: `(?<`'],
    ["regex_match('(a)\\1', 'aa')", 'error parsing regexp: invalid escape sequence: `\\1`'],
    ["regex_match('a{1001}', 'a')", 'error parsing regexp: invalid repeat count: `{1001}`'],
    ["regex_match('a**', 'a')", 'error parsing regexp: invalid nested repetition operator: `**`'],
    ["regex_match('*a', 'a')", 'error parsing regexp: missing argument to repetition operator: `*`'],
    ["regex_match('[z-a]', 'a')", 'error parsing regexp: invalid character class range: `[z-a`'],
    ["regex_match('\\Z', 'a')", 'error parsing regexp: invalid escape sequence: `\\Z`'],
    ["regex_match('a(?i)b', 'ab')", 'error parsing regexp: invalid or unsupported Perl syntax: `(?i`'],
    ["regex_match('[a', 'a')", 'error parsing regexp: missing closing ]: `[a`'],
  ])('%s fails', (expr, message) => {
    const e = failure(expr)
    expect(e.kind).toBe('function')
    expect(e.message).toBe(message)
  })

  it('reports unbalanced parentheses', () => {
    expect(failure("regex_match('(a', 'a')").message).toMatch(/^error parsing regexp: /)
  })

  it('caps pattern and input sizes', () => {
    expect(failure('regex_match(p, `"a"`)', { p: 'a'.repeat(1001) }).kind).toBe('limit')
    expect(failure("regex_match('a', s)", { s: 'a'.repeat(100_001) }).kind).toBe('limit')
  })
})

describe('regex_replace_all', () => {
  it.each([
    ["regex_replace_all('([a-z]+)-(?P<num>\\d+)', 'abc-123', '${num}/$1')", '123/abc'],
    ["regex_replace_all('(a)', 'a', '$1x')", ''], // names group "1x", which does not exist
    ["regex_replace_all('(a)', 'a', '${1}x')", 'ax'],
    ["regex_replace_all('a', 'a', '$$')", '$'],
    ["regex_replace_all('a', 'a', 'x$')", 'x$'],
    ["regex_replace_all('(a)', 'a', '$01')", ''],
    ["regex_replace_all('(a)(b)?', 'a', '[$2]')", '[]'],
    ["regex_replace_all('a*', 'baaac', '-')", '-b-c-'], // Go skips the empty match right after a match
    ["regex_replace_all('', 'abc', '-')", '-a-b-c-'],
    ["regex_replace_all('^(\\d+)$', `8080`, 'port-$1')", 'port-8080'],
    ["regex_replace_all('x', 'axbx', `1.5`)", 'a1.5b1.5'],
    ["regex_replace_all_literal('a', 'banana', '$1')", 'b$1n$1n$1'],
    ["regex_replace_all_literal('(n)', 'banana', '${1}')", 'ba${1}a${1}a'],
  ])('%s', (expr, expected) => expect(value(expr)).toBe(expected))

  it('wraps compile errors with the function name', () => {
    expect(failure("regex_replace_all('(?=x)', 'a', 'b')").message).toBe(
      "JMESPath function 'regex_replace_all': error parsing regexp: invalid or unsupported Perl syntax: `(?=`",
    )
  })
})

describe('RE2 translation', () => {
  it('collects group names in order', () => {
    const t = translateRe2('(a)(?P<x>b)(?:c)(?<y>d)')
    expect('names' in t && t.names).toEqual(['', 'x', 'y'])
  })
  it('maps leading flags to JavaScript flags and U to swapped greediness', () => {
    const t = translateRe2('(?iU)a+b*?')
    expect('source' in t && [t.flags, t.source]).toEqual(['ui', 'a+?b*'])
  })
})
