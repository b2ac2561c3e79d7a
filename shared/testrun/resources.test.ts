import { describe, expect, it } from 'vitest'
import { dedupeResources, displayName, normaliseResources, type TestResource } from './resources.ts'
import { selectResources } from './select.ts'
import { parseYamlObjects } from './yaml.ts'

const clusterScoped = (_apiVersion: string, kind: string) => kind === 'Namespace' || kind === 'ClusterRole'

function load(yaml: string): TestResource[] {
  const docs = parseYamlObjects(yaml)
  if (!docs.ok) throw new Error(docs.error)
  const r = normaliseResources(docs.value, clusterScoped)
  if (!r.ok) throw new Error(r.error)
  return dedupeResources(r.value)
}

describe('resource loading', () => {
  it('defaults the namespace to `default` unless the kind is cluster-scoped', () => {
    const [pod, ns, crd] = load(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: prod}\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n',
    )
    expect(pod?.key).toBe('v1,Pod,default,web')
    expect(pod?.object.metadata).toEqual({ name: 'web', namespace: 'default' })
    expect(ns?.key).toBe('v1,Namespace,,prod')
    // An unknown CRD kind counts as namespaced.
    expect(crd?.key).toBe('example.com/v1,Widget,default,w')
  })

  it('turns null labels, annotations and data into {}', () => {
    const [cm] = load('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: x\n  labels:\n  annotations: ~\ndata:\n')
    expect(cm?.object).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'x', labels: {}, annotations: {} }, data: {} })
  })

  it('keeps the first of two resources with the same group, kind, namespace and name', () => {
    const rs = load(
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, labels: {first: "1"}}\n---\napiVersion: apps/v1beta1\nkind: Deployment\nmetadata: {name: d}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: other}\n',
    )
    expect(rs.map((r) => r.key)).toEqual(['apps/v1,Deployment,default,d', 'apps/v1,Deployment,other,d'])
    expect(rs[0]?.object.metadata).toMatchObject({ labels: { first: '1' } })
  })

  it('skips documents without a kind and rejects non-map documents', () => {
    expect(load('apiVersion: v1\nmetadata: {name: x}\n')).toEqual([])
    expect(normaliseResources(['just a string'], clusterScoped).ok).toBe(false)
  })

  it('names resources ns/name, or name when cluster-scoped', () => {
    expect(displayName({ namespace: 'ns', name: 'a' })).toBe('ns/a')
    expect(displayName({ namespace: '', name: 'a' })).toBe('a')
  })
})

describe('selecting resources for a result (spec §5.4)', () => {
  const all = load(
    [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: web}',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: prod}',
      'apiVersion: v1\nkind: ClusterRole\nmetadata: {name: admin}',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: db, namespace: prod}',
    ].join('\n---\n'),
  )
  const keys = (r: { resources: TestResource[] }) => r.resources.map((x) => x.key)

  it('selects every resource with that name, of any kind, in any namespace', () => {
    expect(keys(selectResources({ policy: 'p', resources: ['web'] }, all))).toEqual(['v1,Pod,default,web', 'apps/v1,Deployment,prod,web'])
  })

  it('selects by namespace and name with ns/name; more slashes select nothing', () => {
    const s = selectResources({ policy: 'p', resources: ['prod/web', 'a/b/c', 'db'] }, all)
    expect(keys(s)).toEqual(['apps/v1,Deployment,prod,web', 'v1,Pod,prod,db'])
    expect(s.missing.map((m) => m.entry)).toEqual(['a/b/c'])
  })

  it('selects by resourceSpecs on apiVersion, namespace and name', () => {
    const s = selectResources({ policy: 'p', resourceSpecs: [{ group: 'apps', version: 'v1', namespace: 'prod', name: 'web' }, { version: 'v1', name: 'admin' }] }, all)
    expect(keys(s)).toEqual(['apps/v1,Deployment,prod,web', 'v1,ClusterRole,,admin'])
  })

  it('falls back to every resource when nothing is selected', () => {
    const s = selectResources({ policy: 'p', resources: ['typo'] }, all)
    expect(s.fellBack).toBe(true)
    expect(keys(s)).toEqual(all.map((r) => r.key))
    expect(s.missing.map((m) => m.entry)).toEqual(['typo'])
  })

  it('checks a resource selected twice twice', () => {
    expect(keys(selectResources({ policy: 'p', resources: ['db', 'prod/db'] }, all))).toEqual(['v1,Pod,prod,db', 'v1,Pod,prod,db'])
  })
})
