import { describe, expect, it } from 'vitest'
import { rulesForKind } from '../../engine/rules-for-kind.ts'
import type { JsonObject } from '../../lib/json.ts'
import type { LoadedPolicy } from '../../policy/load.ts'
import { compileDocuments, compileSet, KIND_INDEX_REVISION, kindReach, policiesForKind, withKindIndex } from './compile.ts'
import { decideAdmission, type ClusterSettings } from './decide.ts'
import { admissionRequest, alwaysDeny, pod, podExec, policy, rule } from './testing.ts'

const podPolicy = policy('pods', [alwaysDeny('r', 'no')])
const svcPolicy = policy('svcs', [alwaysDeny('r', 'no', ['Service'])])
const anyKind = policy('any', [alwaysDeny('r', 'no', ['*'])], { background: false })
// Listing Pod together with controllers disables autogen (as in seed 004).
const seedStyle = policy('seed', [rule('r', { deny: {} }, ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job'])])

describe('compileSet', () => {
  it('keeps name, version and policy order', () => {
    const s = compileSet('baseline', 7, [svcPolicy, podPolicy])
    expect([s.name, s.version, s.policies.map((p) => p.name)]).toEqual(['baseline', 7, ['svcs', 'pods']])
  })

  it('indexes the kinds rules name, autogen controllers included', () => {
    const s = compileSet('s', 1, [podPolicy, svcPolicy])
    expect([...s.kinds].sort()).toEqual(['CronJob', 'DaemonSet', 'Deployment', 'Job', 'Pod', 'ReplicaSet', 'ReplicationController', 'Service', 'StatefulSet'])
    expect(policiesForKind(s, 'Deployment').map((p) => p.name)).toEqual(['pods'])
    expect(policiesForKind(s, 'Service').map((p) => p.name)).toEqual(['svcs'])
  })

  it('indexes no CronJob when autogen is off for the policy', () => {
    const s = compileSet('s', 1, [seedStyle])
    expect(s.kinds.has('CronJob')).toBe(false)
    expect(policiesForKind(s, 'CronJob')).toEqual([])
    expect(policiesForKind(s, 'Job').map((p) => p.name)).toEqual(['seed'])
  })
})

describe('policiesForKind', () => {
  it('returns nothing for an unindexed kind when no policy has open kinds (the fast path)', () => {
    expect(policiesForKind(compileSet('s', 1, [podPolicy]), 'ConfigMap')).toEqual([])
  })

  it('checks wildcard policies for kinds outside the index, in set order', () => {
    const s = compileSet('s', 1, [anyKind, podPolicy])
    expect(policiesForKind(s, 'Widget').map((p) => p.name)).toEqual(['any'])
    expect(policiesForKind(s, 'Pod').map((p) => p.name)).toEqual(['any', 'pods'])
  })

  it('treats a kind pattern as open', () => {
    const s = compileSet('s', 1, [policy('cfg', [alwaysDeny('r', 'no', ['Config*'])], { background: false })])
    expect(policiesForKind(s, 'ConfigMap').map((p) => p.name)).toEqual(['cfg'])
    expect(policiesForKind(s, 'Secret')).toEqual([])
  })
})

/** Every shape of `match` the index has to get right. */
const variety: LoadedPolicy[] = [
  podPolicy,
  policy('pods-some-controllers', [alwaysDeny('r', 'no')], {}, { annotations: { 'pod-policies.kyverno.io/autogen-controllers': 'Deployment,Job' } }),
  policy('pods-no-autogen', [alwaysDeny('r', 'no')], {}, { annotations: { 'pod-policies.kyverno.io/autogen-controllers': 'none' } }),
  seedStyle,
  svcPolicy,
  anyKind,
  policy('any-group-any-kind', [alwaysDeny('r', 'no', ['*/*'])], { background: false }),
  policy('exec', [alwaysDeny('r', 'no', ['Pod/exec'])]),
  policy('cfg', [alwaysDeny('r', 'no', ['Config*'])], { background: false }),
  policy('apps-deploy', [alwaysDeny('r', 'no', ['apps/v1/Deployment'])]),
  policy('widgets', [alwaysDeny('r', 'no', ['example.com/v1/Widget'])]),
  // No kinds in match, kinds only in exclude: selects everything but Pods.
  policy('exclude-only', [{ name: 'r', match: { any: [{ resources: { namespaces: ['prod'] } }] }, exclude: { any: [{ resources: { kinds: ['Pod'] } }] }, validate: { message: 'no', deny: {} } }], { background: false }),
  policy('legacy-match', [{ name: 'r', match: { resources: { kinds: ['Service', 'Pod'] } }, validate: { message: 'no', deny: {} } }]),
  policy('all-match', [{ name: 'r', match: { all: [{ resources: { kinds: ['Secret'] } }, { resources: { namespaces: ['prod'] } }] }, validate: { message: 'no', deny: {} } }]),
  policy('ns-selector', [{ name: 'r', match: { any: [{ resources: { kinds: ['ConfigMap'], namespaceSelector: { matchLabels: { team: 'a' } } } }] }, validate: { message: 'no', deny: {} } }]),
]
const KINDS = ['Pod', 'Deployment', 'Job', 'CronJob', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'Service', 'ConfigMap', 'Secret', 'Widget', 'Namespace', 'Lease', '']

/** What the eager compile computed: every policy with a rule for the kind, by the engine's own `rulesForKind`. */
const eager = (kind: string) => variety.filter((p) => rulesForKind(p, kind).length > 0).map((p) => p.name)
const documents = () => variety.map((p) => ({ name: p.name, document: structuredClone(p.raw) }))

describe('a set compiled lazily from documents', () => {
  it('selects, for every kind, exactly the policies the eager index selected, in set order', () => {
    const fromDocs = compileDocuments('s', 1, documents())
    for (const kind of KINDS) expect({ kind, names: policiesForKind(fromDocs, kind).map((p) => p.name) }).toEqual({ kind, names: eager(kind) })
    // Asked in the other order, on a fresh set: memoisation does not change the answer.
    const again = compileDocuments('s', 1, documents())
    for (const kind of [...KINDS].reverse()) expect(policiesForKind(again, kind).map((p) => p.name)).toEqual(eager(kind))
  })

  it('names the same kinds and flags namespaceSelector use', () => {
    const fromDocs = compileDocuments('s', 1, documents())
    const loaded = compileSet('s', 1, variety)
    expect([...fromDocs.kinds].sort()).toEqual([...loaded.kinds].sort())
    expect([...fromDocs.resourceKinds].sort()).toEqual([...loaded.resourceKinds].sort())
    expect(fromDocs.mayUseNamespaceSelector).toBe(true)
    expect(compileDocuments('s', 1, documents().filter((d) => d.name !== 'ns-selector')).mayUseNamespaceSelector).toBe(false)
  })

  it('loads only the documents that may select the requested kind', () => {
    const docs = [{ name: 'svcs', document: structuredClone(svcPolicy.raw) }, { name: 'pods', document: structuredClone(podPolicy.raw) }]
    const s = compileDocuments('s', 1, docs)
    expect(policiesForKind(s, 'Pod').map((p) => p.name)).toEqual(['pods'])
    // The Service policy was never loaded, so it is not in any memo: asking for Services loads it now.
    expect(policiesForKind(s, 'Service').map((p) => p.name)).toEqual(['svcs'])
    expect(s.policies.map((p) => p.name)).toEqual(['svcs', 'pods'])
  })

  it('gives the same decisions as the eagerly loaded set, across kinds, controllers and subresources', () => {
    const cluster: ClusterSettings = { id: 'c', namespaceExclusions: [], failureMode: 'fail-closed' }
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'prod' }, spec: { template: { metadata: {}, spec: pod().spec } } }
    const cronJob = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c', namespace: 'prod' }, spec: { jobTemplate: { spec: { template: { spec: pod().spec } } } } }
    const requests = [
      admissionRequest('CREATE', pod()),
      admissionRequest('CREATE', deployment as JsonObject),
      admissionRequest('CREATE', cronJob as JsonObject),
      admissionRequest('CREATE', { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'prod' }, spec: {} }),
      admissionRequest('CREATE', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'prod' } }),
      podExec(),
    ]
    for (const request of requests) {
      const lazy = decideAdmission(request, compileDocuments('s', 1, documents()), cluster)
      const loaded = decideAdmission(request, compileSet('s', 1, variety), cluster)
      expect(lazy).toEqual(loaded)
      expect(lazy.results.map((r) => r.policy.name)).toEqual(loaded.results.map((r) => r.policy.name))
    }
  })
})

describe('a set compiled with a published kind index (KV snapshot format 2)', () => {
  const snapshot = () => ({ tenantId: 't', setId: 's', uid: 'u', version: 1, at: '2026-01-01T00:00:00.000Z', policies: documents().map((d) => ({ ...d, document: d.document as JsonObject, etag: 'e', version: 1, updatedAt: '2026-01-01T00:00:00.000Z' })) })

  it('carries one entry per policy, derived as the compile derives it', () => {
    const s = withKindIndex(snapshot())
    expect(s.kindIndex?.revision).toBe(KIND_INDEX_REVISION)
    expect(s.kindIndex?.entries).toHaveLength(variety.length)
    // Plain JSON, so it survives the round trip through KV unchanged.
    expect(JSON.parse(JSON.stringify(s.kindIndex))).toEqual(s.kindIndex)
    const pods = s.kindIndex!.entries[0]!
    expect([[...pods.kinds].sort(), pods.open, pods.namespaceSelector]).toEqual([['CronJob', 'DaemonSet', 'Deployment', 'Job', 'Pod', 'ReplicaSet', 'ReplicationController', 'StatefulSet'], false, false])
    expect(kindReach('not a policy')).toEqual({ kinds: [], open: true, namespaceSelector: true })
  })

  it('selects exactly what the set compiled from the documents alone selects, without reading them', () => {
    const s = withKindIndex(snapshot())
    const indexed = compileDocuments('s', 1, s.policies, s.kindIndex)
    const scanned = compileDocuments('s', 1, documents())
    expect([...indexed.kinds].sort()).toEqual([...scanned.kinds].sort())
    expect(indexed.mayUseNamespaceSelector).toBe(true)
    for (const kind of KINDS) expect({ kind, names: policiesForKind(indexed, kind).map((p) => p.name) }).toEqual({ kind, names: eager(kind) })
    // The index is what the compile reads: an entry that (wrongly) names no kind hides its policy.
    const hidden = { ...s.kindIndex!, entries: s.kindIndex!.entries.map((e, i) => (i === 0 ? { kinds: [], open: false, namespaceSelector: false } : e)) }
    expect(policiesForKind(compileDocuments('s', 1, s.policies, hidden), 'Pod').map((p) => p.name)).not.toContain('pods')
  })

  it('derives the index again when it is from another revision or does not fit the documents', () => {
    const s = withKindIndex(snapshot())
    const empty = (n: number) => Array.from({ length: n }, () => ({ kinds: [], open: false, namespaceSelector: false }))
    for (const index of [{ revision: KIND_INDEX_REVISION + 1, entries: empty(variety.length) }, { revision: KIND_INDEX_REVISION, entries: empty(variety.length - 1) }]) {
      const set = compileDocuments('s', 1, s.policies, index)
      expect(policiesForKind(set, 'Pod').map((p) => p.name)).toEqual(eager('Pod'))
    }
  })
})

describe('a stored document that no longer loads', () => {
  const cluster: ClusterSettings = { id: 'c', namespaceExclusions: [], failureMode: 'fail-open' }
  const broken = (spec: JsonObject) => ({ name: 'broken', document: { apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name: 'broken' }, spec } })
  const fine = { name: 'pods', document: structuredClone(podPolicy.raw) }

  it('is an error result for that policy, blocking when the document enforces', () => {
    const s = compileDocuments('s', 1, [broken({ validationFailureAction: 'Enforce', rules: [{ name: 'r', match: { any: [{ resources: { kinds: ['Pod'] } }] }, validate: { deny: 'yes' } }] }), fine])
    const d = decideAdmission(admissionRequest('CREATE', pod()), s, cluster)
    expect(d.response.allowed).toBe(false)
    expect(d.response.status?.message).toContain('policy broken of this set version no longer loads (invalid')
    expect(d.results.map((r) => [r.policy.name, r.rules.map((x) => x.status)])).toEqual([['broken', ['error']], ['pods', ['fail']]])
  })

  it('is a warning when the document audits, and other kinds are not affected by its match kinds', () => {
    const s = compileDocuments('s', 1, [broken({ rules: [{ name: 'r', match: { any: [{ resources: { kinds: ['Pod'] } }] }, validate: { deny: 'yes' } }] }), fine])
    const d = decideAdmission(admissionRequest('CREATE', pod()), s, cluster)
    expect(d.response.allowed).toBe(true)
    expect(d.response.warnings?.some((w) => w.includes('broken') && w.includes('no longer loads'))).toBe(true)
    expect(decideAdmission(admissionRequest('CREATE', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'prod' } }), s, cluster).notEvaluated).toBe('no-policy-for-kind')
  })

  it('is tried for every kind when even its shape is not understood, and never throws', () => {
    const garbled = [{ name: 'garbled', document: { apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name: 'garbled' }, spec: { rules: 'oops' } } }, { name: 'nothing', document: 'not a policy' as unknown }]
    const s = compileDocuments('s', 1, garbled)
    const d = decideAdmission(admissionRequest('CREATE', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'prod' } }), s, cluster)
    expect(d.results.map((r) => r.policy.name)).toEqual(['garbled', 'nothing'])
    expect(d.results.every((r) => r.rules.every((x) => x.status === 'error'))).toBe(true)
  })

  it('makes loading the whole set fail, as before (the paths that need every policy)', () => {
    const s = compileDocuments('s', 1, [fine, broken({ rules: 'oops' })])
    expect(() => s.policies).toThrow(/policy broken of this set version no longer loads/)
  })
})
