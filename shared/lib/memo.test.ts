import { describe, expect, it } from 'vitest'
import { boundedMemo } from './memo.ts'

describe('boundedMemo', () => {
  it('computes once per key, null and undefined results included', () => {
    const calls: string[] = []
    const f = boundedMemo((k: string) => (calls.push(k), k === 'none' ? undefined : k === 'nil' ? null : k.length), 10)
    expect([f('abc'), f('abc'), f('none'), f('none'), f('nil'), f('nil')]).toEqual([3, 3, undefined, undefined, null, null])
    expect(calls).toEqual(['abc', 'none', 'nil'])
  })

  it('never holds more than max entries: it starts over when full', () => {
    let calls = 0
    const f = boundedMemo((k: number) => (calls++, k * 2), 2)
    f(1)
    f(2)
    f(3) // full: cleared, then 3 stored
    f(3)
    expect(calls).toBe(3)
    f(1) // forgotten by the clear
    expect(calls).toBe(4)
  })
})
