import { describe, expect, it } from 'vitest'
import { decodeUserInfoFile, decodeValuesFile } from './side-files.ts'
import { buildValues, checkOperations, operationOf, parseSetFlags } from './values.ts'

const VALUES = `apiVersion: cli.kyverno.io/v1alpha1
kind: Values
globalValues:
  tier: prod
  request.operation: UPDATE
policies:
- name: pol
  rules:
  - name: r1
    values: {dictionary.data.env: prod}
    foreachValues: {images: [a, b]}
  resources:
  - name: my-pod
    values: {request.namespace: ns1, tier: dev}
namespaceSelector:
- name: ns1
  labels: {env: prod}
- name: ns2
  labels: {env: old}
namespaces:
- apiVersion: v1
  kind: Namespace
  metadata: {name: ns2, labels: {env: new}}
`

function values() {
  const spec = decodeValuesFile(VALUES)
  if (!spec.ok) throw new Error(spec.error)
  return spec.value
}

describe('values files (variables spec §8)', () => {
  it('layers globalValues, then per-resource values, then --set', () => {
    const v = buildValues(values(), { tier: 'set' })
    expect(buildValues(values(), {}).resourceValues('pol', 'my-pod')).toEqual({ tier: 'dev', 'request.operation': 'UPDATE', 'request.namespace': 'ns1' })
    expect(v.resourceValues('pol', 'my-pod').tier).toBe('set')
    // Per-resource values are keyed by policy name and resource name only.
    expect(buildValues(values(), {}).resourceValues('other', 'my-pod')).toEqual({ tier: 'prod', 'request.operation': 'UPDATE' })
  })

  it('looks up rule values and foreach values by policy and rule', () => {
    const v = buildValues(values(), {})
    expect(v.rule('pol', 'r1')).toEqual({ 'dictionary.data.env': 'prod' })
    expect(v.foreach('pol', 'r1')).toEqual({ images: ['a', 'b'] })
    expect(v.rule('pol', 'r2')).toBeUndefined()
  })

  it('takes namespace labels from namespaceSelector, with namespaces winning', () => {
    const v = buildValues(values(), {})
    expect(v.namespaceLabels('ns1')).toEqual({ env: 'prod' })
    expect(v.namespaceLabels('ns2')).toEqual({ env: 'new' })
    expect(v.namespaceLabels('elsewhere')).toEqual({})
  })

  it('reads request.operation, defaulting to CREATE and rejecting unknown operations', () => {
    expect(operationOf({})).toEqual({ ok: true, value: 'CREATE' })
    expect(operationOf({ 'request.operation': '' })).toEqual({ ok: true, value: 'CREATE' })
    expect(operationOf({ 'request.operation': 'DELETE' })).toEqual({ ok: true, value: 'DELETE' })
    expect(operationOf({ 'request.operation': 'PATCH' }).ok).toBe(false)
    expect(checkOperations(values(), { 'request.operation': 'nope' }).ok).toBe(false)
    expect(checkOperations(values(), {}).ok).toBe(true)
  })

  it('parses --set flags and ignores request.object keys', () => {
    expect(parseSetFlags(['a=1,b = two', 'request.object.metadata.name=x', 'c=x=y', 'novalue'])).toEqual({ a: '1', b: 'two', c: 'x=y' })
  })

  it('rejects a values file with an unknown field or without apiVersion/kind', () => {
    expect(decodeValuesFile('apiVersion: v\nkind: Values\nglobalValue: {}\n').ok).toBe(false)
    const deprecated = decodeValuesFile('globalValues: {a: b}\n')
    expect(deprecated.ok).toBe(false)
    if (!deprecated.ok) expect(deprecated.error).toContain('deprecated schema')
  })
})

describe('userinfo files', () => {
  it('maps a UserInfo file to the request user', () => {
    const u = decodeUserInfoFile(
      'apiVersion: cli.kyverno.io/v1alpha1\nkind: UserInfo\nroles: [ns/dev]\nclusterRoles: [admin]\nuserInfo:\n  username: system:serviceaccount:ns:sa\n  groups: [devs]\n',
    )
    expect(u).toEqual({ ok: true, value: { username: 'system:serviceaccount:ns:sa', groups: ['devs'], roles: ['ns/dev'], clusterRoles: ['admin'] } })
  })

  it('rejects the deprecated schema and unknown fields', () => {
    expect(decodeUserInfoFile('clusterRoles: [admin]\n').ok).toBe(false)
    expect(decodeUserInfoFile('apiVersion: v\nkind: UserInfo\nsubjects: []\n').ok).toBe(false)
  })
})
