import { describe, expect, it } from 'vitest'
import { policyGateForRequest, policyNamespaceGate } from './gate.ts'
import { obj, pod } from './testing.ts'

describe('policyNamespaceGate (§2.1)', () => {
  it.each([
    [{ kind: 'ClusterPolicy' as const }, 'anything', true],
    [{ kind: 'ClusterPolicy' as const }, '', true],
    // a namespaced Policy without a namespace applies only in `default`
    [{ kind: 'Policy' as const }, 'default', true],
    [{ kind: 'Policy' as const, namespace: '' }, 'default', true],
    [{ kind: 'Policy' as const }, 'team-a', false],
    [{ kind: 'Policy' as const, namespace: 'team-a' }, 'team-a', true],
    [{ kind: 'Policy' as const, namespace: 'team-a' }, 'team-ab', false],
    [{ kind: 'Policy' as const, namespace: 'team-*' }, 'team-a', false], // exact, no wildcards
    // cluster-scoped resources never take part
    [{ kind: 'Policy' as const }, '', false],
    [{ kind: 'Policy' as const, namespace: 'team-a' }, '', false],
  ])('%j, resource in %j → %s', (policy, ns, want) => expect(policyNamespaceGate(policy, ns)).toBe(want))
})

describe('policyGateForRequest', () => {
  const policy = { kind: 'Policy' as const, namespace: 'team-a' }
  it('checks every present object', () => {
    const a = pod({ namespace: 'team-a' })
    const b = pod({ namespace: 'team-b' })
    expect(policyGateForRequest(policy, { object: a, oldObject: a })).toBe(true)
    expect(policyGateForRequest(policy, { object: a, oldObject: b })).toBe(false)
    expect(policyGateForRequest(policy, { object: null, oldObject: a })).toBe(true) // DELETE
    expect(policyGateForRequest(policy, { object: obj('v1', 'Node', { name: 'n' }), oldObject: null })).toBe(false)
    expect(policyGateForRequest({ kind: 'ClusterPolicy' }, { object: b, oldObject: null })).toBe(true)
  })
})
