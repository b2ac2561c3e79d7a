import { describe, expect, it } from 'vitest'
import type { JsonValue } from '../../lib/json.ts'
import { parseAnchor } from '../anchor/index.ts'
import { validatePattern } from './index.ts'
import { NestedAnchorCache, byRawKey, goStringCompare, phaseTwoOrder } from './order.ts'

const run = (r: JsonValue, p: JsonValue) => validatePattern(r, p, { rule: 'r', resourceNumbers: 'int' })

describe('phase-2 order (§3.3, checklist 11)', () => {
  const pattern = {
    spec: {
      hostNetwork: false,
      automountServiceAccountToken: false,
      containers: [{ '(image)': 'nginx*', name: 'n' }],
      initContainers: [{ '(image)': 'nginx*' }],
    },
  }

  it('runs anchor-holding siblings first in reverse sorted order, then the rest ascending', () => {
    const keys = Object.keys(pattern.spec).map(parseAnchor)
    expect(phaseTwoOrder(keys, pattern.spec, new NestedAnchorCache()).map((a) => a.raw)).toEqual([
      'initContainers',
      'containers',
      'automountServiceAccountToken',
      'hostNetwork',
    ])
  })

  it('initContainers runs before containers: its skip wins over a containers failure', () => {
    const r = {
      spec: {
        initContainers: [{ image: 'busybox' }],
        containers: [{ image: 'nginx', name: 'bad' }],
        hostNetwork: true,
        automountServiceAccountToken: true,
      },
    }
    expect(run(r, pattern).status).toBe('skip')
  })

  it('automountServiceAccountToken is checked before hostNetwork', () => {
    const r = {
      spec: {
        initContainers: [{ image: 'nginx' }],
        containers: [{ image: 'nginx', name: 'n' }],
        hostNetwork: true,
        automountServiceAccountToken: true,
      },
    }
    expect(run(r, pattern)).toEqual({
      status: 'fail',
      message: 'validation error: rule r failed at path /spec/automountServiceAccountToken/',
    })
  })

  it('§3.3 example: no nginx container → skip; an nginx container → fail at hostNetwork', () => {
    const p = { spec: { hostNetwork: false, containers: [{ '(image)': 'nginx*' }] } }
    expect(run({ spec: { hostNetwork: true, containers: [{ image: 'redis' }] } }, p).status).toBe('skip')
    expect(run({ spec: { hostNetwork: true, containers: [{ image: 'redis' }, { image: 'nginx' }] } }, p)).toEqual({
      status: 'fail',
      message: 'validation error: rule r failed at path /spec/hostNetwork/',
    })
  })

  it('a global anchor goes first: its skip wins over a sibling failure', () => {
    expect(run({ a: 'y', b: 2 }, { b: 1, '<(a)': 'x' }).status).toBe('skip')
  })

  it('the first phase-2 error of any kind returns at once (a skip stops later failures)', () => {
    const p = { z: 1, c: [{ '(k)': 'x' }] }
    expect(run({ z: 2, c: [{ k: 'y' }] }, p).status).toBe('skip')
    expect(run({ z: 2, c: [{ k: 'x' }] }, p)).toEqual({ status: 'fail', message: 'validation error: rule r failed at path /z/' })
  })

  it('anchors nested at any depth count, +() does not', () => {
    const cache = new NestedAnchorCache()
    expect(cache.has({ a: [{ b: { 'X(c)': null } }] })).toBe(true)
    expect(cache.has([[{ '<(g)': 1 }]])).toBe(true)
    expect(cache.has({ a: { '+(b)': 1 } })).toBe(false)
    expect(cache.has({ a: 'x' })).toBe(false)
    expect(cache.has('(a)')).toBe(false)
  })
})

describe('phase-1 order (§3.2)', () => {
  it('sorts raw keys by byte: ( < = < X < ^', () => {
    const sorted = byRawKey(['^(d)', 'X(c)', '=(b)', '(z)', '(a)'].map(parseAnchor)).map((a) => a.raw)
    expect(sorted).toEqual(['(a)', '(z)', '=(b)', 'X(c)', '^(d)'])
  })
  it('X() runs before ^(): the negation is reported when both fail', () => {
    expect(run({ a: 1, b: [{ c: 2 }] }, { '^(b)': [{ c: 1 }], 'X(a)': null })).toEqual({
      status: 'fail',
      message: 'validation error: rule r failed at path /a/',
    })
  })
})

describe('goStringCompare', () => {
  it('orders by UTF-8 bytes (code points), unlike UTF-16 comparison', () => {
    const astral = '\u{1F600}' // UTF-16 D83D…, UTF-8 F0…
    const highBmp = '\uFF01' // UTF-16 FF01, UTF-8 EF…
    expect(astral < highBmp).toBe(true) // JS order
    expect(goStringCompare(astral, highBmp)).toBe(1) // Go order
    expect(goStringCompare('a', 'b')).toBe(-1)
    expect(goStringCompare('ab', 'a')).toBe(1)
    expect(goStringCompare('x', 'x')).toBe(0)
  })
})
