/**
 * Top-down operator-precedence parser with go-jmespath's binding powers, productions and error
 * texts (`SyntaxError: Expected tRbracket, received: tEOF`). Its leniencies are kept because
 * Kyverno accepts them: function arguments and hash entries may omit commas (`f(a b)`).
 */
import { depth, type Ast, type Comparator } from './ast.ts'
import { JmesError, limitError, syntaxError } from './errors.ts'
import { parseGoJson } from './gojson.ts'
import { LIMITS } from './limits.ts'
import { tokenize, type Token, type TokType } from './lexer.ts'

const BP: Partial<Record<TokType, number>> = {
  tPipe: 1,
  tOr: 2,
  tAnd: 3,
  tEQ: 5,
  tLT: 5,
  tLTE: 5,
  tGT: 5,
  tGTE: 5,
  tNE: 5,
  tFlatten: 9,
  tStar: 20,
  tFilter: 21,
  tDot: 40,
  tNot: 45,
  tLbrace: 50,
  tLbracket: 55,
  tLparen: 60,
}
const bp = (t: TokType): number => BP[t] ?? 0

const COMPARATORS: Partial<Record<TokType, Comparator>> = { tEQ: '==', tNE: '!=', tLT: '<', tLTE: '<=', tGT: '>', tGTE: '>=' }
const IDENTITY: Ast = { kind: 'identity' }

/** `strconv.Atoi` with Go's error texts. */
function atoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new JmesError('syntax', `strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`)
  const n = BigInt(s)
  if (n > 2n ** 63n - 1n || n < -(2n ** 63n)) {
    throw new JmesError('syntax', `strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range`)
  }
  return Number(n)
}

class Parser {
  private i = 0
  private nesting = 0

  constructor(private readonly tokens: Token[]) {}

  private current(): TokType {
    return this.lookahead(0)
  }

  private lookahead(n: number): TokType {
    return (this.tokens[this.i + n] ?? this.tokens[this.tokens.length - 1])?.type ?? 'tEOF'
  }

  private token(): Token {
    return this.tokens[this.i] as Token
  }

  private advance(): void {
    this.i++
  }

  private match(t: TokType): void {
    if (this.current() !== t) throw syntaxError(`Expected ${t}, received: ${this.current()}`)
    this.advance()
  }

  parse(): Ast {
    const node = this.expression(0)
    if (this.current() !== 'tEOF') throw syntaxError(`Unexpected token at the end of the expression: ${this.current()}`)
    return node
  }

  expression(power: number): Ast {
    // Recursion is bounded here; left-deep chains are bounded by the AST depth check afterwards.
    if (++this.nesting > LIMITS.astDepth) throw limitError(`expression nested deeper than ${LIMITS.astDepth}`)
    const tok = this.token()
    this.advance()
    let left = this.nud(tok)
    while (power < bp(this.current())) {
      const t = this.current()
      this.advance()
      left = this.led(t, left)
    }
    this.nesting--
    return left
  }

  private nud(tok: Token): Ast {
    switch (tok.type) {
      case 'tJSONLiteral': {
        const r = parseGoJson(tok.value)
        if (!r.ok) throw new JmesError('syntax', r.error)
        return { kind: 'literal', value: r.value }
      }
      case 'tStringLiteral':
        return { kind: 'literal', value: tok.value }
      case 'tUnquotedIdentifier':
        return { kind: 'field', name: tok.value }
      case 'tQuotedIdentifier':
        if (this.current() === 'tLparen') throw syntaxError("Can't have quoted identifier as function name.")
        return { kind: 'field', name: tok.value }
      case 'tStar': {
        const right = this.current() === 'tRbracket' ? IDENTITY : this.projectionRHS(bp('tStar'))
        return { kind: 'valueProjection', left: IDENTITY, right }
      }
      case 'tFilter':
        return this.filter(IDENTITY)
      case 'tLbrace':
        return this.multiSelectHash()
      case 'tFlatten':
        return { kind: 'projection', left: { kind: 'flatten', child: IDENTITY }, right: this.projectionRHS(bp('tFlatten')) }
      case 'tLbracket': {
        const t = this.current()
        if (t === 'tNumber' || t === 'tColon') return this.projectIfSlice(IDENTITY, this.indexExpression())
        if (t === 'tStar' && this.lookahead(1) === 'tRbracket') {
          this.advance()
          this.advance()
          return { kind: 'projection', left: IDENTITY, right: this.projectionRHS(bp('tStar')) }
        }
        return this.multiSelectList()
      }
      case 'tCurrent':
        return IDENTITY
      case 'tExpref':
        return { kind: 'expref', child: this.expression(bp('tExpref')) }
      case 'tNot':
        return { kind: 'not', child: this.expression(bp('tNot')) }
      case 'tLparen': {
        const inner = this.expression(0)
        this.match('tRparen')
        return inner
      }
      case 'tEOF':
        throw syntaxError('Incomplete expression')
      default:
        throw syntaxError(`Invalid token: ${tok.type}`)
    }
  }

  private led(t: TokType, left: Ast): Ast {
    switch (t) {
      case 'tDot':
        if (this.current() !== 'tStar') return { kind: 'subexpression', left, right: this.dotRHS(bp('tDot')) }
        this.advance()
        return { kind: 'valueProjection', left, right: this.projectionRHS(bp('tDot')) }
      case 'tPipe':
        return { kind: 'pipe', left, right: this.expression(bp('tPipe')) }
      case 'tOr':
        return { kind: 'or', left, right: this.expression(bp('tOr')) }
      case 'tAnd':
        return { kind: 'and', left, right: this.expression(bp('tAnd')) }
      case 'tLparen': {
        if (left.kind !== 'field') throw syntaxError('Invalid function name')
        const args: Ast[] = []
        while (this.current() !== 'tRparen') {
          args.push(this.expression(0))
          if (this.current() === 'tComma') this.match('tComma')
        }
        this.match('tRparen')
        return { kind: 'function', name: left.name, args }
      }
      case 'tFilter':
        return this.filter(left)
      case 'tFlatten':
        return { kind: 'projection', left: { kind: 'flatten', child: left }, right: this.projectionRHS(bp('tFlatten')) }
      case 'tLbracket': {
        const cur = this.current()
        if (cur === 'tNumber' || cur === 'tColon') return this.projectIfSlice(left, this.indexExpression())
        this.match('tStar')
        this.match('tRbracket')
        return { kind: 'projection', left, right: this.projectionRHS(bp('tStar')) }
      }
      default: {
        const op = COMPARATORS[t]
        if (op !== undefined) return { kind: 'comparator', op, left, right: this.expression(bp(t)) }
        throw syntaxError(`Unexpected token: ${t}`)
      }
    }
  }

  private indexExpression(): Ast {
    if (this.lookahead(0) === 'tColon' || this.lookahead(1) === 'tColon') return this.sliceExpression()
    const index = atoi(this.token().value)
    this.advance()
    this.match('tRbracket')
    return { kind: 'index', index }
  }

  private sliceExpression(): Ast {
    const parts: (number | null)[] = [null, null, null]
    let k = 0
    let cur = this.current()
    while (cur !== 'tRbracket' && k < 3) {
      if (cur === 'tColon') {
        k++
        this.advance()
      } else if (cur === 'tNumber') {
        parts[k] = atoi(this.token().value)
        this.advance()
      } else {
        throw syntaxError(`Expected tColon or tNumber, received: ${cur}`)
      }
      cur = this.current()
    }
    this.match('tRbracket')
    return { kind: 'slice', start: parts[0] ?? null, stop: parts[1] ?? null, step: parts[2] ?? null }
  }

  private projectIfSlice(left: Ast, right: Ast): Ast {
    const indexExpr: Ast = { kind: 'indexExpression', left, right }
    if (right.kind !== 'slice') return indexExpr
    return { kind: 'projection', left: indexExpr, right: this.projectionRHS(bp('tStar')) }
  }

  private filter(left: Ast): Ast {
    const condition = this.expression(0)
    this.match('tRbracket')
    const right = this.current() === 'tFlatten' ? IDENTITY : this.projectionRHS(bp('tFilter'))
    return { kind: 'filterProjection', left, right, condition }
  }

  private dotRHS(power: number): Ast {
    const t = this.current()
    if (t === 'tQuotedIdentifier' || t === 'tUnquotedIdentifier' || t === 'tStar') return this.expression(power)
    if (t === 'tLbracket') {
      this.advance()
      return this.multiSelectList()
    }
    if (t === 'tLbrace') {
      this.advance()
      return this.multiSelectHash()
    }
    throw syntaxError('Expected identifier, lbracket, or lbrace')
  }

  private projectionRHS(power: number): Ast {
    const t = this.current()
    if (bp(t) < 10) return IDENTITY
    if (t === 'tLbracket' || t === 'tFilter') return this.expression(power)
    if (t === 'tDot') {
      this.advance()
      return this.dotRHS(power)
    }
    throw syntaxError('Error')
  }

  private multiSelectList(): Ast {
    const items: Ast[] = []
    for (;;) {
      items.push(this.expression(0))
      if (this.current() === 'tRbracket') break
      this.match('tComma')
    }
    this.match('tRbracket')
    return { kind: 'multiSelectList', items }
  }

  private multiSelectHash(): Ast {
    const entries: { key: string; value: Ast }[] = []
    for (;;) {
      const keyTok = this.token()
      if (keyTok.type !== 'tUnquotedIdentifier' && keyTok.type !== 'tQuotedIdentifier') {
        throw syntaxError('Expected tQuotedIdentifier or tUnquotedIdentifier')
      }
      this.advance()
      this.match('tColon')
      entries.push({ key: keyTok.value, value: this.expression(0) })
      if (this.current() === 'tComma') this.advance()
      else if (this.current() === 'tRbrace') {
        this.advance()
        break
      }
    }
    return { kind: 'multiSelectHash', entries }
  }
}

/** Parses an expression to an AST; throws a `JmesError` (`syntax` or `limit`). */
export function parse(expression: string): Ast {
  if (expression.length > LIMITS.expressionLength) {
    throw limitError(`expression longer than ${LIMITS.expressionLength} characters`)
  }
  const ast = new Parser(tokenize(expression)).parse()
  if (depth(ast) > LIMITS.astDepth) throw limitError(`expression nested deeper than ${LIMITS.astDepth}`)
  return ast
}
