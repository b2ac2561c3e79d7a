import { describe, expect, it } from 'vitest'
import { decodeTestFile, testName } from './decode.ts'

const HEAD = 'apiVersion: cli.kyverno.io/v1alpha1\nkind: Test\nmetadata:\n  name: t\npolicies: [p.yaml]\nresources: [r.yaml]\n'

function decodeOne(text: string) {
  const [first, ...rest] = decodeTestFile(text)
  expect(rest).toHaveLength(0)
  if (!first) throw new Error('no document')
  return first
}

describe('decodeTestFile: strict decoding', () => {
  it('decodes a well-formed Test', () => {
    const d = decodeOne(`${HEAD}results:\n- policy: p\n  rule: r\n  resources: [a]\n  kind: Pod\n  result: pass\n`)
    expect(d.ok && d.test.results).toEqual([{ policy: 'p', rule: 'r', resources: ['a'], kind: 'Pod', result: 'pass' }])
    expect(testName(d)).toBe('t')
  })

  it.each([
    ['a top-level unknown field', `${HEAD}status: x\nresults: []\n`, 'status'],
    ['the removed result-level `resource`', `${HEAD}results:\n- policy: p\n  resource: a\n  result: pass\n`, 'resource'],
    ['a result-level `namespace`', `${HEAD}results:\n- policy: p\n  namespace: ns\n  resources: [a]\n  result: pass\n`, 'namespace'],
    ['the removed result-level `status`', `${HEAD}results:\n- policy: p\n  status: pass\n  resources: [a]\n`, 'status'],
  ])('rejects %s', (_what, text, field) => {
    const d = decodeOne(text)
    expect(d.ok).toBe(false)
    if (!d.ok) expect(d.error).toContain(`"${field}"`)
  })

  it('rejects a field of the wrong type', () => {
    expect(decodeOne(`${HEAD}results:\n- policy: p\n  resources: a\n`).ok).toBe(false)
  })

  it('matches field names case-insensitively, as encoding/json does', () => {
    const d = decodeOne(`${HEAD}results:\n- policy: p\n  resources: [a]\n  result: pass\n  isMUtatingPolicy: true\n`)
    expect(d.ok && d.test.results?.[0]?.isMutatingPolicy).toBe(true)
  })

  it('treats an explicit null as the zero value', () => {
    const d = decodeOne(`${HEAD}variables: null\nresults:\n- policy: p\n  rule: null\n  resources: [a]\n  result: pass\n`)
    expect(d.ok && d.test.variables).toBeUndefined()
  })

  it('salvages the expectations of a rejected Test', () => {
    const d = decodeOne(`${HEAD}bogus: 1\nresults:\n- policy: p\n  rule: r\n  resources: [a, b]\n  result: fail\n  kind: Pod\n`)
    expect(d.ok).toBe(false)
    if (!d.ok) {
      expect(d.partial.policies).toEqual(['p.yaml'])
      expect(d.partial.results).toEqual([{ policy: 'p', rule: 'r', result: 'fail', kind: 'Pod', resources: ['a', 'b'], resourceSpecs: [] }])
    }
  })
})

describe('decodeTestFile: deprecated schema', () => {
  it.each([
    ['no apiVersion', 'kind: Test\nmetadata: {name: t}\nresults: []\n'],
    ['no kind', 'apiVersion: cli.kyverno.io/v1alpha1\nmetadata: {name: t}\nresults: []\n'],
    ['a top-level name', 'apiVersion: cli.kyverno.io/v1alpha1\nkind: Test\nname: t\nresults: []\n'],
  ])('rejects a Test with %s', (_what, text) => {
    const d = decodeOne(text)
    expect(d.ok).toBe(false)
    if (!d.ok) expect(d.error).toContain('deprecated schema')
  })

  it('does not check the values of apiVersion and kind', () => {
    expect(decodeOne('apiVersion: anything\nkind: Whatever\nresults: []\n').ok).toBe(true)
  })
})

describe('decodeTestFile: multi-document files', () => {
  it('returns one Test per document and skips empty ones', () => {
    const tests = decodeTestFile(`${HEAD}results: []\n---\n---\n${HEAD.replace('name: t', 'name: u')}bogus: 1\n`)
    expect(tests.map((t) => [t.ok, testName(t)])).toEqual([
      [true, 't'],
      [false, 'u'],
    ])
  })

  it('fails the file as one Test on a YAML syntax error', () => {
    const tests = decodeTestFile('a: [1\n')
    expect(tests).toHaveLength(1)
    expect(tests[0]?.ok).toBe(false)
  })
})
