import { describe, expect, it } from 'vitest'
import { getOperator, rangeEndpoints, type Operator } from './operator.ts'

/** Monotonic clock; `performance` is not in this project's ES-only type libs. */
const now = (): number => (globalThis as unknown as { performance: { now(): number } }).performance.now()

describe('getOperator (§5.2 step 4)', () => {
  it.each<[string, Operator]>([
    ['>=5', '>='],
    ['<=5', '<='],
    ['>5', '>'],
    ['<5', '<'],
    ['!x', '!'],
    ['!=x', '!'], // "not =x"
    ['!-5', '!'], // prefixes are checked before ranges
    ['>=1-2', '>='],
    ['=>5', ''], // a literal
    ['!', ''], // shorter than two characters: literal
    ['>', ''],
    ['<', ''],
    ['1!-5', '!-'],
    ['1-5', '-'],
    ['-5--1', '-'],
    ['+1-+2', '-'],
    ['100Mi-1Gi', '-'],
    ['1h-2h', '-'],
    ['1.2-3', '-'],
    ['2020-01', '-'],
    ['1.5Gi!-2.5Gi', '!-'],
    ['a-b', ''],
    ['1-2-3', ''],
    ['1.-2', ''],
    ['nginx', ''],
    ['', ''],
  ])('%j → %j', (sub, op) => expect(getOperator(sub)).toBe(op))
})

describe('rangeEndpoints', () => {
  it('splits both range forms', () => {
    expect(rangeEndpoints('-5--1', '-')).toEqual(['-5', '-1'])
    expect(rangeEndpoints('100Mi-1Gi', '-')).toEqual(['100Mi', '1Gi'])
    expect(rangeEndpoints('1!-5', '!-')).toEqual(['1', '5'])
    expect(rangeEndpoints('1.2-3', '-')).toEqual(['1.2', '3'])
  })
  it('returns null for non-ranges', () => {
    expect(rangeEndpoints('a-b', '-')).toBeNull()
    expect(rangeEndpoints('1-5', '!-')).toBeNull()
  })
  it('stays fast on long near-misses (fixed regex, no backtracking blow-up)', () => {
    const long = '1'.repeat(50_000) + '-' + '2'.repeat(50_000) + 'x-'
    const t = now()
    expect(getOperator(long)).toBe('')
    expect(now() - t).toBeLessThan(500)
  })
})
