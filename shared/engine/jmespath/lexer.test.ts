/** Tokens and lexical errors with go-jmespath's names and texts. */
import { describe, expect, it } from 'vitest'
import { JmesError } from './errors.ts'
import { tokenize } from './lexer.ts'

const types = (expr: string): string[] => tokenize(expr).map((t) => t.type)
const lexError = (expr: string): string => {
  try {
    tokenize(expr)
  } catch (e) {
    if (e instanceof JmesError) return e.message
  }
  throw new Error('expected a lexer error')
}

describe('lexer', () => {
  it.each([
    ['foo.bar[0]', ['tUnquotedIdentifier', 'tDot', 'tUnquotedIdentifier', 'tLbracket', 'tNumber', 'tRbracket', 'tEOF']],
    ['a[?b]||c&&!d', ['tUnquotedIdentifier', 'tFilter', 'tUnquotedIdentifier', 'tRbracket', 'tOr', 'tUnquotedIdentifier', 'tAnd', 'tNot', 'tUnquotedIdentifier', 'tEOF']],
    ['[] [ ] |', ['tFlatten', 'tLbracket', 'tRbracket', 'tPipe', 'tEOF']],
    ['< <= > >= == != =', ['tLT', 'tLTE', 'tGT', 'tGTE', 'tEQ', 'tNE', 'tUnknown', 'tEOF']],
    ['&x @ *', ['tExpref', 'tUnquotedIdentifier', 'tCurrent', 'tStar', 'tEOF']],
    ['-12 `1` \'s\' "q"', ['tNumber', 'tJSONLiteral', 'tStringLiteral', 'tQuotedIdentifier', 'tEOF']],
    ['{a: b, c: d}', ['tLbrace', 'tUnquotedIdentifier', 'tColon', 'tUnquotedIdentifier', 'tComma', 'tUnquotedIdentifier', 'tColon', 'tUnquotedIdentifier', 'tRbrace', 'tEOF']],
  ])('%s', (expr, expected) => expect(types(expr)).toEqual(expected))

  it('decodes quoted identifiers as JSON strings and keeps raw strings raw', () => {
    const [q] = tokenize('"a\\u00e9\\n"')
    expect(q?.value).toBe('aé\n')
    const [r] = tokenize("'a\\nb\\'c'")
    expect(r?.value).toBe("a\\nb'c")
    const [l] = tokenize('`"a\\`b"`')
    expect(l?.value).toBe('"a`b"')
  })

  it('splits identifiers at non-ASCII letters', () => {
    expect(lexError('fooé')).toBe("SyntaxError: Unknown char: '\\u00e9'")
  })

  it.each([
    ['#', "SyntaxError: Unknown char: '#'"],
    ['a\u0001', "SyntaxError: Unknown char: '\\x01'"],
    ['$', "SyntaxError: Unknown char: '$'"],
    ['😀', "SyntaxError: Unknown char: '\\U0001f600'"],
    ['"abc', 'SyntaxError: Unclosed delimiter: "'],
    ["'abc", "SyntaxError: Unclosed delimiter: '"],
    ['`abc', 'SyntaxError: Unclosed delimiter: `'],
    ['"a\\x"', "invalid character 'x' in string escape code"],
  ])('%j → %s', (expr, message) => expect(lexError(expr)).toBe(message))
})
