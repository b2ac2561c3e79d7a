import { describe, expect, it } from 'vitest'
import { formatInputError, parseResources, type InputError, type InputResource } from './inputs.ts'

function resources(body: string, file?: string): InputResource[] {
  const r = parseResources(body, file === undefined ? {} : { file })
  if (!r.ok) throw new Error(`unexpected error: ${formatInputError(r.error)}`)
  return r.value
}

function rejection(body: string, opts: Parameters<typeof parseResources>[1] = {}): InputError {
  const r = parseResources(body, opts)
  if (r.ok) throw new Error('expected an error')
  return r.error
}

const pod = (name: string, extra = '') => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n${extra}`

describe('parseResources: body shapes', () => {
  it('reads multi-document YAML in order, numbering documents and recording the file', () => {
    const rs = resources(`${pod('a')}---\n${pod('b', '  namespace: team\n')}`, 'pods.yaml')
    expect(rs.map((r) => r.ref)).toEqual([
      { apiVersion: 'v1', kind: 'Pod', namespace: '', name: 'a', source: { document: 0, file: 'pods.yaml' } },
      { apiVersion: 'v1', kind: 'Pod', namespace: 'team', name: 'b', source: { document: 1, file: 'pods.yaml' } },
    ])
    expect(rs.every((r) => r.operation === 'CREATE' && r.oldObject === null)).toBe(true)
    expect(rs[0]?.object?.metadata).toEqual({ name: 'a' })
  })

  it('reads a JSON object', () => {
    const rs = resources('{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"x"}}')
    expect(rs).toHaveLength(1)
    expect(rs[0]?.ref).toMatchObject({ kind: 'Deployment', namespace: 'x', name: 'web', source: { document: 0 } })
    expect(rs[0]?.ref.source?.file).toBeUndefined()
  })

  it('reads a JSON array, numbering the items of the one document', () => {
    const rs = resources('[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}},{"apiVersion":"v1","kind":"Pod","metadata":{"name":"b"}}]')
    expect(rs.map((r) => [r.ref.name, r.ref.source])).toEqual([
      ['a', { document: 0, item: 0 }],
      ['b', { document: 0, item: 1 }],
    ])
  })

  it('reads a v1 List (kubectl get -o yaml), numbering its items', () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Pod, metadata: {name: a}}\n- {apiVersion: v1, kind: Service, metadata: {name: s}}\n`
    const rs = resources(`${pod('first')}---\n${list}`)
    expect(rs.map((r) => [r.ref.kind, r.ref.name, r.ref.source])).toEqual([
      ['Pod', 'first', { document: 0 }],
      ['Pod', 'a', { document: 1, item: 0 }],
      ['Service', 's', { document: 1, item: 1 }],
    ])
  })

  it('accepts generateName where the API server has not named the object yet', () => {
    const rs = resources('apiVersion: v1\nkind: Pod\nmetadata: {generateName: web-}\n')
    expect(rs[0]?.ref.name).toBe('web-')
  })

  it('returns nothing for an empty body (the caller decides whether that is an error)', () => {
    expect(resources('')).toEqual([])
    expect(resources('---\n---\n')).toEqual([])
  })
})

describe('parseResources: AdmissionReview', () => {
  const review = (request: object) => JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request })
  const obj = (name: string, labels: object = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels } })

  it('takes request.object for CREATE and keeps the operation and subresource', () => {
    const [r] = resources(review({ operation: 'CREATE', object: obj('p'), subResource: 'ephemeralcontainers', namespace: 'ns1' }))
    expect(r?.operation).toBe('CREATE')
    expect(r?.object?.metadata).toMatchObject({ name: 'p' })
    expect(r?.oldObject).toBeNull()
    expect(r?.subresource).toBe('ephemeralcontainers')
    // Written without a namespace: reported as written, evaluated in the review's namespace.
    expect(r?.ref.namespace).toBe('')
    expect(r?.evaluationNamespace).toBe('ns1')
  })

  it('keeps both objects for UPDATE', () => {
    const [r] = resources(review({ operation: 'UPDATE', object: obj('p', { v: '2' }), oldObject: obj('p', { v: '1' }) }))
    expect(r?.operation).toBe('UPDATE')
    expect(r?.object?.metadata).toMatchObject({ labels: { v: '2' } })
    expect(r?.oldObject?.metadata).toMatchObject({ labels: { v: '1' } })
  })

  it('takes request.oldObject for DELETE, with no new object', () => {
    const [r] = resources(review({ operation: 'DELETE', object: null, oldObject: obj('gone') }))
    expect(r?.operation).toBe('DELETE')
    expect(r?.object).toBeNull()
    expect(r?.oldObject?.metadata).toMatchObject({ name: 'gone' })
    expect(r?.ref.name).toBe('gone')
  })

  it('uses request.name when the object carries no name', () => {
    const [r] = resources(review({ operation: 'CREATE', name: 'from-request', object: { apiVersion: 'v1', kind: 'Pod', metadata: {} } }))
    expect(r?.ref.name).toBe('from-request')
  })

  it('accepts a CONNECT review whose object is an options kind without metadata', () => {
    const [r] = resources(review({ operation: 'CONNECT', name: 'web-0', namespace: 'prod', subResource: 'exec', object: { apiVersion: 'v1', kind: 'PodExecOptions', command: ['sh'] } }))
    expect(r?.ref).toMatchObject({ kind: 'PodExecOptions', name: 'web-0', namespace: '' })
    expect([r?.operation, r?.subresource, r?.evaluationNamespace]).toEqual(['CONNECT', 'exec', 'prod'])
    // Without request.name there is nothing to name the resource by.
    expect(rejection(review({ operation: 'CONNECT', object: { apiVersion: 'v1', kind: 'PodExecOptions' } }))).toMatchObject({ field: 'request.object.metadata' })
  })

  it('names the field when the review is malformed', () => {
    expect(rejection(review({ operation: 'CREATE' }))).toMatchObject({ document: 0, field: 'request.object' })
    expect(rejection(review({ operation: 'DELETE', object: obj('x') }))).toMatchObject({ field: 'request.oldObject' })
    expect(rejection(review({ operation: 'PATCH', object: obj('x') }))).toMatchObject({ field: 'request.operation' })
    expect(rejection(JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }))).toMatchObject({ field: 'request' })
    expect(rejection(review({ operation: 'CREATE', object: { apiVersion: 'v1', metadata: { name: 'x' } } }))).toMatchObject({
      field: 'request.object.kind',
      message: expect.stringContaining('request.object.kind must be a non-empty string'),
    })
    expect(rejection(review({ operation: 'UPDATE', object: obj('x'), oldObject: 'nope' }))).toMatchObject({ field: 'request.oldObject' })
  })
})

describe('parseResources: namespaces', () => {
  it('evaluates namespaced kinds without a namespace in default, and cluster-scoped kinds in none', () => {
    const rs = resources(`${pod('p')}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: team}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\n`)
    expect(rs.map((r) => [r.ref.kind, r.ref.namespace, r.evaluationNamespace])).toEqual([
      ['Pod', '', 'default'],
      ['Namespace', '', ''],
      ['ClusterRole', '', ''],
    ])
  })

  it('keeps a written namespace for both', () => {
    const [r] = resources(pod('p', '  namespace: prod\n'))
    expect([r?.ref.namespace, r?.evaluationNamespace]).toEqual(['prod', 'prod'])
  })

  it('treats a custom resource as namespaced', () => {
    const [r] = resources('apiVersion: example.com/v1\nkind: Namespace\nmetadata: {name: lookalike}\n')
    expect(r?.evaluationNamespace).toBe('default')
  })
})

describe('parseResources: rejections name the document, item and field', () => {
  it('rejects a scalar document', () => {
    const e = rejection(`${pod('a')}---\njust a string\n`, { file: 'in.yaml' })
    expect(e).toMatchObject({ document: 1, field: '(document)', file: 'in.yaml' })
    expect(formatInputError(e)).toBe('in.yaml, document 2: expected an object, got a string')
  })

  it('rejects a non-object item of a list, naming the item', () => {
    const e = rejection('[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}}, 42]')
    expect(e).toMatchObject({ document: 0, item: 1 })
    expect(formatInputError(e)).toBe('document 1, item 2: expected an object, got a number')
  })

  it.each([
    ['apiVersion', 'kind: Pod\nmetadata: {name: a}\n'],
    ['kind', 'apiVersion: v1\nmetadata: {name: a}\n'],
    ['metadata', 'apiVersion: v1\nkind: Pod\n'],
    ['metadata.name', 'apiVersion: v1\nkind: Pod\nmetadata: {labels: {a: b}}\n'],
    ['metadata.name', 'apiVersion: v1\nkind: Pod\nmetadata: {name: ""}\n'],
    ['metadata.namespace', 'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: [x]}\n'],
    ['kind', 'apiVersion: v1\nkind: 7\nmetadata: {name: a}\n'],
  ])('rejects a missing or mistyped %s', (field, doc) => {
    const e = rejection(`${pod('ok')}---\n${doc}`)
    expect(e.document).toBe(1)
    expect(e.field).toBe(field)
    expect(formatInputError(e)).toMatch(new RegExp(`^document 2: ${field.replace('.', '\\.')} must be`))
  })

  it('rejects invalid YAML with the decoder message', () => {
    const e = rejection('apiVersion: v1\nkind: [unclosed\n', { file: 'bad.yaml' })
    expect(formatInputError(e)).toMatch(/^bad\.yaml: (document 1: )?/)
    expect(e.file).toBe('bad.yaml')
    expect(e.field).toBeUndefined()
  })

  it('rejects an alias bomb instead of expanding it', () => {
    const bomb = ['a: &a [x,x,x,x,x,x,x,x,x,x]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill('*' + 'abcdefghi'[i]).join(',')}]`)].join('\n')
    const e = rejection(bomb)
    expect(e.message).toMatch(/alias/i)
  })

  it('bounds the number of resources, Lists included', () => {
    const items = Array.from({ length: 4 }, (_, i) => `- {apiVersion: v1, kind: Pod, metadata: {name: p${i}}}`).join('\n')
    const e = rejection(`apiVersion: v1\nkind: List\nitems:\n${items}\n`, { maxResources: 3 })
    expect(e.message).toBe('more than 3 resources')
    expect(resources(`apiVersion: v1\nkind: List\nitems:\n${items}\n`)).toHaveLength(4)
  })
})
