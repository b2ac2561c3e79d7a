import { describe, expect, it } from 'vitest'
import { Int64 } from '../../lib/json.ts'
import { comparableText, goNumber, goTypeName, numberText, parseGoFloat, parseGoInt } from './numbers.ts'

/** Monotonic clock; `performance` is not in this project's ES-only type libs. */
const now = (): number => (globalThis as unknown as { performance: { now(): number } }).performance.now()

describe('number model (§0)', () => {
  it('classifies whole numbers as int64 only in int mode', () => {
    expect(goNumber(1, 'int')).toEqual({ kind: 'int', value: 1 })
    expect(goNumber(1, 'float')).toEqual({ kind: 'float', value: 1 })
    expect(goNumber(1.5, 'int')).toEqual({ kind: 'float', value: 1.5 })
    expect(goNumber(2 ** 63, 'int')).toEqual({ kind: 'float', value: 2 ** 63 })
    expect(goNumber(new Int64(3), 'float')).toEqual({ kind: 'int', value: 3 })
    expect(goNumber('1', 'int')).toBeNull()
  })

  it('renders Go %T', () => {
    expect(goTypeName(null, 'int')).toBe('<nil>')
    expect(goTypeName('x', 'int')).toBe('string')
    expect(goTypeName(true, 'int')).toBe('bool')
    expect(goTypeName(5, 'int')).toBe('int64')
    expect(goTypeName(5, 'float')).toBe('float64')
    expect(goTypeName(5.5, 'int')).toBe('float64')
    expect(goTypeName([], 'int')).toBe('[]interface {}')
    expect(goTypeName({}, 'int')).toBe('map[string]interface {}')
  })
})

describe('strconv parsing', () => {
  it.each<[string, bigint | null]>([
    ['1', 1n],
    ['+1', 1n],
    ['-42', -42n],
    ['007', 7n],
    ['9223372036854775807', 9223372036854775807n],
    ['9223372036854775808', null],
    ['1.0', null],
    [' 1', null],
    ['1_000', null],
    ['', null],
    ['0x10', null],
  ])('ParseInt(%j) → %s', (s, want) => expect(parseGoInt(s)).toBe(want))

  it.each<[string, number | null]>([
    ['1.0', 1],
    ['1', 1],
    ['+1.5', 1.5],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['1E-2', 0.01],
    ['0x1p-2', 0.25],
    ['0x1.8p1', 3],
    ['-Inf', -Infinity],
    ['infinity', Infinity],
    ['1e400', null],
    ['abc', null],
    ['1.2.3', null],
    ['', null],
    [' 1', null],
  ])('ParseFloat(%j) → %s', (s, want) => expect(parseGoFloat(s)).toBe(want))

  it('parses NaN', () => expect(parseGoFloat('NaN')).toBeNaN())

  it('is linear on long digit runs', () => {
    const s = '1'.repeat(200_000) + 'x'
    const t = now()
    expect(parseGoFloat(s)).toBeNull()
    expect(now() - t).toBeLessThan(500)
  })
})

describe('value texts', () => {
  it('numberText: null → "0", int decimal, float %f, no text for bool/map/array', () => {
    expect(numberText(null, 'int')).toBe('0')
    expect(numberText(undefined, 'int')).toBe('0')
    expect(numberText('1Gi', 'int')).toBe('1Gi')
    expect(numberText(8080, 'int')).toBe('8080')
    expect(numberText(8080, 'float')).toBe('8080.000000')
    expect(numberText(0.5, 'int')).toBe('0.500000')
    expect(numberText(1e21, 'float')).toBe('1000000000000000000000.000000')
    expect(numberText(2 ** 62, 'int')).toBe('4611686018427387904')
    expect(numberText(true, 'int')).toBeNull()
    expect(numberText({}, 'int')).toBeNull()
    expect(numberText([], 'int')).toBeNull()
  })
  it('comparableText: int decimal, float E form, booleans, nothing for null/map/array', () => {
    expect(comparableText(8080, 'int')).toBe('8080')
    expect(comparableText(8080, 'float')).toBe('8.08E+03')
    expect(comparableText(1.5, 'int')).toBe('1.5E+00')
    expect(comparableText(true, 'int')).toBe('true')
    expect(comparableText(false, 'int')).toBe('false')
    expect(comparableText('x', 'int')).toBe('x')
    expect(comparableText(null, 'int')).toBeNull()
    expect(comparableText({}, 'int')).toBeNull()
    expect(comparableText([], 'int')).toBeNull()
  })
})
