/** Go encoding/json texts: marshalling rules and decoder error messages. */
import { describe, expect, it } from 'vitest'
import { Int64 } from '../../lib/json.ts'
import { parseGoJson } from './gojson.ts'
import { goJsonMarshal } from './gomarshal.ts'
import type { Value } from './values.ts'

const marshal = (v: unknown): string => {
  const r = goJsonMarshal(v as Value)
  if (!r.ok) throw new Error(r.error)
  return r.value
}

describe('json.Marshal', () => {
  it.each([
    [{ b: 1, a: '<x>&' }, '{"a":"\\u003cx\\u003e\\u0026","b":1}'],
    [[1, 'a', null, true], '[1,"a",null,true]'],
    [1e21, '1e+21'],
    [1e20, '100000000000000000000'],
    [1e-7, '1e-7'],
    [0.000001, '0.000001'],
    [1.5e-10, '1.5e-10'],
    [-0, '-0'],
    ['\u2028\u2029', '"\\u2028\\u2029"'],
    ['\u0001\b\f\n\r\t"\\', '"\\u0001\\b\\f\\n\\r\\t\\"\\\\"'],
    ['\ud800', '"\\ufffd"'],
    ['😀', '"😀"'],
    [new Int64(5), '5'],
    [{ 'é': 1, z: 2, Z: 3 }, '{"Z":3,"z":2,"é":1}'],
  ])('%j', (v, text) => expect(marshal(v)).toBe(text))

  it('refuses NaN and infinities as Go does', () => {
    expect(goJsonMarshal(NaN)).toEqual({ ok: false, error: 'json: unsupported value: NaN' })
    expect(goJsonMarshal([Infinity])).toEqual({ ok: false, error: 'json: unsupported value: +Inf' })
  })
})

describe('json.Unmarshal', () => {
  it('decodes valid JSON with numbers as floats', () => {
    expect(parseGoJson(' {"a": [1, 2.5e1, -0.5, "x\\u00e9\\ud83d\\ude00"], "b": {}} ')).toEqual({
      ok: true,
      value: { a: [1, 25, -0.5, 'xé😀'], b: {} },
    })
  })

  it.each([
    ['', 'unexpected end of JSON input'],
    ['   ', 'unexpected end of JSON input'],
    ['{', 'unexpected end of JSON input'],
    ['x', "invalid character 'x' looking for beginning of value"],
    ['01', "invalid character '1' after top-level value"],
    ['tru', 'unexpected end of JSON input'],
    ['trux', "invalid character 'x' in literal true (expecting 'e')"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b":2}', `invalid character '"' after object key:value pair`],
    ['{,}', "invalid character ',' looking for beginning of object key string"],
    ['[1 2]', "invalid character '2' after array element"],
    ['"\\x"', "invalid character 'x' in string escape code"],
    ['"\u0001"', "invalid character '\\x01' in string literal"],
    ['"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape"],
    ['1.', 'unexpected end of JSON input'],
    ['1.x', "invalid character 'x' after decimal point in numeric literal"],
    ['1ex', "invalid character 'x' in exponent of numeric literal"],
    ['-x', "invalid character 'x' in numeric literal"],
    ["'a'", "invalid character '\\'' looking for beginning of value"],
    ['é', "invalid character 'Ã' looking for beginning of value"],
    ['1e999', 'json: cannot unmarshal number 1e999 into Go value of type float64'],
    ['[1e999, x]', "invalid character 'x' looking for beginning of value"],
  ])('%j → %s', (text, message) => expect(parseGoJson(text)).toEqual({ ok: false, error: message }))

  it('bounds nesting depth', () => {
    expect(parseGoJson('['.repeat(5000))).toEqual({ ok: false, error: 'exceeded max depth' })
  })

  it('keeps __proto__ as an ordinary key', () => {
    const r = parseGoJson('{"__proto__": {"polluted": true}}')
    expect(r.ok && Object.getPrototypeOf(r.value)).toBe(Object.prototype)
    expect(r.ok && Object.keys(r.value as object)).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
