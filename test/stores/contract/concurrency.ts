/**
 * Contract: concurrent writers. Requests are fired together (no awaits in between), so against
 * DynamoDB they really race on the conditional writes; the outcome must be exactly-one-wins and
 * a consistent final state, never a lost update or a half-written version.
 */
import { expect } from 'vitest'
import type { ContractTest } from '../contract.ts'
import { audit, must, newSet, policy } from './helpers.ts'

const N = 20
const count = (rs: Array<{ ok: boolean; error?: string }>, what: 'ok' | string) =>
  rs.filter((r) => (what === 'ok' ? r.ok : !r.ok && r.error === what)).length

export function concurrencyContract(test: ContractTest): void {
  test(`${N} concurrent updates with the same ETag: exactly one wins, the rest conflict`, async (f) => {
    const { tenantId } = f.a
    await newSet(f)
    const p = must(await f.stores.policySets.putPolicy(tenantId, 'baseline', 'p', policy('p'), { absent: true }, f.ctx())).policy
    const auditBefore = (await audit(f, tenantId)).length
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) => f.stores.policySets.putPolicy(tenantId, 'baseline', 'p', policy('p', { writer: String(i) }), { etag: p.etag }, f.ctx(`k-${i}`))),
    )
    expect(count(results, 'ok')).toBe(1)
    expect(count(results, 'conflict')).toBe(N - 1)
    const winner = results.findIndex((r) => r.ok)
    const current = must(await f.stores.policySets.listPolicies(tenantId, 'baseline'))
    expect(current.set.version).toBe(3)
    expect(current.policies.map((x) => x.document)).toEqual([policy('p', { writer: String(winner) })])
    expect(must(await f.stores.policySets.history(tenantId, 'baseline')).items.map((h) => h.version)).toEqual([3, 2, 1])
    const entries = await audit(f, tenantId)
    expect(entries.length).toBe(auditBefore + 1)
    expect(entries[0]).toMatchObject({ action: 'policy.put', actorKeyId: `k-${winner}` })
  })

  test(`${N} concurrent create-if-absent of one policy: one is created, the rest are exists`, async (f) => {
    const { tenantId } = f.a
    await newSet(f)
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) => f.stores.policySets.putPolicy(tenantId, 'baseline', 'p', policy('p', { writer: String(i) }), { absent: true }, f.ctx())),
    )
    expect(count(results, 'ok')).toBe(1)
    expect(count(results, 'exists')).toBe(N - 1)
    expect(must(await f.stores.policySets.get(tenantId, 'baseline'))).toMatchObject({ version: 2, policyCount: 1 })
  })

  test('concurrent writes to different policies of one set all land, each as its own version', async (f) => {
    const { tenantId } = f.a
    await newSet(f)
    const names = Array.from({ length: 10 }, (_, i) => `policy-${i}`)
    const results = await Promise.all(names.map((n) => f.stores.policySets.putPolicy(tenantId, 'baseline', n, policy(n), { absent: true }, f.ctx())))
    expect(count(results, 'ok')).toBe(names.length)
    const versions = results.map((r) => must(r).set.version).sort((x, y) => x - y)
    expect(versions).toEqual(Array.from({ length: names.length }, (_, i) => i + 2))
    const current = must(await f.stores.policySets.listPolicies(tenantId, 'baseline'))
    expect(current.set).toMatchObject({ version: names.length + 1, policyCount: names.length })
    expect(current.policies.map((p) => p.name)).toEqual([...names].sort())
    // Every intermediate version is a complete snapshot: version v holds v - 1 policies.
    for (let v = 2; v <= names.length + 1; v++) {
      expect(must(await f.stores.policySets.snapshot(tenantId, 'baseline', v)).policies).toHaveLength(v - 1)
    }
  })

  test('concurrent whole-set replaces against one version: exactly one wins', async (f) => {
    const { tenantId } = f.a
    await newSet(f)
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        f.stores.policySets.replace(tenantId, 'baseline', [{ name: `only-${i}`, document: policy(`only-${i}`) }], { version: 1 }, f.ctx()),
      ),
    )
    expect(count(results, 'ok')).toBe(1)
    expect(count(results, 'conflict')).toBe(9)
    const winner = results.findIndex((r) => r.ok)
    const current = must(await f.stores.policySets.listPolicies(tenantId, 'baseline'))
    expect(current.set.version).toBe(2)
    expect(current.policies.map((p) => p.name)).toEqual([`only-${winner}`])
  })

  test('concurrent rotations of one key: one successor, the rest conflict', async (f) => {
    const { tenantId } = f.a
    must(await f.stores.keys.create(tenantId, { keyId: 'k-1', name: 'ci', scopes: ['evaluate'], hash: f.hash() }, f.ctx()))
    const overlap = { overlapUntil: f.later(600) }
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => f.stores.keys.rotate(tenantId, 'k-1', { keyId: `k-next-${i}`, name: 'next', hash: f.hash() }, overlap, f.ctx())),
    )
    expect(count(results, 'ok')).toBe(1)
    expect(count(results, 'conflict')).toBe(9)
    const winner = must(results.find((r) => r.ok) ?? results[0]!).next.keyId
    expect(must(await f.stores.keys.get(tenantId, 'k-1')).replacedBy).toBe(winner)
    const ids = (await f.stores.keys.list(tenantId)).items.map((k) => k.keyId)
    expect(ids).toEqual(['k-1', winner, 'k-root'].sort())
  })

  test('concurrent cluster updates with the same ETag: exactly one wins', async (f) => {
    const { tenantId } = f.a
    const created = must(
      await f.stores.clusters.create(
        tenantId,
        { clusterId: 'prod', displayName: 'Prod', policySetId: 'baseline', failureMode: 'fail-closed', kubernetesVersion: '1.30', namespaceExclusions: [] },
        { keyId: 'k-wh', name: 'webhook', hash: f.hash() },
        f.ctx(),
      ),
    )
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => f.stores.clusters.update(tenantId, 'prod', { displayName: `Prod ${i}` }, { etag: created.cluster.etag }, f.ctx())),
    )
    expect(count(results, 'ok')).toBe(1)
    expect(count(results, 'conflict')).toBe(9)
    const winner = results.findIndex((r) => r.ok)
    expect(must(await f.stores.clusters.get(tenantId, 'prod')).displayName).toBe(`Prod ${winner}`)
  })
}
