/** Go float formatting used when Kyverno turns numbers into strings. */
import { describe, expect, it } from 'vitest'
import { formatFloatF, ifaceToString, intNumber } from './convert.ts'

describe('strconv.FormatFloat(x, f, -1, bits)', () => {
  it.each([
    [1234567890, 32, '1234568000'], // float32 1234567936, shortest digits 1234568
    [16777217, 32, '16777216'],
    [123456789, 32, '123456790'],
    [1.5, 32, '1.5'],
    [0.1, 32, '0.1'],
    [3.4e39, 32, '+Inf'],
    [-0, 32, '-0'],
    [0, 32, '0'],
    [-2.5, 32, '-2.5'],
    [1e21, 64, '1000000000000000000000'],
    [1e-7, 64, '0.0000001'],
    [1.0000000000000002, 64, '1.0000000000000002'],
    [1234567890, 64, '1234567890'],
  ])('%s (%s bits) → %s', (x, bits, text) => expect(formatFloatF(x, bits as 32 | 64)).toBe(text))

  it('stringifies like Kyverno ifaceToString', () => {
    expect(ifaceToString('s')).toBe('s')
    expect(ifaceToString(true)).toBe('true')
    expect(ifaceToString(8080)).toBe('8080')
    expect(ifaceToString(null)).toBeNull()
    expect(ifaceToString([])).toBeNull()
  })

  it('checks integers like Kyverno intNumber', () => {
    expect(intNumber(3)).toBe(3)
    expect(intNumber(1.5)).toBe('expected an integer number but got: 1.5')
    expect(intNumber(1e300)).toMatch(/^expected an integer number but got: 1000000000/)
  })
})
