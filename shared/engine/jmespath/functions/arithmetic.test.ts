/** Kyverno arithmetic over numbers, quantities and durations, and the quantity helpers behind it. */
import { describe, expect, it } from 'vitest'
import {
  approximateFloat,
  divideQuantitiesTruncated,
  formatQuantityCanonical,
  parseK8sQuantity,
  parseQuantity,
} from '../../../lib/quantity.ts'
import { failure, value } from '../testing/helpers.ts'

describe('arithmetic functions', () => {
  it.each([
    ['add(`1`, `2`)', 3],
    ["add('1Gi', '512Mi')", '1536Mi'],
    ["add('1h', '1800s')", '1h30m0s'],
    ["add('500m', '1')", '1500m'],
    ["add('0', '1Gi')", '1Gi'], // a zero left operand takes the right one's format
    ["add('1.5s', '500ms')", '2s'],
    ["add('10', '5')", '15'],
    ["subtract('1Gi', '1Mi')", '1023Mi'],
    ["subtract('1Ki', '24')", '1k'], // BinarySI below 1024 prints as DecimalSI
    ["subtract('1h', '2h')", '-1h0m0s'],
    ['subtract(`5`, `7.5`)', -2.5],
    ["multiply('1Gi', `2`)", '2Gi'],
    ["multiply(`2`, '1Gi')", '2Gi'],
    ["multiply('100m', `3`)", '300m'],
    ["multiply('1Ki', `1.5`)", '1536'],
    ["multiply('1h', `1.5`)", '1h30m0s'],
    ["multiply(`2`, '90s')", '3m0s'],
    ['multiply(`3`, `4`)', 12],
    ["divide('1Gi', '512Mi')", 2],
    ['divide(`10`, `4`)', 2.5],
    ["divide('1h', '1800s')", 2],
    ["divide('12Ki', '200')", 61.44],
    ["divide('12s', '5s')", 2.4],
    ["divide('1h', `2`)", '30m0s'],
    ["divide('10', `3`)", '3'], // quotient truncated at the larger operand scale (0)
    ["divide('10.0', `4`)", '2500m'],
    ["divide('1k', `3`)", '333'],
    ["divide('1Gi', `3`)", '357913941'],
    ["divide('0.3', '1')", 0.30000000000000004], // Go computes 3 × 10^-1 in float64
    ['modulo(`7`, `3`)', 1],
    ['modulo(`-7`, `3`)', -1],
    ["modulo('10Gi', '3Gi')", '1Gi'],
    ["modulo('1h', '2400s')", '20m0s'],
    ["modulo('12Ki', '5Ki')", '2Ki'],
    ["multiply(`2.5`, '12Ki')", '30Ki'],
    ["multiply(`2.5`, '40s')", '1m40s'],
    ["add('12Ki', '13')", '12301'],
    ['sum(`[1, 2, 3]`)', 6],
    ["sum(`[\"1Gi\", \"1Gi\", \"512Mi\"]`)", '2560Mi'],
    ["sum(`[\"1m\", \"2m\"]`)", '3m'],
    ['round(`2.5`, `0`)', 3],
    ['round(`-2.5`, `0`)', -3],
    ['round(`0.49999999999999994`, `0`)', 0],
    ['round(`1.2345`, `2`)', 1.23],
    ['round(`1234.5678`, `1`)', 1234.6],
  ])('%s', (expr, expected) => expect(value(expr)).toEqual(expected))

  it.each([
    ["add('1m', '1s')", "JMESPath function 'add': Types mismatch"], // 1m is a milli-quantity
    ["add('1h', '30m')", "JMESPath function 'add': Types mismatch"], // so is 30m
    ["add(`1`, '1')", "JMESPath function 'add': Types mismatch"],
    ["add('abc', `1`)", "JMESPath function 'add': invalid operands"],
    ['add(`[]`, `1`)', "JMESPath function 'add': invalid operands"],
    ["subtract('1h', '1Gi')", "JMESPath function 'subtract': Types mismatch"],
    ["multiply('1Gi', '1Gi')", "JMESPath function 'multiply': Types mismatch"],
    ["divide(`1`, '1Gi')", "JMESPath function 'divide': Types mismatch"],
    ['divide(`1`, `0`)', "JMESPath function 'divide': Zero divisor passed"],
    ["divide('1Gi', '0')", "JMESPath function 'divide': Zero divisor passed"],
    ["divide('1h', '0s')", "JMESPath function 'divide': Zero divisor passed"],
    ['modulo(`7.5`, `2`)', "JMESPath function 'modulo': Non-integer argument(s) passed for modulo"],
    ['modulo(`7`, `0`)', "JMESPath function 'modulo': Zero divisor passed"],
    ["modulo('1.5', '1')", "JMESPath function 'modulo': Non-integer argument(s) passed for modulo"],
    ['sum(`[]`)', "JMESPath function 'sum': at least one element in the array is required"],
    ["sum(`[1, \"1Gi\"]`)", "JMESPath function 'sum': Types mismatch"],
    ['round(`1`, `1.5`)', "JMESPath function 'round': Non-integer argument(s) passed for round off"],
    ['round(`1`, `-1`)', "JMESPath function 'round': %!d(MISSING) argument is out of bounds (%!d(MISSING))"],
  ])('%s fails', (expr, message) => expect(failure(expr).message).toBe(message))

  it('rejects int64 operands of round like Go (number type only)', () => {
    expect(failure('round(i, `0`)', { i: { value: 1 } }).kind).toBe('type')
  })
})

describe('Kubernetes quantity internals', () => {
  it.each([
    ['1.5', 15n, 1],
    ['10', 10n, 0],
    ['1k', 1n, -3],
    ['500m', 500n, 3],
    ['1Gi', 1073741824n, 0],
    ['1e3', 1n, -3],
    ['0.1n', 1n, 9], // below nano: rounded up to nano precision
    ['1.5Gi', 1610612736000000000n, 9], // BinarySI with a fraction takes the slow path
    ['-2.5', -25n, 1],
  ])('%s is stored as %s × 10^-%s', (text, unscaled, scale) => {
    expect(parseK8sQuantity(text)?.decimal).toEqual({ unscaled, scale })
  })

  it('approximates floats as Kubernetes does', () => {
    expect(approximateFloat({ unscaled: 15n, scale: 1 })).toBe(15 * 0.1)
    expect(approximateFloat({ unscaled: 1n, scale: -3 })).toBe(1000)
  })

  it('truncates quotients toward zero at a scale', () => {
    const q = (s: string) => parseQuantity(s)!
    expect(formatQuantityCanonical(divideQuantitiesTruncated(q('-10'), q('3'), 0))).toBe('-3')
    expect(formatQuantityCanonical(divideQuantitiesTruncated(q('10'), q('3'), 2))).toBe('3330m')
    expect(formatQuantityCanonical(divideQuantitiesTruncated(q('10k'), q('3'), -3))).toBe('3k')
  })

  it('never reads suffixes from the object prototype', () => {
    expect(parseQuantity('1constructor')).toBeNull()
    expect(parseQuantity('1toString')).toBeNull()
    expect(parseK8sQuantity('1__proto__')).toBeNull()
  })
})
