import { describe, expect, it } from 'vitest'
import type { JsonValue } from '../../lib/json.ts'
import { matchPattern, validateAnyPattern, validatePattern } from './index.ts'
import { anyPatternErrorMessage, patternErrorMessage, withPeriod } from './messages.ts'

const opts = (message?: string, rule = 'r') => ({ rule, resourceNumbers: 'int' as const, ...(message === undefined ? {} : { message }) })

describe('§7 pattern outcomes and messages', () => {
  const p = { spec: { hostNetwork: false } }
  const bad = { spec: { hostNetwork: true } }

  it('pass', () => {
    expect(validatePattern({ spec: { hostNetwork: false } }, p, opts())).toEqual({ status: 'pass', message: "validation rule 'r' passed." })
  })

  it.each<[string | undefined, string]>([
    [undefined, 'validation error: rule r failed at path /spec/hostNetwork/'],
    ['', 'validation error: rule r failed at path /spec/hostNetwork/'],
    ['Host network is not allowed', 'validation error: Host network is not allowed. rule r failed at path /spec/hostNetwork/'],
    ['Host network is not allowed.', 'validation error: Host network is not allowed. rule r failed at path /spec/hostNetwork/'],
  ])('fail with message %j', (message, text) => {
    expect(validatePattern(bad, p, opts(message))).toEqual({ status: 'fail', message: text })
  })

  it.each<[string | undefined, string]>([
    [undefined, 'validation error: rule r execution error: '],
    ['Arrays differ', 'validation error: Arrays differ. rule r execution error: '],
  ])('error (no path) with message %j', (message, prefix) => {
    const out = validatePattern({ a: [] }, { a: [[1]] }, opts(message))
    expect(out).toEqual({
      status: 'error',
      message: `${prefix}validate Array failed, array length mismatch, resource Array len is 0 and pattern Array len is 1`,
    })
  })

  it('skip carries the raw text, without validate.message', () => {
    expect(validatePattern({ a: 'y' }, { '(a)': 'x' }, opts('ignored'))).toEqual({
      status: 'skip',
      message: "conditional anchor mismatch: resource value 'y' does not match 'x' at path /a/",
    })
  })

  it('several skip texts are joined with "; "', () => {
    const p2 = { c: [{ '(n)': 'a' }] }
    expect(validatePattern({ c: [{ n: 'b' }, { m: 1 }] }, p2, opts()).message).toBe(
      "conditional anchor mismatch: resource value 'b' does not match 'a' at path /c/0/n/; " +
        "conditional anchor mismatch: conditional anchor key doesn't exist in the resource",
    )
  })

  it('number model: integer 1 vs "1.0" fails in pattern', () => {
    expect(validatePattern({ a: '1.0' }, { a: 1 }, opts()).status).toBe('fail')
  })

  it('float-decoded resources compare whole numbers with int patterns', () => {
    expect(validatePattern({ a: 1 }, { a: 1 }, { rule: 'r', resourceNumbers: 'float' }).status).toBe('pass')
    expect(validatePattern({ a: 8080 }, { a: '8*' }, { rule: 'r', resourceNumbers: 'float' }).status).toBe('pass')
  })
})

describe('§8 anyPattern', () => {
  const ns = [{ metadata: { namespace: '?*' } }, { metadata: { namespace: '!default' } }]

  it('all fail → fail, entries joined by a space (documented example)', () => {
    expect(validateAnyPattern({ metadata: { name: 'x' } }, ns, opts('A namespace is required', 'check-default-namespace'))).toEqual({
      status: 'fail',
      message:
        'validation error: A namespace is required. rule check-default-namespace[0] failed at path /metadata/namespace/ rule check-default-namespace[1] failed at path /metadata/namespace/',
    })
    expect(validateAnyPattern({ metadata: { name: 'x' } }, ns, opts()).message).toBe(
      'validation error: rule r[0] failed at path /metadata/namespace/ rule r[1] failed at path /metadata/namespace/',
    )
    expect(validateAnyPattern({ metadata: { name: 'x' } }, ns, opts('Done.')).message).toMatch(/^validation error: Done\. rule r\[0\]/)
  })

  it('the first match wins and later alternatives are not run', () => {
    const alts = [{ a: 1 }, { a: '?*' }, { '(a)': 'x' }]
    expect(validateAnyPattern({ a: 'v' }, alts, opts())).toEqual({ status: 'pass', message: "validation rule 'r' anyPattern[1] passed." })
  })

  it('an entry without a path is still a failure', () => {
    expect(validateAnyPattern({ a: [] }, [{ a: [[1]] }], opts())).toEqual({
      status: 'fail',
      message:
        'validation error: rule r[0] failed: validate Array failed, array length mismatch, resource Array len is 0 and pattern Array len is 1',
    })
  })

  it('anchor keys missing makes an entry lose its path', () => {
    const alts = [{ spec: { '^(init)': [{ n: 'x' }], host: false } }]
    expect(validateAnyPattern({ spec: { host: true } }, alts, opts()).message).toBe(
      "validation error: rule r[0] failed: resource value 'true' does not match 'false' at path /spec/host/",
    )
  })

  it('only skips → skip, entries joined by a space', () => {
    const alts = [{ '(a)': 'x' }, { '(b)': 'y' }]
    expect(validateAnyPattern({ a: 'z' }, alts, opts('unused'))).toEqual({
      status: 'skip',
      message:
        "rule r[0] skipped: conditional anchor mismatch: resource value 'z' does not match 'x' at path /a/ " +
        "rule r[1] skipped: conditional anchor mismatch: conditional anchor key doesn't exist in the resource",
    })
  })

  it('skips and failures → fail, showing only the failures', () => {
    const alts = [{ '(a)': 'x' }, { a: 'y' }]
    expect(validateAnyPattern({ a: 'z' }, alts, opts())).toEqual({
      status: 'fail',
      message: 'validation error: rule r[1] failed at path /a/',
    })
  })

  it('an empty list passes with the raw validate.message', () => {
    expect(validateAnyPattern({}, [], opts('raw {{ message }}'))).toEqual({ status: 'pass', message: 'raw {{ message }}' })
    expect(validateAnyPattern({}, [], opts())).toEqual({ status: 'pass', message: '' })
    expect(validateAnyPattern({}, null, opts('m'))).toEqual({ status: 'pass', message: 'm' })
  })

  it.each<[unknown, string]>([
    [{ a: 1 }, 'object'],
    ['x', 'string'],
    [1, 'number'],
    [true, 'bool'],
  ])('a non-list %j is an error', (anyPattern, kind) => {
    expect(validateAnyPattern({}, anyPattern, opts())).toEqual({
      status: 'error',
      message: `failed to deserialize anyPattern, expected type array: json: cannot unmarshal ${kind} into Go value of type []interface {}`,
    })
  })

  it('values JSON cannot carry are an error', () => {
    expect(validateAnyPattern({}, [{ a: Number.NaN }], opts())).toEqual({
      status: 'error',
      message: 'failed to deserialize anyPattern, expected type array: json: unsupported value: NaN',
    })
  })

  it('numbers are float64: integer 1 matches "1.0"', () => {
    expect(validateAnyPattern({ a: '1.0' }, [{ a: 1 }], opts()).status).toBe('pass')
    expect(validateAnyPattern({ a: 1 }, [{ a: 1.5 }], opts()).status).toBe('fail')
  })

  it('pattern numbers print in float64 %v', () => {
    const big = { a: 1000000 }
    expect(matchPattern({ a: true }, big, { resourceNumbers: 'int', patternNumbers: 'float' })?.message).toBe(
      "resource value 'true' does not match '1e+06' at path /a/",
    )
    expect(matchPattern({ a: true }, big, { resourceNumbers: 'int' })?.message).toBe(
      "resource value 'true' does not match '1000000' at path /a/",
    )
  })

  it('a failing alternative leaves no trace on the next one or on the caller’s list', () => {
    const alts: JsonValue = [
      { metadata: { labels: { 'app/*': 'db' } }, '^(k)': [{ a: 1 }], z: 1 },
      { metadata: { labels: { 'app/*': 'web' } } },
    ]
    const before = JSON.stringify(alts)
    expect(validateAnyPattern({ metadata: { labels: { 'app/x': 'web' } }, k: [{ a: 1 }], z: 2 }, alts, opts())).toEqual({
      status: 'pass',
      message: "validation rule 'r' anyPattern[1] passed.",
    })
    expect(JSON.stringify(alts)).toBe(before)
  })
})

describe('message builders', () => {
  it('withPeriod appends a period only when missing', () => {
    expect(withPeriod('a')).toBe('a.')
    expect(withPeriod('a.')).toBe('a.')
  })
  it('patternErrorMessage picks failed/execution error by path', () => {
    expect(patternErrorMessage('r', undefined, 't', '/p/')).toBe('validation error: rule r failed at path /p/')
    expect(patternErrorMessage('r', 'm', 't', '')).toBe('validation error: m. rule r execution error: t')
  })
  it('anyPatternErrorMessage joins entries with a space', () => {
    expect(anyPatternErrorMessage(undefined, ['x', 'y'])).toBe('validation error: x y')
    expect(anyPatternErrorMessage('m', ['x'])).toBe('validation error: m. x')
  })
})
