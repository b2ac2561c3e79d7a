import { describe, expect, it } from 'vitest'
import type { NumberModes } from './numbers.ts'
import { matchValue } from './value.ts'

/** Monotonic clock; `performance` is not in this project's ES-only type libs. */
const now = (): number => (globalThis as unknown as { performance: { now(): number } }).performance.now()

/** `pattern` semantics: int64 pattern numbers, admission resource numbers. */
const P: NumberModes = { resource: 'int', pattern: 'int' }
/** `anyPattern` semantics: every pattern number is float64. */
const ANY: NumberModes = { resource: 'int', pattern: 'float' }
/** `kyverno test`: resource numbers loaded as float64. */
const FILE: NumberModes = { resource: 'float', pattern: 'int' }

describe('§5.1 non-string patterns', () => {
  it.each<[string, unknown, unknown, NumberModes, boolean]>([
    ['bool equal', true, true, P, true],
    ['bool differs', false, true, P, false],
    ['bool vs "true"', 'true', true, P, false],
    ['bool vs null', null, false, P, false],
    ['int vs int', 1, 1, P, true],
    ['int vs other int', 2, 1, P, false],
    ['int vs whole float resource', 1, 1, FILE, true],
    ['int vs fractional float', 1.5, 1, P, false],
    ['int vs "1"', '1', 1, P, true],
    ['int vs "+1"', '+1', 1, P, true],
    ['int vs "1.0"', '1.0', 1, P, false],
    ['int vs " 1"', ' 1', 1, P, false],
    ['int vs null (missing)', null, 0, P, false],
    ['int vs bool', true, 1, P, false],
    ['int vs int64-overflowing text', '9223372036854775808', 0, P, false],
    ['float pattern vs int resource (whole)', 1, 1, ANY, true],
    ['float pattern with fraction vs int', 1, 1.5, ANY, false],
    ['float vs float', 1.5, 1.5, ANY, true],
    ['float vs "1.0"', '1.0', 1, ANY, true],
    ['float vs "1e0"', '1e0', 1, ANY, true],
    ['float vs "abc"', 'abc', 1, ANY, false],
    ['float vs null', null, 0, ANY, false],
    ['null vs null', null, null, P, true],
    ['null vs 0', 0, null, P, true],
    ['null vs 0.0 float', 0, null, FILE, true],
    ['null vs ""', '', null, P, true],
    ['null vs false', false, null, P, true],
    ['null vs "x"', 'x', null, P, false],
    ['null vs 1', 1, null, P, false],
    ['null vs true', true, null, P, false],
    ['null vs map', {}, null, P, false],
    ['null vs array', [], null, P, false],
    ['array pattern never matches a value', [1], [1], P, false],
    ['map pattern only needs a map', { a: 1 }, { b: 2 }, P, true],
    ['map pattern vs scalar', 'x', { b: 2 }, P, false],
  ])('%s', (_name, value, pattern, modes, want) => expect(matchValue(value, pattern, modes)).toBe(want))
})

describe('§5.2 results table', () => {
  // Resource `null` stands for a missing key: the walk passes null for it.
  it.each<[string, unknown, boolean]>([
    // key missing: null is treated as 0 by durations and quantities
    ['<5', null, true],
    ['0', null, true],
    ['0-10', null, true],
    ['>=0', null, true],
    ['!0', null, false],
    ['>0', null, false],
    ['!foo', null, false],
    ['?*', null, false],
    // "?*" against present values ({} and [] are exercised through the walk)
    ['?*', '', false],
    ['?*', 0, true],
    ['?*', false, true],
    ['?*', {}, false],
    // durations
    ['1h', '60m', true],
    ['1s', '1000ms', true],
    ['0', '0s', true],
    // quantities
    ['<=500m', '0.5', true],
    ['1000m', 1, true],
    ['1e3', '1k', true],
    ['1Gi', '1024Mi', true],
    // text rendering
    ['true', true, true],
    ['8*', 8080, true],
    ['*.5', 1.5, false],
    ['1.5', 1.5, true],
    ['>1', 'abc', false],
    // operators
    ['*:latest | !*:*', 'nginx', true],
    ['1.2-3', 2, true],
    ['1!-5', 7, true],
  ])('%j vs %j → %s', (pattern, value, want) => expect(matchValue(value, pattern, P)).toBe(want))

  it.each<unknown>(['x', '', 0, 1.5, true, false, null, {}, '!'])('"!*" fails for %j', (v) => {
    expect(matchValue(v, '!*', P)).toBe(false)
  })
  it('"!*" matches only the literal string "!*"', () => expect(matchValue('!*', '!*', P)).toBe(true))
})

describe('§5.2 details (checklist 6, 7)', () => {
  it.each<[string, unknown, boolean]>([
    // the whole-pattern literal shortcut
    ['a|b', 'a|b', true],
    ['a&b', 'a&b', true],
    ['1-5', '1-5', true],
    ['2020-01', '2020-01', true],
    ['2020-01', '2020-02', false],
    // "!" and "=>5" are literals; "!=x" means "not =x"
    ['!', '!', true],
    ['!', 'x', false],
    ['=>5', '=>5', true],
    ['=>5', '6', false],
    ['!=x', 'x', true],
    ['!=x', '=x', false],
    // "|" binds looser than "&", parts trimmed of spaces
    ['a & b | c', 'c', true],
    ['a & b | c', 'a', false],
    ['a* & *z | q', 'abz', true],
    ['a* & *z | q', 'abc', false],
    ['  nginx  |  redis  ', 'redis', true],
    ['a|b', 'b', true],
    ['a|b', 'c', false],
    ['!a & !b', 'c', true],
    ['!a & !b', 'b', false],
    // "?" is exactly one code point; globs are case-sensitive
    ['?', 'é', true],
    ['a?c', 'a😀c', true],
    ['?', 'ab', false],
    ['?', '', false],
    ['Nginx*', 'nginx:1', false],
    ['nginx*', 'nginx:1', true],
    ['*', '', true],
    ['', '', true],
    ['', 'x', false],
    // no escapes, no character classes (§5.3)
    ['a\\*', 'a\\xyz', true],
    ['a\\*', 'a*', false],
    ['[ab]', 'a', false],
    ['[ab]', '[ab]', true],
  ])('%j vs %j → %s', (pattern, value, want) => expect(matchValue(value, pattern, P)).toBe(want))

  it.each<[string, unknown, boolean]>([
    // m is minutes for durations
    ['1m', '60s', true],
    ['>1h', '61m', true],
    ['<=500m', '1h', true],
    ['500m', '30000s', true],
    ['1h30m', '90m', true],
    ['<1h', '2h', false],
    // a unitless number is not a duration, so it falls through to quantities
    ['10', '10', true],
    ['>5', 6, true],
    ['<5', 4.5, true],
    ['>=1Gi', '512Mi', false],
    ['100Mi-1Gi', '512Mi', true],
    ['100Mi-1Gi', '2Gi', false],
    ['1h-2h', '90m', true],
    ['1h-2h', '3h', false],
    ['-5--1', -3, true],
    ['-5--1', 0, false],
    ['1!-5', 3, false],
    ['1!-5', 0, true],
    // ordering operators never apply to plain text
    ['>a', 'b', false],
    ['<=z', 'a', false],
    // booleans have no number text, so only the glob step sees them
    ['!false', true, true],
    ['>0', true, false],
  ])('durations/quantities/ranges: %j vs %j → %s', (pattern, value, want) =>
    expect(matchValue(value, pattern, P)).toBe(want),
  )

  it('float64 resources are matched in E form by globs and in %f by quantities', () => {
    expect(matchValue(8080, '8.08E*', FILE)).toBe(true)
    expect(matchValue(8080, '8*', FILE)).toBe(true)
    expect(matchValue(8080, '8080', FILE)).toBe(true) // quantity 8080 vs "8080.000000"
    expect(matchValue(1.5, '1.5E+00', P)).toBe(true)
    expect(matchValue(1.5, '>1', P)).toBe(true)
  })

  it('null, maps and arrays are never negated into a match', () => {
    expect(matchValue(null, '!x', P)).toBe(false)
    expect(matchValue({}, '!x', P)).toBe(false)
    expect(matchValue([], '!x', P)).toBe(false)
  })

  it('stays fast on hostile alternation and glob patterns', () => {
    const pattern = Array.from({ length: 2000 }, () => '*a*a*a*b').join(' | ')
    const t = now()
    expect(matchValue('a'.repeat(2000), pattern, P)).toBe(false)
    expect(now() - t).toBeLessThan(5000)
  })
})
