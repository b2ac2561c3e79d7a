import { describe, expect, it } from 'vitest'
import { parseGoFloat, parseGoInt } from './strconv.ts'
import { durationPair, goSprint, secondsToDuration } from './values.ts'
import { Int64 } from '../../lib/json.ts'

describe('parseGoFloat (strconv.ParseFloat)', () => {
  it.each<[string, number]>([
    ['1', 1],
    ['-1.5', -1.5],
    ['+2', 2],
    ['.5', 0.5],
    ['1.', 1],
    ['1e3', 1000],
    ['1E-2', 0.01],
    ['007', 7],
    ['inf', Infinity],
    ['-Infinity', -Infinity],
    ['+INF', Infinity],
    ['0x1p-2', 0.25],
    ['0X1.8P1', 3],
    ['1e-400', 0],
  ])('%j → %d', (s, want) => expect(parseGoFloat(s)).toBe(want))

  it('parses NaN', () => expect(parseGoFloat('NaN')).toBeNaN())

  it.each(['', ' 1', '1 ', '.', 'e3', '1e', '1e+', '0x10', '0x', '1_000', 'Infinity1', '+nan', '1e400', 'abc', '1.2.3', '--1'])(
    'rejects %j',
    (s) => expect(parseGoFloat(s)).toBeNull(),
  )
})

describe('parseGoInt (strconv.ParseInt base 10)', () => {
  it('parses signed decimal int64', () => {
    expect(parseGoInt('42')).toBe(42n)
    expect(parseGoInt('+5')).toBe(5n)
    expect(parseGoInt('-9223372036854775808')).toBe(-(2n ** 63n))
  })
  it.each(['', '+', '1.0', '1e3', ' 1', '0x1', '1_0', '9223372036854775808'])('rejects %j', (s) => expect(parseGoInt(s)).toBeNull())
})

describe('Go value helpers', () => {
  it('formats like fmt.Sprint of float64 / int64', () => {
    expect(goSprint(3)).toBe('3')
    expect(goSprint(1.5)).toBe('1.5')
    expect(goSprint(1e21)).toBe('1e+21')
    expect(goSprint(new Int64(1000000))).toBe('1000000')
    expect(goSprint(true)).toBe('true')
    expect(goSprint(null)).toBe('<nil>')
  })

  it('converts seconds the way time.Duration(f) * time.Second does', () => {
    expect(secondsToDuration(1.5)).toBe(1_000_000_000n)
    expect(secondsToDuration(-1.5)).toBe(-1_000_000_000n)
    expect(secondsToDuration(new Int64(2))).toBe(2_000_000_000n)
    expect(secondsToDuration('1')).toBeNull()
  })

  it('pairs durations only when one side is a duration string other than "0"', () => {
    expect(durationPair('1m', 60)).toEqual([60, 60])
    expect(durationPair(90, '1m')).toEqual([90, 60])
    expect(durationPair('0', 0)).toBeNull()
    expect(durationPair('0s', 0)).toEqual([0, 0])
    expect(durationPair('1m', 'x')).toBeNull()
    expect(durationPair('x', '1m')).toBeNull()
  })
})
