/** Variable detection with Kyverno's regex semantics, escaping, and referenced-variable discovery. */
import { describe, expect, it } from 'vitest'
import { findVariables, referencedVariables, unescapeVariables, variableText } from './scan.ts'

describe('findVariables', () => {
  it.each([
    ['{{a}}', [['', '{{a}}']]],
    ['x {{ a.b }} y', [[' ', '{{ a.b }}']]],
    ['{{a}}{{b}}', [['', '{{a}}']]], // the next match needs a character before it: found on the next pass
    ['{{a}}-{{b}}', [['', '{{a}}'], ['-', '{{b}}']]],
    ['\\{{a}}', []],
    ['x\\{{a}} {{b}}', [[' ', '{{b}}']]],
    ['{{ {a: b} }}', [['', '{{ {a: b} }}']]],
    ['{{ labels.{{k}} }}', [['.', '{{k}}']]],
    ['{{ {a: {b: c}} }}', []], // only one level of {…} inside a variable
    ['{{{a}}}', [['', '{{{a}}}']]], // the inner {a} is a group
    ['x{{{a}}', [['{', '{{a}}']]],
    ['{{}}', [['', '{{}}']]],
    ['{{a}', []],
    ['no vars', []],
  ])('%j', (s, expected) => {
    expect(findVariables(s).map((m) => [m.prefix, m.body])).toEqual(expected)
  })

  it('stays linear on hostile text', () => {
    const s = '{{a'.repeat(50_000) + '{'.repeat(50_000)
    const start = Date.now()
    expect(findVariables(s)).toEqual([])
    expect(Date.now() - start).toBeLessThan(1000)
  })
})

describe('variable text', () => {
  it.each([
    ['{{ a.b }}', 'a.b', false],
    ['{{- a }}', 'a', true],
    ['{{-a}}', 'a', true],
    ['{{ - a}}', 'a', true],
    ['{{ {x: y} }}', '{x: y}', false],
    ['{{\u00a0a\u0085}}', 'a', false],
  ])('%j', (body, text, shallow) => expect(variableText(body)).toEqual({ text, shallow }))
})

describe('unescapeVariables', () => {
  it.each([
    ['\\{{a}}', '{{a}}'],
    ['x \\{{a}} \\{{a}} \\{{b}}', 'x {{a}} {{a}} {{b}}'],
    ['\\{{ not closed', '\\{{ not closed'],
    ['plain', 'plain'],
  ])('%j → %j', (s, out) => expect(unescapeVariables(s)).toBe(out))
})

describe('referencedVariables', () => {
  it('lists variables innermost first and skips escaped ones', () => {
    expect(referencedVariables('{{ request.object.metadata.labels.{{tier}} }} \\{{no}} {{- a}} {{b}}{{c}}')).toEqual([
      'tier',
      'a',
      'b',
      'request.object.metadata.labels.tier',
      'c',
    ])
    expect(referencedVariables('nothing here')).toEqual([])
  })
})
