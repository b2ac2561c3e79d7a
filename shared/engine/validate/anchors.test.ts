import { describe, expect, it } from 'vitest'
import type { JsonValue } from '../../lib/json.ts'
import { matchPattern, validatePattern } from './index.ts'

const match = (r: JsonValue, p: JsonValue) => matchPattern(r, p, { resourceNumbers: 'int' })
const run = (r: JsonValue, p: JsonValue, message?: string, rule = 'r') =>
  validatePattern(r, p, { rule, resourceNumbers: 'int', ...(message === undefined ? {} : { message }) })
const KEY_MISSING = "conditional anchor mismatch: conditional anchor key doesn't exist in the resource"

describe('(k) conditional anchor (checklist 8)', () => {
  it('absent → skip', () => {
    expect(run({ spec: {} }, { spec: { '(image)': 'nginx*', b: 1 } })).toEqual({ status: 'skip', message: KEY_MISSING })
  })
  it('present with null is present', () => {
    expect(run({ a: null, b: 2 }, { '(a)': null, b: 1 })).toEqual({
      status: 'fail',
      message: 'validation error: rule r failed at path /b/',
    })
  })
  it('mismatch → skip, with the wrapped text', () => {
    expect(run({ image: 'redis', b: 2 }, { '(image)': 'nginx*', b: 1 })).toEqual({
      status: 'skip',
      message: "conditional anchor mismatch: resource value 'redis' does not match 'nginx*' at path /image/",
    })
  })
  it('a nested non-skip failure becomes a skip', () => {
    expect(match({ spec: { x: 'str' }, b: 2 }, { '(spec)': { x: { y: 1 } }, b: 1 })).toEqual({
      path: '',
      kind: 'skip',
      message:
        'conditional anchor mismatch: pattern and resource have different structures. Path: /spec/x/. Expected map[string]interface {}, found string',
    })
  })
  it('a nested negation becomes a skip too', () => {
    expect(match({ spec: { h: 1 } }, { '(spec)': { 'X(h)': null } })?.kind).toBe('skip')
  })
  it('match → the rest of the map is checked', () => {
    expect(run({ image: 'nginx', b: 2 }, { '(image)': 'nginx*', b: 1 })).toEqual({
      status: 'fail',
      message: 'validation error: rule r failed at path /b/',
    })
    expect(run({ image: 'nginx', b: 1 }, { '(image)': 'nginx*', b: 1 }).status).toBe('pass')
  })
})

describe('phase 1 propagation (§3.2, checklist 9)', () => {
  it('a conditional failure plus an =() failure in one map → skip; the =() failure is discarded', () => {
    expect(run({ a: 0, b: 3 }, { '(a)': 1, '=(b)': 2 })).toEqual({
      status: 'skip',
      message: "conditional anchor mismatch: resource value '0' does not match '1' at path /a/",
    })
  })

  it('conditionals run first even when written after another anchor (byte order of raw keys)', () => {
    expect(run({ a: 2, z: 2 }, { '=(a)': 1, '(z)': 1 }).status).toBe('skip')
  })

  it('a non-skip anchor failure before any conditional failed returns at once', () => {
    expect(run({ a: 2, b: 1 }, { '=(a)': 1, 'X(b)': null })).toEqual({
      status: 'fail',
      message: 'validation error: rule r failed at path /a/',
    })
  })

  it('a skip inside =() while another anchor applied → evaluation continues', () => {
    const p = { '=(a)': { '(b)': 'x', c: 1 }, '=(d)': 1, e: 2 }
    expect(run({ a: { b: 'y', c: 5 }, d: 1, e: 3 }, p)).toEqual({
      status: 'fail',
      message: 'validation error: rule r failed at path /e/',
    })
  })

  it('a skip inside =() with nothing else applied → the map skips', () => {
    const p = { '=(a)': { '(b)': 'x', c: 1 }, e: 2 }
    expect(run({ a: { b: 'y', c: 5 }, e: 3 }, p)).toEqual({
      status: 'skip',
      message: "conditional anchor mismatch: resource value 'y' does not match 'x' at path /a/b/",
    })
  })

  it('several skip texts are joined with "; "', () => {
    expect(run({ b: 2 }, { '(a)': 1, '(c)': 1, b: 1 })).toEqual({
      status: 'skip',
      message: `${KEY_MISSING}; ${KEY_MISSING}`,
    })
  })

  it('a failed conditional skips the map even when another conditional applied', () => {
    expect(run({ a: 1, c: 2, b: 2 }, { '(a)': 1, '(c)': 1, b: 1 })).toEqual({
      status: 'skip',
      message: "conditional anchor mismatch: resource value '2' does not match '1' at path /c/",
    })
  })
})

describe('conditionals across array elements (§6.2, checklist 10)', () => {
  const p = { c: [{ '(name)': 'a*', v: 1 }] }
  it('all elements skip → skip, texts joined', () => {
    expect(run({ c: [{ name: 'b', v: 0 }, { name: 'c', v: 0 }] }, p)).toEqual({
      status: 'skip',
      message:
        "conditional anchor mismatch: resource value 'b' does not match 'a*' at path /c/0/name/; " +
        "conditional anchor mismatch: resource value 'c' does not match 'a*' at path /c/1/name/",
    })
  })
  it('one applies, the other skips → pass', () => {
    expect(run({ c: [{ name: 'b', v: 0 }, { name: 'a1', v: 1 }] }, p).status).toBe('pass')
  })
  it('one applies and another fails → fail', () => {
    expect(run({ c: [{ name: 'a1', v: 1 }, { name: 'a2', v: 2 }, { name: 'b', v: 0 }] }, p)).toEqual({
      status: 'fail',
      message: 'validation error: rule r failed at path /c/1/v/',
    })
  })
  it('positional arrays propagate the same way', () => {
    const q = { c: [[1], { '(k)': 'x', v: 1 }] }
    expect(run({ c: [[1], { k: 'y', v: 0 }] }, q).status).toBe('pass') // element 0 applied, element 1 skipped
    expect(run({ c: [[2], { k: 'y', v: 0 }] }, q)).toEqual({ status: 'fail', message: 'validation error: rule r failed at path /c/0/' })
  })
})

describe('X(k) negation anchor (checklist 12)', () => {
  const p = { spec: { volumes: [{ 'X(hostPath)': null }] } }
  it('present, even with null → fail at …/k/', () => {
    for (const hostPath of [null, { path: '/data' }, '']) {
      expect(match({ spec: { volumes: [{ name: 'v', hostPath }] } }, p)).toEqual({
        path: '/spec/volumes/0/hostPath/',
        kind: 'negation',
        message: 'negation anchor matched in resource: /spec/volumes/0/hostPath/ is not allowed',
      })
    }
    expect(run({ spec: { volumes: [{ hostPath: null }] } }, p)).toEqual({
      status: 'fail',
      message: 'validation error: rule r failed at path /spec/volumes/0/hostPath/',
    })
  })
  it('absent → pass; the pattern value is ignored', () => {
    expect(run({ spec: { volumes: [{ name: 'v', emptyDir: {} }] } }, p).status).toBe('pass')
    expect(run({ spec: { volumes: [{ name: 'v' }] } }, { spec: { volumes: [{ 'X(hostPath)': 'anything' }] } }).status).toBe('pass')
  })
})

describe('^(k) existence anchor (checklist 13)', () => {
  it('absent → pass', () => {
    expect(run({ spec: {} }, { spec: { '^(c)': [{ name: 'a' }] } }).status).toBe('pass')
  })
  it('not a list → fail', () => {
    expect(match({ spec: { c: { name: 'a' } } }, { spec: { '^(c)': [{ name: 'a' }] } })).toEqual({
      path: '/spec/c/',
      kind: 'fail',
      message: 'invalid resource type map[string]interface {}: Existence ^ () anchor can be used only on list/array type resource',
    })
  })
  it('an empty resource list → fail', () => {
    expect(match({ spec: { c: [] } }, { spec: { '^(c)': [{ name: 'a' }] } })).toEqual({
      path: '/spec/c/',
      kind: 'fail',
      message: 'existence anchor validation failed at path /spec/c/',
    })
  })
  it('each pattern map needs its own matching element', () => {
    const p = { spec: { '^(c)': [{ name: 'a' }, { name: 'b' }] } }
    expect(run({ spec: { c: [{ name: 'a' }, { name: 'b' }] } }, p).status).toBe('pass')
    expect(run({ spec: { c: [{ name: 'b' }, { name: 'x' }, { name: 'a' }] } }, p).status).toBe('pass')
    expect(run({ spec: { c: [{ name: 'a' }, { name: 'a' }] } }, p)).toEqual({
      status: 'fail',
      message: 'validation error: rule r failed at path /spec/c/',
    })
  })
  it('an element that skips does not count', () => {
    const p = { '^(c)': [{ '(name)': 'x*', v: 1 }] }
    expect(match({ c: [{ name: 'y', v: 1 }] }, p)).toEqual({
      path: '/c/',
      kind: 'fail',
      message: 'existence anchor validation failed at path /c/',
    })
    expect(run({ c: [{ name: 'y', v: 1 }, { name: 'x1', v: 1 }] }, p).status).toBe('pass')
  })
  it('rejects non-list and non-map patterns with Kyverno texts', () => {
    expect(match({ c: [] }, { '^(c)': { a: 1 } })?.message).toBe(
      'invalid pattern type map[string]interface {}: Pattern has to be of list to compare against resource',
    )
    expect(match({ c: ['x'] }, { '^(c)': ['x'] })?.message).toBe(
      'invalid pattern type []interface {}: Pattern has to be of type map to compare against items in resource',
    )
  })
})

describe('<(k) global anchor (checklist 14)', () => {
  const p = { spec: { containers: [{ '<(image)': '*:latest', imagePullPolicy: '!Always' }] } }
  it('absent → passes the anchor itself; the siblings still apply', () => {
    expect(run({ spec: { containers: [{ name: 'a', imagePullPolicy: 'IfNotPresent' }] } }, p).status).toBe('pass')
    expect(run({ spec: { containers: [{ name: 'a', imagePullPolicy: 'Always' }] } }, p)).toEqual({
      status: 'fail',
      message: 'validation error: rule r failed at path /spec/containers/0/imagePullPolicy/',
    })
  })
  it('a single nginx:v1 container → skip', () => {
    expect(run({ spec: { containers: [{ image: 'nginx:v1' }] } }, p)).toEqual({
      status: 'skip',
      message: "global anchor mismatch: resource value 'nginx:v1' does not match '*:latest' at path /spec/containers/0/image/",
    })
  })
  it('mixed elements in an array → pass (a global mismatch only skips that element)', () => {
    const r = {
      spec: {
        containers: [
          { image: 'nginx:latest', imagePullPolicy: 'IfNotPresent' },
          { image: 'nginx:v2', imagePullPolicy: 'Always' },
        ],
      },
    }
    expect(run(r, p).status).toBe('pass')
  })
  it('a match makes the siblings apply', () => {
    const r = { spec: { containers: [{ image: 'nginx:latest', imagePullPolicy: 'Always' }] } }
    expect(run(r, p)).toEqual({ status: 'fail', message: 'validation error: rule r failed at path /spec/containers/0/imagePullPolicy/' })
  })
  it('outside an array a global mismatch skips the whole rule', () => {
    expect(run({ a: 'y', b: 2 }, { '<(a)': 'x', b: 1 }).status).toBe('skip')
  })
})

describe('=(k) equality anchor (§4)', () => {
  it('{"=(hostNetwork)": false} vs hostNetwork: true → fail at /hostNetwork/', () => {
    expect(match({ hostNetwork: true }, { '=(hostNetwork)': false })).toEqual({
      path: '/hostNetwork/',
      kind: 'fail',
      message: "resource value 'true' does not match 'false' at path /hostNetwork/",
    })
  })
  it('absent → pass; present null is compared', () => {
    expect(run({}, { '=(hostNetwork)': false }).status).toBe('pass')
    expect(run({ hostNetwork: null }, { '=(hostNetwork)': false })).toEqual({
      status: 'fail',
      message: 'validation error: rule r failed at path /hostNetwork/',
    })
  })
  it('failures propagate unchanged, negations included', () => {
    expect(match({ a: { b: 1 } }, { '=(a)': { 'X(b)': null } })).toEqual({
      path: '/a/b/',
      kind: 'negation',
      message: 'negation anchor matched in resource: /a/b/ is not allowed',
    })
  })
})

describe('anchor keys missing → error (§6.3, checklist 15)', () => {
  it('^(k) absent plus another failure → error', () => {
    expect(run({ spec: { hostNetwork: true } }, { spec: { '^(initContainers)': [{ name: 'x' }], hostNetwork: false } })).toEqual({
      status: 'error',
      message: "validation error: rule r execution error: resource value 'true' does not match 'false' at path /spec/hostNetwork/",
    })
  })
  it('with X(k) absent instead → fail', () => {
    expect(run({ spec: { hostNetwork: true } }, { spec: { 'X(initContainers)': null, hostNetwork: false } })).toEqual({
      status: 'fail',
      message: 'validation error: rule r failed at path /spec/hostNetwork/',
    })
  })
  it('a key seen in any visited map counts as seen', () => {
    const p = { items: [{ '^(c)': [{ n: 'x' }], v: 1 }] }
    // element 0 holds c, element 1 does not and fails: the key was seen, so the path stays.
    expect(run({ items: [{ c: [{ n: 'x' }], v: 1 }, { v: 2 }] }, p)).toEqual({
      status: 'fail',
      message: 'validation error: rule r failed at path /items/1/v/',
    })
  })
  it('negations keep their path even when other anchor keys are missing', () => {
    expect(match({ spec: { h: 1 } }, { spec: { '^(x)': [{ a: 1 }], 'X(h)': null } })?.path).toBe('/spec/h/')
  })
})

describe('+(k) is not a validate anchor (§1, checklist 18)', () => {
  it('is looked up literally, so its pattern meets null', () => {
    expect(match({ spec: { a: 'x' } }, { spec: { '+(a)': 'x' } })).toEqual({
      path: '/spec/+(a)/',
      kind: 'fail',
      message: "resource value '<nil>' does not match 'x' at path /spec/+(a)/",
    })
    expect(run({ spec: { a: 'x' } }, { spec: { '+(a)': null } }).status).toBe('pass')
  })
})
