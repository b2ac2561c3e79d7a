import { describe, expect, it } from 'vitest'
import { compileSet, policiesForKind } from './compile.ts'
import { alwaysDeny, policy, rule } from './testing.ts'

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
    expect([...s.byKind.keys()].sort()).toEqual(
      ['CronJob', 'DaemonSet', 'Deployment', 'Job', 'Pod', 'ReplicaSet', 'ReplicationController', 'Service', 'StatefulSet'],
    )
    expect(s.byKind.get('Deployment')?.map((p) => p.name)).toEqual(['pods'])
    expect(s.byKind.get('Service')?.map((p) => p.name)).toEqual(['svcs'])
    expect(s.openKinds).toEqual([])
  })

  it('indexes no CronJob when autogen is off for the policy', () => {
    const s = compileSet('s', 1, [seedStyle])
    expect(s.byKind.has('CronJob')).toBe(false)
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
    expect(s.openKinds.map((p) => p.name)).toEqual(['any'])
    expect(policiesForKind(s, 'Widget').map((p) => p.name)).toEqual(['any'])
    expect(policiesForKind(s, 'Pod').map((p) => p.name)).toEqual(['any', 'pods'])
  })

  it('treats a kind pattern as open', () => {
    const s = compileSet('s', 1, [policy('cfg', [alwaysDeny('r', 'no', ['Config*'])], { background: false })])
    expect(policiesForKind(s, 'ConfigMap').map((p) => p.name)).toEqual(['cfg'])
    expect(policiesForKind(s, 'Secret')).toEqual([])
  })
})
