import { describe, expect, it } from 'vitest'
import { wildcardMatch } from './wildcard.ts'
import { compareQuantity, formatQuantity, parseQuantity } from './quantity.ts'
import { formatDuration, parseDuration } from './duration.ts'
import { goFloatE, goV } from './gofmt.ts'
import { Int64, deepEqual, getKey, setKey } from './json.ts'

describe('wildcardMatch', () => {
  it.each([
    ['*', '', true],
    ['', '', true],
    ['', 'a', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['?', 'é', true],
    ['?', '/', true],
    ['nginx:*', 'nginx:1.2', true],
    ['Nginx*', 'nginx', false],
    ['*a*b*c*', 'xxaxxbxxc', true],
    ['*:latest', 'nginx:1', false],
  ])('%s vs %s → %s', (p, t, want) => expect(wildcardMatch(p, t)).toBe(want))

  it('stays fast on hostile patterns', () => {
    const p = '*a'.repeat(200) + 'b'
    const t = 'a'.repeat(5000)
    expect(wildcardMatch(p, t)).toBe(false)
  })
})

describe('quantity', () => {
  const q = (s: string) => parseQuantity(s)!
  it.each([
    ['1Gi', '1024Mi', 0],
    ['0.5', '500m', 0],
    ['1e3', '1k', 0],
    ['1000m', '1', 0],
    ['100Mi', '1Gi', -1],
    ['2', '1.5', 1],
  ])('%s vs %s', (a, b, c) => expect(compareQuantity(q(a), q(b))).toBe(c))
  it.each(['abc', '', '1.2.3', '1Gb', ' 1', '--1', '.', '1e999'])('rejects %j', (s) => expect(parseQuantity(s)).toBeNull())
  it('formats canonically', () => {
    expect(formatQuantity(q('1536Mi'))).toBe('1536Mi')
    expect(formatQuantity(q('2048Mi'))).toBe('2Gi')
    expect(formatQuantity(q('1500m'))).toBe('1500m')
    expect(formatQuantity(q('2000m'))).toBe('2')
    expect(formatQuantity(q('3k'))).toBe('3k')
  })
})

describe('duration', () => {
  it('parses Go durations', () => {
    expect(parseDuration('1h')).toBe(parseDuration('60m'))
    expect(parseDuration('1s')).toBe(parseDuration('1000ms'))
    expect(parseDuration('0')).toBe(0n)
    expect(parseDuration('1h30m')).toBe(5_400_000_000_000n)
    expect(parseDuration('1.5s')).toBe(1_500_000_000n)
    expect(parseDuration('10')).toBeNull()
    expect(parseDuration('1d')).toBeNull()
    expect(parseDuration('')).toBeNull()
  })
  it('formats as Go does', () => {
    expect(formatDuration(5_400_000_000_000n)).toBe('1h30m0s')
    expect(formatDuration(1_500_000_000n)).toBe('1.5s')
    expect(formatDuration(0n)).toBe('0s')
    expect(formatDuration(2_000_000n)).toBe('2ms')
    expect(formatDuration(3_600_000_000_000n)).toBe('1h0m0s')
  })
})

describe('Go formatting', () => {
  it('renders %v', () => {
    expect(goV(null)).toBe('<nil>')
    expect(goV(['a', 'b'])).toBe('[a b]')
    expect(goV({ b: 2, a: 1 })).toBe('map[a:1 b:2]')
    expect(goV(1000000, 'float')).toBe('1e+06')
    expect(goV(1.5)).toBe('1.5')
  })
  it('renders E form', () => {
    expect(goFloatE(1.5)).toBe('1.5E+00')
    expect(goFloatE(8080)).toBe('8.08E+03')
  })
})

describe('json helpers', () => {
  it('never reads the prototype', () => {
    expect(getKey({}, 'constructor')).toBeUndefined()
    const o = {}
    setKey(o, '__proto__', 'x')
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype)
    expect(getKey(o, '__proto__')).toBe('x')
  })
  it('keeps Int64 apart from floats', () => {
    expect(deepEqual(new Int64(0), 0)).toBe(false)
    expect(deepEqual({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true)
  })
})
