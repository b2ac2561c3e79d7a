/** AST shapes for the constructs whose precedence matters, and the compile cache. */
import { describe, expect, it } from 'vitest'
import { compile } from './index.ts'

const ast = (expr: string): unknown => {
  const r = compile(expr)
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}

describe('parser', () => {
  it('binds && tighter than || and | loosest', () => {
    expect(ast('a || b && c | d')).toEqual({
      kind: 'pipe',
      left: { kind: 'or', left: { kind: 'field', name: 'a' }, right: { kind: 'and', left: { kind: 'field', name: 'b' }, right: { kind: 'field', name: 'c' } } },
      right: { kind: 'field', name: 'd' },
    })
  })

  it('builds projections for [*], [], [?], slices and .*', () => {
    expect(ast('a[*].b')).toMatchObject({ kind: 'projection', left: { name: 'a' }, right: { kind: 'field', name: 'b' } })
    expect(ast('a[].b')).toMatchObject({ kind: 'projection', left: { kind: 'flatten' } })
    expect(ast('a[?b].c')).toMatchObject({ kind: 'filterProjection', condition: { name: 'b' }, right: { name: 'c' } })
    expect(ast('a[1:2].b')).toMatchObject({ kind: 'projection', left: { kind: 'indexExpression', right: { kind: 'slice', start: 1, stop: 2, step: null } } })
    expect(ast('a.*.b')).toMatchObject({ kind: 'valueProjection' })
  })

  it('parses functions, expression references and literals', () => {
    expect(ast("sort_by(a, &b.c)")).toMatchObject({ kind: 'function', name: 'sort_by', args: [{ kind: 'field' }, { kind: 'expref', child: { kind: 'subexpression' } }] })
    expect(ast('`{"a": [1]}`')).toEqual({ kind: 'literal', value: { a: [1] } })
    expect(ast("'x'")).toEqual({ kind: 'literal', value: 'x' })
  })

  it('accepts go-jmespath leniencies', () => {
    expect(ast('f(a b)')).toMatchObject({ kind: 'function', args: [{ name: 'a' }, { name: 'b' }] })
    expect(ast('{a: b c: d}')).toMatchObject({ kind: 'multiSelectHash', entries: [{ key: 'a' }, { key: 'c' }] })
  })

  it('caches compiled expressions by text', () => {
    expect(compile('x.y.z')).toBe(compile('x.y.z'))
    expect(compile('x.')).toBe(compile('x.'))
  })

  it('rejects calls on non-identifiers', () => {
    const r = compile('a[0](b)')
    expect(!r.ok && r.error.message).toBe('SyntaxError: Invalid function name')
  })
})
