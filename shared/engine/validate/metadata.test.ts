import { describe, expect, it } from 'vitest'
import { cloneJson, type JsonObject, type JsonValue } from '../../lib/json.ts'
import { matchPattern, validatePattern } from './index.ts'
import { expandInMetadata } from './metadata.ts'

const run = (r: JsonValue, p: JsonValue) => validatePattern(r, p, { rule: 'r', resourceNumbers: 'int' })
const failAt = (path: string) => ({ status: 'fail', message: `validation error: rule r failed at path ${path}` })
const withLabels = (labels: JsonValue, annotations?: JsonValue): JsonValue => ({
  metadata: { name: 'x', labels, ...(annotations === undefined ? {} : { annotations }) },
})

describe('metadata key expansion (§3.1, checklist 16)', () => {
  it('a wildcard key is replaced by the matching resource key', () => {
    const p = { metadata: { labels: { 'app/*': 'web' } } }
    expect(run(withLabels({ 'app/name': 'web' }), p).status).toBe('pass')
    // the expanded key shows up in the path
    expect(run(withLabels({ 'app/name': 'db' }), p)).toEqual(failAt('/metadata/labels/app/name/'))
  })

  it('annotations expand too', () => {
    const p = { metadata: { annotations: { 'team.io/*': 'a*' } } }
    expect(run(withLabels({}, { 'team.io/owner': 'bob' }), p)).toEqual(failAt('/metadata/annotations/team.io/owner/'))
  })

  it('no match: the key stays literal and appears in the path', () => {
    expect(run(withLabels({ 'foo/XYZ': 'bar' }), { metadata: { labels: { 'foo/A*': 'bar2' } } })).toEqual(
      failAt('/metadata/labels/foo/A*/'),
    )
  })

  it('=(metadata) and =(labels) are expanded, keeping the anchors on the keys', () => {
    const p = { '=(metadata)': { '=(labels)': { '=(app/*)': 'web' } } }
    // Unexpanded, "=(app/*)" would be absent and pass; expanded to "=(app/name)" it fails.
    expect(run(withLabels({ 'app/name': 'db' }), p)).toEqual(failAt('/metadata/labels/app/name/'))
    expect(run(withLabels({ 'app/name': 'web' }), p).status).toBe('pass')
  })

  it('spec.template.metadata is expanded at its own level', () => {
    const p = { spec: { template: { metadata: { labels: { 'tier/*': '?*' } } } } }
    const r = { spec: { template: { metadata: { labels: { 'tier/x': '' } } } } }
    expect(run(r, p)).toEqual(failAt('/spec/template/metadata/labels/tier/x/'))
  })

  it('nothing is expanded under nodeSelector', () => {
    const p = { spec: { nodeSelector: { 'kubernetes.io/*': '?*' } } }
    expect(run({ spec: { nodeSelector: { 'kubernetes.io/os': 'linux' } } }, p)).toEqual(
      failAt('/spec/nodeSelector/kubernetes.io/*/'),
    )
  })

  it('only applies when the resource has metadata with a labels map', () => {
    const p = { metadata: { labels: { count: 5 } } }
    // labels present: the non-string entry is dropped, so only "labels is a map" remains
    expect(run(withLabels({ app: 'x' }), p).status).toBe('pass')
    // no labels in the resource: nothing is dropped and the map pattern meets null
    expect(run({ metadata: { name: 'x' } }, p)).toEqual(failAt('/metadata/labels/'))
    expect(run({ metadata: { name: 'x', labels: 'oops' } }, p)).toEqual(failAt('/metadata/labels/'))
  })

  it('X(foo): null is dropped, so a present foo passes (checklist 17)', () => {
    expect(run(withLabels({ foo: 'x' }), { metadata: { labels: { 'X(foo)': null } } }).status).toBe('pass')
  })

  it('rewrites the pattern in place: a reused node sees the expanded keys', () => {
    const p = { items: [{ metadata: { labels: { 'app/*': 'x' } } }] }
    const r: JsonValue = {
      items: [{ metadata: { labels: { 'app/a': 'x' } } }, { metadata: { labels: { 'app/b': 'x' } } }],
    }
    // element 0 expands app/* to app/a; element 1 then looks app/a up literally
    expect(run(r, p)).toEqual(failAt('/items/1/metadata/labels/app/a/'))
  })

  it('never changes the caller’s pattern, so repeated calls agree', () => {
    const p = { metadata: { labels: { 'app/*': 'web', drop: 1, 'X(foo)': null } } }
    const before = cloneJson(p)
    const r = withLabels({ 'app/name': 'db', foo: 'x' })
    const first = run(r, p)
    expect(p).toEqual(before)
    expect(run(r, p)).toEqual(first)
    expect(matchPattern(r, p, { resourceNumbers: 'int' })).toEqual(matchPattern(r, p, { resourceNumbers: 'int' }))
    expect(p).toEqual(before)
  })
})

describe('expandInMetadata', () => {
  // Several resource keys matching one pattern key is non-deterministic in Kyverno (Go map order),
  // so, as the spec asks, no test depends on which one is picked.
  it('keeps anchors, replaces wildcard keys with the matching resource key, drops non-strings', () => {
    const pattern: JsonObject = {
      metadata: { labels: { '=(app/*)': 'x', 'X(te?m)': 'y', plain: 'z', n: 1, m: { a: 1 }, 'none/*': 'w' } },
    }
    const resource: JsonObject = { metadata: { labels: { 'app/b': '1', team: '3' }, annotations: { a: 'b' } } }
    expect(expandInMetadata(pattern, resource)).toBe(true)
    expect(pattern).toEqual({ metadata: { labels: { '=(app/b)': 'x', 'X(team)': 'y', plain: 'z', 'none/*': 'w' } } })
  })

  it('leaves the pattern alone without resource metadata or a non-map pattern metadata', () => {
    const p1: JsonObject = { metadata: { labels: { 'a*': 'x' } } }
    expect(expandInMetadata(p1, {})).toBe(false)
    expect(p1).toEqual({ metadata: { labels: { 'a*': 'x' } } })
    const p2: JsonObject = { metadata: 'x' }
    expect(expandInMetadata(p2, { metadata: { labels: {} } })).toBe(false)
  })

  it('treats an own __proto__ label like any other key', () => {
    const pattern = JSON.parse('{"metadata":{"labels":{"__pro*":"x"}}}') as JsonObject
    const resource = JSON.parse('{"metadata":{"labels":{"__proto__":"y"}}}') as JsonObject
    expandInMetadata(pattern, resource)
    const labels = (pattern.metadata as JsonObject).labels as JsonObject
    expect(Object.keys(labels)).toEqual(['__proto__'])
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype)
  })
})
