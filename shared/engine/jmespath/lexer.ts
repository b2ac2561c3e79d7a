/**
 * Tokenizer with go-jmespath's token set, names and error texts (`Unknown char: '#'`,
 * `Unclosed delimiter: "`), since those names appear verbatim in parse errors.
 */
import { JmesError, syntaxError } from './errors.ts'
import { decodeGoJsonString } from './gojson.ts'

export type TokType =
  | 'tUnknown'
  | 'tStar'
  | 'tDot'
  | 'tFilter'
  | 'tFlatten'
  | 'tLparen'
  | 'tRparen'
  | 'tLbracket'
  | 'tRbracket'
  | 'tLbrace'
  | 'tRbrace'
  | 'tOr'
  | 'tPipe'
  | 'tNumber'
  | 'tUnquotedIdentifier'
  | 'tQuotedIdentifier'
  | 'tComma'
  | 'tColon'
  | 'tLT'
  | 'tLTE'
  | 'tGT'
  | 'tGTE'
  | 'tEQ'
  | 'tNE'
  | 'tJSONLiteral'
  | 'tStringLiteral'
  | 'tCurrent'
  | 'tExpref'
  | 'tAnd'
  | 'tNot'
  | 'tEOF'

export interface Token {
  readonly type: TokType
  readonly value: string
  readonly pos: number
}

const BASIC: Record<string, TokType> = {
  '.': 'tDot',
  '*': 'tStar',
  ',': 'tComma',
  ':': 'tColon',
  '{': 'tLbrace',
  '}': 'tRbrace',
  ']': 'tRbracket',
  '(': 'tLparen',
  ')': 'tRparen',
  '@': 'tCurrent',
}

// Two-character operators: first char → [second char, two-char token, one-char token].
const PAIRS: Record<string, [string, TokType, TokType]> = {
  '|': ['|', 'tOr', 'tPipe'],
  '<': ['=', 'tLTE', 'tLT'],
  '>': ['=', 'tGTE', 'tGT'],
  '!': ['=', 'tNE', 'tNot'],
  '=': ['=', 'tEQ', 'tUnknown'],
  '&': ['&', 'tAnd', 'tExpref'],
}

const isIdentStart = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_'
const isIdentChar = (c: string): boolean => isIdentStart(c) || (c >= '0' && c <= '9')
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9'

/** Go's `strconv.QuoteRuneToASCII`. */
export function quoteRuneToASCII(cp: number): string {
  const named: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v', 39: "\\'", 92: '\\\\' }
  const n = named[cp]
  if (n !== undefined) return `'${n}'`
  if (cp >= 0x20 && cp < 0x7f) return `'${String.fromCodePoint(cp)}'`
  if (cp < 0x80) return `'\\x${cp.toString(16).padStart(2, '0')}'`
  if (cp <= 0xffff) return `'\\u${cp.toString(16).padStart(4, '0')}'`
  return `'\\U${cp.toString(16).padStart(8, '0')}'`
}

/** Tokenizes an expression; throws a syntax `JmesError` on bad input. */
export function tokenize(expr: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < expr.length) {
    const c = expr[i] as string
    const start = i
    if (isIdentStart(c)) {
      i++
      while (i < expr.length && isIdentChar(expr[i] as string)) i++
      tokens.push({ type: 'tUnquotedIdentifier', value: expr.slice(start, i), pos: start })
    } else if (BASIC[c] !== undefined) {
      tokens.push({ type: BASIC[c] as TokType, value: c, pos: i++ })
    } else if (c === '-' || isDigit(c)) {
      i++
      while (isDigit(expr[i])) i++
      tokens.push({ type: 'tNumber', value: expr.slice(start, i), pos: start })
    } else if (c === '[') {
      const next = expr[i + 1]
      if (next === '?' || next === ']') {
        tokens.push({ type: next === '?' ? 'tFilter' : 'tFlatten', value: '[' + next, pos: i })
        i += 2
      } else {
        tokens.push({ type: 'tLbracket', value: '[', pos: i++ })
      }
    } else if (c === '"') {
      const [raw, end] = consumeUntil(expr, i + 1, '"')
      const decoded = decodeGoJsonString(raw)
      if (typeof decoded !== 'string') throw new JmesError('syntax', decoded.error)
      tokens.push({ type: 'tQuotedIdentifier', value: decoded, pos: start })
      i = end
    } else if (c === "'") {
      const [value, end] = consumeRawString(expr, i + 1)
      tokens.push({ type: 'tStringLiteral', value, pos: start })
      i = end
    } else if (c === '`') {
      const [raw, end] = consumeUntil(expr, i + 1, '`')
      tokens.push({ type: 'tJSONLiteral', value: raw.replaceAll('\\`', '`'), pos: start })
      i = end
    } else if (PAIRS[c] !== undefined) {
      const [second, two, one] = PAIRS[c] as [string, TokType, TokType]
      if (expr[i + 1] === second) {
        tokens.push({ type: two, value: c + second, pos: i })
        i += 2
      } else {
        tokens.push({ type: one, value: c, pos: i++ })
      }
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++
    } else {
      throw syntaxError(`Unknown char: ${quoteRuneToASCII(expr.codePointAt(i) as number)}`)
    }
  }
  tokens.push({ type: 'tEOF', value: '', pos: expr.length })
  return tokens
}

// Text up to the closing delimiter; a backslash always takes the next character with it.
function consumeUntil(expr: string, from: number, end: string): [string, number] {
  let i = from
  while (i < expr.length && expr[i] !== end) i += expr[i] === '\\' && i + 1 < expr.length ? 2 : 1
  if (i >= expr.length) throw syntaxError(`Unclosed delimiter: ${end}`)
  return [expr.slice(from, i), i + 1]
}

// Raw strings only unescape `\'`; every other backslash stays (go-jmespath keeps `\\` as two chars).
function consumeRawString(expr: string, from: number): [string, number] {
  let out = ''
  let i = from
  while (i < expr.length) {
    const c = expr[i]
    if (c === '\\' && expr[i + 1] === "'") {
      out += "'"
      i += 2
    } else if (c === "'") {
      return [out, i + 1]
    } else {
      out += c
      i++
    }
  }
  throw syntaxError("Unclosed delimiter: '")
}
