import { describe, expect, it } from 'vitest'
import { Int64 } from '../../lib/json.ts'
import { durationOperator, numericOperator } from './numeric.ts'

type Row = [name: string, op: string, key: unknown, value: unknown, want: boolean]
const check = (_: string, op: string, key: unknown, value: unknown, want: boolean) => expect(numericOperator(op, key, value)).toBe(want)

describe('numeric operators — spec §5.4 and checklist 11', () => {
  it.each<Row>([
    ['durations: 90s > 1m', 'GreaterThan', '90s', '1m', true],
    ['duration vs number of seconds: 2m > 100', 'GreaterThan', '2m', 100, true],
    ['number vs duration string: 100 > 1m', 'GreaterThan', 100, '1m', true],
    ['number vs duration string: 50 > 1m', 'GreaterThan', 50, '1m', false],
    ['quantities: 1Gi > 500Mi', 'GreaterThan', '1Gi', '500Mi', true],
    ['numeric strings compare as quantities: 10 > 9', 'GreaterThan', '10', '9', true],
    ['semver: 1.10.0 > 1.9.0', 'GreaterThan', '1.10.0', '1.9.0', true],
    ['semver needs a semver value', 'GreaterThan', '1.10.0', 1, false],
    ['semver value must be strict', 'GreaterThan', '1.10.0', 'v1.9.0', false],
    ['5 vs "1Gi" → false', 'GreaterThan', 5, '1Gi', false],
    ['"1Gi" vs 5 → false (quantity needs a string value)', 'GreaterThan', '1Gi', 5, false],
    ['lowercase operator is always false', 'greaterthan', 5, 1, false],
    ['upper-case operator is always false', 'GREATERTHAN', 5, 1, false],
    ['mixed-case operator is always false', 'Lessthan', 1, 5, false],
    ['Int64 key (elementIndex) compares numerically', 'LessThan', new Int64(2), 3, true],
    ['Int64 value', 'GreaterThanOrEquals', 3, new Int64(3), true],
    ['Int64 key vs duration string (seconds)', 'LessThan', new Int64(30), '1m', true],
    ['string key parsed as float vs number', 'GreaterThan', '10.5', 10, true],
    ['numeric key string vs duration value (quantity pair: 1m = 0.001)', 'GreaterThan', '100', '1m', true],
    ['key "0" is not a duration but a quantity', 'LessThan', '0', '1', true],
    ['bool key unsupported', 'GreaterThan', true, false, false],
    ['null key unsupported', 'GreaterThan', null, '100', false],
    ['map key unsupported', 'GreaterThan', { foo: 'bar' }, '100', false],
    ['array key unsupported', 'GreaterThan', ['a', 'b'], '100', false],
    ['unparsable string key', 'GreaterThan', 'abc', 'abc', false],
    ['NaN string key never compares', 'GreaterThan', 'NaN', 1, false],
    ['Inf string key', 'GreaterThan', 'Inf', 1e308, true],
  ])('%s', check)
})

describe('numeric operators — Kyverno numeric_test.go', () => {
  it.each<Row>([
    ['5 > 3', 'GreaterThan', 5, 3, true],
    ['3 > 5', 'GreaterThan', 3, 5, false],
    ['10 > 10', 'GreaterThan', 10, 10, false],
    ['-1 > -5', 'GreaterThan', -1, -5, true],
    ['2.5 > 2.4', 'GreaterThan', 2.5, 2.4, true],
    ['1024 >= 512', 'GreaterThanOrEquals', 1024, 512, true],
    ['100 >= 100', 'GreaterThanOrEquals', 100, 100, true],
    ['50 >= 100', 'GreaterThanOrEquals', 50, 100, false],
    ['2 < 5', 'LessThan', 2, 5, true],
    ['7 < 7', 'LessThan', 7, 7, false],
    ['-10 < -5', 'LessThan', -10, -5, true],
    ['100 <= 200', 'LessThanOrEquals', 100, 200, true],
    ['150 <= 100', 'LessThanOrEquals', 150, 100, false],
    ['int key, string value 30 > "25"', 'GreaterThan', 30, '25', true],
    ['int key, string float value 10 > "5.5"', 'GreaterThan', 10, '5.5', true],
    ['float key, string value 5.5 >= "4.5"', 'GreaterThanOrEquals', 5.5, '4.5', true],
    ['string floats "25.5" > "20.0"', 'GreaterThan', '25.5', '20.0', true],
    ['cpu 200m > 100m', 'GreaterThan', '200m', '100m', true],
    ['cpu 100m > 200m', 'GreaterThan', '100m', '200m', false],
    ['memory 256Mi < 1Gi', 'LessThan', '256Mi', '1Gi', true],
    ['cpu 500m >= 500m', 'GreaterThanOrEquals', '500m', '500m', true],
    ['memory 2Gi <= 2Gi', 'LessThanOrEquals', '2Gi', '2Gi', true],
    ['1.2.0 > 1.1.0', 'GreaterThan', '1.2.0', '1.1.0', true],
    ['1.0.0 < 2.0.0', 'LessThan', '1.0.0', '2.0.0', true],
    ['1.5.0 >= 1.5.0', 'GreaterThanOrEquals', '1.5.0', '1.5.0', true],
    ['2.0.0 < 1.9.0', 'LessThan', '2.0.0', '1.9.0', false],
    ['0.9.0 <= 1.0.0', 'LessThanOrEquals', '0.9.0', '1.0.0', true],
    ['1.0.0-alpha < 1.0.0', 'LessThan', '1.0.0-alpha', '1.0.0', true],
    ['int key, bool value', 'GreaterThan', 10, true, false],
    ['int key, unparsable string', 'GreaterThan', 10, 'not-a-number', false],
  ])('%s', check)
})

describe('numeric operators — Kyverno documentation examples', () => {
  it.each<Row>([
    ['replicas above a limit', 'GreaterThan', 4, 3, true],
    ['memory request over 1Gi', 'GreaterThan', '2Gi', '1Gi', true],
    ['time_since result older than 12h', 'GreaterThan', '24h0m0s', '12h', true],
    ['Kubernetes version at least 1.25.0', 'GreaterThanOrEquals', '1.27.3', '1.25.0', true],
    ['storage request not above 10Gi', 'LessThanOrEquals', '5Gi', '10Gi', true],
  ])('%s', check)
})

describe('Duration* (deprecated) — spec §5.5', () => {
  it.each<Row>([
    ['2h > 90m', 'DurationGreaterThan', '2h', '90m', true],
    ['1h >= 60m', 'DurationGreaterThanOrEquals', '1h', '60m', true],
    ['30s < 1m', 'DurationLessThan', '30s', '1m', true],
    ['1m <= 60 (seconds)', 'DurationLessThanOrEquals', '1m', 60, true],
    ['"0" is a duration here', 'DurationLessThan', '0', '1s', true],
    ['number key is seconds', 'DurationGreaterThan', 120, '1m', true],
    ['fractional seconds truncate: 1.5 is 1s', 'DurationGreaterThan', 1.5, '1s', false],
    ['fractional seconds truncate: 1.5 >= 1s', 'DurationGreaterThanOrEquals', 1.5, '1s', true],
    ['both numbers', 'DurationLessThan', 1, 2, true],
    ['Int64 key', 'DurationLessThan', new Int64(1), '2s', true],
    ['unparsable key', 'DurationGreaterThan', '1d', '1h', false],
    ['unparsable value', 'DurationGreaterThan', '1h', 'abc', false],
    ['bool key', 'DurationGreaterThan', true, '1h', false],
    ['lowercase operator is always false', 'durationgreaterthan', '2h', '1h', false],
  ])('%s', (_, op, key, value, want) => expect(durationOperator(op, key, value)).toBe(want))

  it('is not the non-prefixed operator', () => {
    expect(durationOperator('GreaterThan', '2h', '1h')).toBe(false)
    expect(numericOperator('DurationGreaterThan', '2h', '1h')).toBe(false)
  })
})
