/** `$( )` references resolved against the document being substituted (spec §2.5). */
import { describe, expect, it } from 'vitest'
import type { JsonValue } from '../../lib/json.ts'
import { substituteAll } from './index.ts'
import { findReferences } from './references.ts'

const sub = (doc: unknown): { ok: boolean; value?: unknown; message?: string } => {
  const r = substituteAll(doc as JsonValue, {})
  return r.ok ? { ok: true, value: r.value } : { ok: false, message: r.error.message }
}

describe('$( ) references', () => {
  it('resolves relative and absolute paths, keeping operators', () => {
    expect(sub({ spec: { max: 5, min: '$(<=./../max)' } }).value).toEqual({ spec: { max: 5, min: '<=5.000000' } })
    expect(sub({ spec: { name: 'web', copy: '$(./../name)' } }).value).toEqual({ spec: { name: 'web', copy: 'web' } })
    expect(sub({ a: { name: 'x' }, b: { ref: 'n-$(/a/name)' } }).value).toEqual({ a: { name: 'x' }, b: { ref: 'n-x' } })
    expect(sub({ a: 2.5, b: '$(>/a)' }).value).toEqual({ a: 2.5, b: '>2.500000' })
    expect(sub({ a: 'v', b: '$(!/a)' }).value).toEqual({ a: 'v', b: '!v' })
  })

  it('strips anchors when matching paths', () => {
    expect(sub({ spec: { '(name)': 'web', copy: '$(./../name)' } }).value).toEqual({ spec: { '(name)': 'web', copy: 'web' } })
  })

  it('unescapes \\$( and leaves it unresolved', () => {
    expect(sub({ a: 'x', b: '\\$(/a)' }).value).toEqual({ a: 'x', b: '$(/a)' })
  })

  it.each([
    [{ a: 1, b: '$(/a)' }, 'NotResolvedReferenceErr,reference $(/a) not resolved at path /b'],
    [{ b: '$(/nope)' }, 'got nil resolved variable $(/nope) at path /b: <nil>'],
    [{ a: null, b: '$(/a)' }, 'got nil resolved variable $(/a) at path /b: <nil>'],
    [{ a: true, b: '$(>/a)' }, 'failed to resolve $(>/a) at path /b: incorrect expression: operator > does not match with value true'],
    [{ b: '$(>=)' }, 'failed to resolve $(>=) at path /b: expected path, found empty reference'],
  ])('%j fails', (doc, message) => expect(sub(doc)).toEqual({ ok: false, message }))

  it('runs before variable substitution, so a copied variable is then resolved', () => {
    const r = substituteAll({ n: '{{ v }}', m: '$(./../n)' } as JsonValue, { v: 'val' })
    expect(r.ok && r.value).toEqual({ n: 'val', m: 'val' })
  })

  it('finds references like Kyverno’s regex', () => {
    expect(findReferences('$(a) x$(b) \\$(c) $(d e)').map((m) => [m.prefix, m.text])).toEqual([
      ['', '$(a)'],
      ['x', '$(b)'],
    ])
    expect(findReferences('$(a)b)c d)').map((m) => m.text)).toEqual(['$(a)b)'])
  })

  it('stays linear on hostile text', () => {
    const s = '$('.repeat(100_000)
    const start = Date.now()
    expect(findReferences(s)).toEqual([])
    expect(Date.now() - start).toBeLessThan(1000)
  })
})
