import { describe, expect, it } from 'vitest'
import { Int64 } from '../../lib/json.ts'
import { equals, notEquals } from './equal.ts'

type Row = [name: string, key: unknown, value: unknown, want: boolean]

describe('Equals — spec §5.2 and checklist 6–7', () => {
  it.each<Row>([
    // checklist 7: asymmetric dispatch on the key
    ['number key, numeric string value', 3, '3', true],
    ['string key, number value', '3', 3, false],
    ['quantities 1Gi = 1024Mi', '1Gi', '1024Mi', true],
    ['quantity key never wildcards', '10', '1*', false],
    ['duration 1m = 60 seconds', '1m', 60, true],
    ['duration 1h = 60m', '1h', '60m', true],
    ['"0" is not a duration: quantity 0 vs 1m (milli) differs', '0', '1m', false],
    ['"0" is not a duration: 0 vs 0 seconds is not a duration pair', '0', 0, false],
    ['wildcard on the value', 'nginx:1.2', 'nginx:*', true],
    ['wildcard never on the key', 'nginx:*', 'nginx:1.2', false],
    // checklist 6: {{elementIndex}} is an int64
    ['Int64 key Equals 0', new Int64(0), 0, true],
    ['Int64 key Equals "0"', new Int64(0), '0', true],
    ['Int64 key vs fractional float', new Int64(1), 1.5, false],
    ['Int64 key vs "1.0" (ParseInt fails)', new Int64(1), '1.0', false],
    ['float key Equals Int64', 2, new Int64(2), true],
    ['fractional float key vs Int64', 2.5, new Int64(2), false],
    // §5.2 (a): a duration pair needs a number or duration on the other side
    ['duration vs fractional seconds (truncated)', '1s', 1.5, true],
    ['duration vs non-duration string falls to quantity (1m = 0.001)', '1m', '0.001', true],
    ['duration vs boolean', '1h', true, false],
    ['number key vs duration string (no duration branch)', 60, '1m', false],
  ])('%s', (_, key, value, want) => expect(equals(key, value)).toBe(want))
})

describe('Equals — Kyverno equal_test.go', () => {
  it.each<Row>([
    ['bool equal true', true, true, true],
    ['bool equal false', false, false, true],
    ['bool not equal', true, false, false],
    ['bool with wrong type', true, 'true', false],
    ['int equal', 42, 42, true],
    ['int not equal', 42, 43, false],
    ['int64 equal', new Int64(100), new Int64(100), true],
    ['int with float64 with fraction', new Int64(42), 42.5, false],
    ['int with string', new Int64(42), '42', true],
    ['int with invalid string', new Int64(42), 'invalid', false],
    ['int with wrong type', new Int64(10), true, false],
    ['float equal', 3.14, 3.14, true],
    ['float not equal', 3.14, 2.71, false],
    ['float with string', 3.14, '3.14', true],
    ['float with invalid string', 3.14, 'invalid', false],
    ['float with wrong type', 3.14, true, false],
    ['float with exponent string', 1000, '1e3', true],
    ['float with padded string (Go ParseFloat rejects spaces)', 1, ' 1', false],
    ['string equal', 'hello', 'hello', true],
    ['string not equal', 'hello', 'world', false],
    ['string with wildcard match', 'hello-world', 'hello-*', true],
    ['string with wildcard no match', 'goodbye-world', 'hello-*', false],
    ['string with wrong type', 'hello', 123, false],
    ['resource quantity equal', '100Mi', '100Mi', true],
    ['resource quantity not equal', '100Mi', '200Mi', false],
    ['duration not equal', '1h', '30m', false],
    ['map equal', { foo: 'bar' }, { foo: 'bar' }, true],
    ['map not equal', { foo: 'bar' }, { foo: 'baz' }, false],
    ['map with wrong type', { foo: 'bar' }, 'not a map', false],
    ['slice equal', ['a', 'b', 'c'], ['a', 'b', 'c'], true],
    ['slice not equal', ['a', 'b', 'c'], ['a', 'b', 'd'], false],
    ['slice different length', ['a', 'b', 'c'], ['a', 'b'], false],
    ['slice with wrong type', ['a', 'b', 'c'], 'not a slice', false],
    ['slice deep equality keeps int64 apart', [new Int64(1)], [1], false],
    ['null key', null, null, false],
  ])('%s', (_, key, value, want) => expect(equals(key, value)).toBe(want))
})

describe('Equals — wildcards (§5.1, checklist 8)', () => {
  it.each<Row>([
    ['? needs exactly one character', 'ac', 'a?c', false],
    ['? matches one character', 'abc', 'a?c', true],
    ['* matches the empty run', 'ac', 'a*c', true],
    ['empty pattern only matches empty', 'a', '', false],
    ['empty equals empty', '', '', true],
    ['case-sensitive', 'Nginx', 'nginx', false],
    ['? is one rune, not one byte', 'é', '?', true],
  ])('%s', (_, key, value, want) => expect(equals(key, value)).toBe(want))
})

describe('NotEquals', () => {
  it.each<Row>([
    // Kyverno notequal_test.go
    ['bool', true, false, true],
    ['int', 42, 43, true],
    ['int vs fractional float', new Int64(5), 5.5, true],
    ['float', 3.14, 2.71, true],
    ['string', 'hello', 'world', true],
    ['resource quantity vs non-quantity', '100Mi', 'not-a-quantity', true],
    ['duration', '1h', '30m', true],
    ['map', { foo: 'bar' }, { foo: 'baz' }, true],
    ['slice', ['a', 'b'], ['a', 'c'], true],
    // negation of each Equals branch
    ['same bool', true, true, false],
    ['number vs numeric string', 3, '3', false],
    ['string vs number: types differ', '3', 3, true],
    ['equal quantities', '1Gi', '1024Mi', false],
    ['quantity key vs empty string', '10', '', true],
    ['equal durations', '1m', 60, false],
    ['wildcard match', 'nginx:1.2', 'nginx:*', false],
    ['bool vs string', true, 'true', true],
    ['map vs string', { a: 1 }, 'x', true],
    ['Int64 elementIndex vs 0', new Int64(0), 0, false],
    ['null key is unsupported', null, 'x', false],
  ])('%s', (_, key, value, want) => expect(notEquals(key, value)).toBe(want))
})
