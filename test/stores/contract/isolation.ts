/**
 * Contract: tenants are isolated absolutely. Tenant B, knowing every id and ETag of tenant A, can
 * neither read, list, change nor learn the existence of A's records: each answer is exactly what
 * B would get for a record that does not exist.
 */
import { expect } from 'vitest'
import type { ContractTest, Fixture } from '../contract.ts'
import { audit, must, newSet, policy } from './helpers.ts'

/** Tenant A with one of everything; returns the ids and ETags B will try. */
async function populateA(f: Fixture) {
  const a = f.a.tenantId
  await newSet(f, 'shared-name')
  const p = must(await f.stores.policySets.putPolicy(a, 'shared-name', 'p', policy('p'), { absent: true }, f.ctx())).policy
  const key = must(await f.stores.keys.create(a, { keyId: 'k-a', name: 'a', scopes: ['read'], hash: f.hash() }, f.ctx()))
  const { cluster } = must(
    await f.stores.clusters.create(
      a,
      { clusterId: 'prod', displayName: 'A prod', policySetId: 'shared-name', failureMode: 'fail-open', kubernetesVersion: '1.31', namespaceExclusions: ['kube-system'] },
      { keyId: 'k-a-wh', name: 'webhook', hash: f.hash() },
      f.ctx(),
    ),
  )
  return { p, key, cluster }
}

const notFound = { ok: false, error: 'notFound' }

export function isolationContract(test: ContractTest): void {
  test("tenant B cannot read or list tenant A's records", async (f) => {
    await populateA(f)
    const b = f.b.tenantId
    const s = f.stores
    expect(await s.policySets.get(b, 'shared-name')).toEqual(notFound)
    expect(await s.policySets.getPolicy(b, 'shared-name', 'p')).toEqual(notFound)
    expect(await s.policySets.listPolicies(b, 'shared-name')).toEqual(notFound)
    expect(await s.policySets.history(b, 'shared-name')).toEqual(notFound)
    expect(await s.policySets.snapshot(b, 'shared-name', 1)).toEqual(notFound)
    expect(await s.keys.get(b, 'k-a')).toEqual(notFound)
    expect(await s.clusters.get(b, 'prod')).toEqual(notFound)
    expect((await s.policySets.list(b)).items).toEqual([])
    expect((await s.clusters.list(b)).items).toEqual([])
    expect((await s.keys.list(b)).items.map((k) => k.keyId)).toEqual(['k-root'])
    expect((await audit(f, b)).map((e) => e.tenantId)).toEqual(['tenant-b'])
  })

  test("tenant B cannot change tenant A's records, even with the right ETags and versions", async (f) => {
    const { p, cluster } = await populateA(f)
    const b = f.b.tenantId
    const s = f.stores
    const auditA = await audit(f, f.a.tenantId)
    expect(await s.policySets.putPolicy(b, 'shared-name', 'p', policy('evil'), { etag: p.etag }, f.ctx())).toEqual(notFound)
    expect(await s.policySets.deletePolicy(b, 'shared-name', 'p', { etag: p.etag }, f.ctx())).toEqual(notFound)
    expect(await s.policySets.replace(b, 'shared-name', [], { version: 2 }, f.ctx())).toEqual(notFound)
    expect(await s.policySets.restore(b, 'shared-name', 1, { version: 2 }, f.ctx())).toEqual(notFound)
    expect(await s.policySets.delete(b, 'shared-name', { version: 2 }, f.ctx())).toEqual(notFound)
    expect(await s.keys.revoke(b, 'k-a', f.ctx())).toEqual(notFound)
    expect(await s.keys.rotate(b, 'k-a', { keyId: 'k-b2', name: 'x', hash: f.hash() }, { overlapUntil: f.later(60) }, f.ctx())).toEqual(notFound)
    expect(await s.clusters.update(b, 'prod', { failureMode: 'fail-open' }, { etag: cluster.etag }, f.ctx())).toEqual(notFound)
    expect(await s.clusters.delete(b, 'prod', { etag: cluster.etag }, f.ctx())).toEqual(notFound)
    // A's records are untouched and A's audit trail shows none of B's attempts.
    const a = f.a.tenantId
    expect(must(await s.policySets.getPolicy(a, 'shared-name', 'p'))).toEqual(p)
    expect(must(await s.keys.get(a, 'k-a')).revokedAt).toBeNull()
    expect(must(await s.clusters.get(a, 'prod'))).toEqual(cluster)
    expect(await audit(f, a)).toEqual(auditA)
    expect(await audit(f, b)).toHaveLength(1)
  })

  test('the same ids in two tenants are two independent records', async (f) => {
    const { p } = await populateA(f)
    const b = f.b.tenantId
    await newSet(f, 'shared-name', b)
    const bp = must(await f.stores.policySets.putPolicy(b, 'shared-name', 'p', policy('b-p'), { absent: true }, f.ctx())).policy
    must(await f.stores.policySets.putPolicy(b, 'shared-name', 'p', policy('b-p2'), { etag: bp.etag }, f.ctx()))
    expect(await f.stores.policySets.putPolicy(b, 'shared-name', 'p', policy('x'), { etag: p.etag }, f.ctx())).toEqual({ ok: false, error: 'conflict' })
    expect(must(await f.stores.policySets.get(b, 'shared-name')).version).toBe(3)
    expect(must(await f.stores.policySets.get(f.a.tenantId, 'shared-name')).version).toBe(2)
    expect(must(await f.stores.policySets.getPolicy(f.a.tenantId, 'shared-name', 'p')).document).toEqual(policy('p'))
  })
}
