import { describe, expect, it } from 'vitest'
import { DecodeError, decodeDocuments, flattenItems } from './decode.ts'

describe('decodeDocuments', () => {
  it('reads multi-document YAML and skips empty documents', () => {
    const docs = decodeDocuments('a: 1\n---\n---\nb: [x, z]\n')
    expect(docs).toEqual([{ a: 1 }, { b: ['x', 'z'] }])
  })
  it('reads JSON', () => {
    expect(decodeDocuments('{"kind":"Pod","spec":{"n":1.5}}')).toEqual([{ kind: 'Pod', spec: { n: 1.5 } }])
  })
  it('uses YAML 1.1 booleans like Kubernetes', () => {
    // go-yaml v2 (sigs.k8s.io/yaml) reads y/yes/on as true; so does kubectl, so we must too.
    expect(decodeDocuments('a: yes\nb: "yes"\nc: y\nd: off\n')).toEqual([{ a: true, b: 'yes', c: true, d: false }])
  })
  it('keeps times and dates as strings', () => {
    expect(decodeDocuments('a: 10:30\nb: 2021-01-01\n')).toEqual([{ a: '10:30', b: '2021-01-01' }])
  })
  it('rejects alias bombs', () => {
    const bomb = ['a: &a [x,x,x,x,x,x,x,x,x,x]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill('*' + 'abcdefghi'[i]).join(',')}]`)].join('\n')
    expect(() => decodeDocuments(bomb)).toThrow(DecodeError)
  })
  it('rejects deep nesting without overflowing the stack', () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000)
    expect(() => decodeDocuments(deep)).toThrow(/nested deeper/)
  })
  it('rejects oversize input', () => {
    expect(() => decodeDocuments('a: 1', { maxBytes: 2, maxDepth: 10, maxDocuments: 10, maxAliasCount: 10 })).toThrow(/larger/)
  })
  it('reports syntax errors with the document number', () => {
    expect(() => decodeDocuments('a: 1\n---\nb: [unclosed\n')).toThrow(/document 2/)
  })
  it('keeps __proto__ as a plain key without touching prototypes', () => {
    const [doc] = decodeDocuments('{"__proto__": {"polluted": true}}') as [Record<string, unknown>]
    expect(Object.getPrototypeOf(doc)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.keys(doc)).toEqual(['__proto__'])
  })
  it('flattens Lists and arrays', () => {
    const docs = decodeDocuments('[{"kind":"A"},{"kind":"List","items":[{"kind":"B"}]}]')
    expect(flattenItems(docs)).toEqual([{ kind: 'A' }, { kind: 'B' }])
  })
})
