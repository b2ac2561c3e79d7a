/** Contract: clusters (registering mints the webhook key) and the audit trail. */
import { expect } from 'vitest'
import type { NewCluster } from '../../../shared/store/ports.ts'
import type { ContractTest, Fixture } from '../contract.ts'
import { actions, audit, must } from './helpers.ts'

const prod: NewCluster = {
  clusterId: 'prod',
  displayName: 'Production',
  policySetId: 'baseline',
  failureMode: 'fail-closed',
  kubernetesVersion: '1.30',
  namespaceExclusions: ['kube-system', 'kyverno'],
}

async function register(f: Fixture, cluster: NewCluster = prod, keyId = 'k-wh') {
  const hash = f.hash()
  const r = must(await f.stores.clusters.create(f.a.tenantId, cluster, { keyId, name: `${cluster.clusterId} webhook`, hash }, f.ctx()))
  return { ...r, hash }
}

export function clusterAndAuditContract(test: ContractTest): void {
  test('registering a cluster mints its bound webhook key in the same write', async (f) => {
    const { cluster, webhookKey, hash } = await register(f)
    expect(cluster).toMatchObject({ ...prod, tenantId: 'tenant-a' })
    expect(webhookKey).toMatchObject({ keyId: 'k-wh', scopes: ['webhook'], clusterId: 'prod', revokedAt: null })
    expect(await f.stores.keys.findByHash(hash)).toMatchObject({ tenantId: 'tenant-a', keyId: 'k-wh', clusterId: 'prod' })
    expect(must(await f.stores.clusters.get(f.a.tenantId, 'prod'))).toEqual(cluster)
    await register(f, { ...prod, clusterId: 'dev' }, 'k-wh-dev')
    expect((await f.stores.clusters.list(f.a.tenantId)).items.map((c) => c.clusterId)).toEqual(['dev', 'prod'])
    expect(await actions(f, f.a.tenantId)).toEqual(['cluster.create', 'cluster.create', 'tenant.create'])
  })

  test('registering a taken cluster id or key hash is exists and writes nothing', async (f) => {
    await register(f)
    const ctx = f.ctx()
    expect(await f.stores.clusters.create(f.a.tenantId, prod, { keyId: 'k-2', name: 'w', hash: f.hash() }, ctx)).toEqual({ ok: false, error: 'exists' })
    expect(await f.stores.clusters.create(f.a.tenantId, { ...prod, clusterId: 'dev' }, { keyId: 'k-3', name: 'w', hash: f.a.rootHash }, ctx)).toEqual({ ok: false, error: 'exists' })
    expect(await f.stores.clusters.get(f.a.tenantId, 'dev')).toEqual({ ok: false, error: 'notFound' })
    expect(await f.stores.keys.get(f.a.tenantId, 'k-2')).toEqual({ ok: false, error: 'notFound' })
    expect(await f.stores.keys.get(f.a.tenantId, 'k-3')).toEqual({ ok: false, error: 'notFound' })
    expect(await actions(f, f.a.tenantId)).toEqual(['cluster.create', 'tenant.create'])
  })

  test('updating a cluster needs its ETag and changes only the patched fields', async (f) => {
    const { cluster } = await register(f)
    const updated = must(await f.stores.clusters.update(f.a.tenantId, 'prod', { failureMode: 'fail-open', namespaceExclusions: [] }, { etag: cluster.etag }, f.ctx()))
    expect(updated).toMatchObject({ ...prod, failureMode: 'fail-open', namespaceExclusions: [], createdAt: cluster.createdAt })
    expect(updated.etag).not.toBe(cluster.etag)
    expect(updated.updatedAt > cluster.updatedAt).toBe(true)
    expect(await f.stores.clusters.update(f.a.tenantId, 'prod', { displayName: 'x' }, { etag: cluster.etag }, f.ctx())).toEqual({ ok: false, error: 'conflict' })
    expect(await f.stores.clusters.update(f.a.tenantId, 'nope', { displayName: 'x' }, { etag: cluster.etag }, f.ctx())).toEqual({ ok: false, error: 'notFound' })
    expect(must(await f.stores.clusters.get(f.a.tenantId, 'prod'))).toEqual(updated)
    const [entry] = await audit(f, f.a.tenantId)
    expect(entry).toMatchObject({ action: 'cluster.update', target: 'clusters/prod', detail: { fields: 'failureMode,namespaceExclusions' } })
  })

  test('deleting a cluster needs its ETag and revokes every live key bound to it', async (f) => {
    const { cluster, hash } = await register(f)
    const other = await register(f, { ...prod, clusterId: 'dev' }, 'k-wh-dev')
    const rotated = must(await f.stores.keys.rotate(f.a.tenantId, 'k-wh', { keyId: 'k-wh-2', name: 'rotated', hash: f.hash() }, { overlapUntil: f.later(3600) }, f.ctx()))
    expect(rotated.next.clusterId).toBe('prod')
    expect(await f.stores.clusters.delete(f.a.tenantId, 'prod', { etag: 'stale' }, f.ctx())).toEqual({ ok: false, error: 'conflict' })
    const ctx = f.ctx()
    const r = must(await f.stores.clusters.delete(f.a.tenantId, 'prod', { etag: cluster.etag }, ctx))
    expect(r).toEqual({ cluster, revokedKeyIds: ['k-wh', 'k-wh-2'] })
    expect(await f.stores.clusters.get(f.a.tenantId, 'prod')).toEqual({ ok: false, error: 'notFound' })
    expect((await f.stores.keys.findByHash(hash))?.revokedAt).toBe(ctx.at)
    expect(must(await f.stores.keys.get(f.a.tenantId, 'k-wh-2')).revokedAt).toBe(ctx.at)
    expect((await f.stores.keys.findByHash(other.hash))?.revokedAt).toBeNull()
    expect(must(await f.stores.keys.get(f.a.tenantId, 'k-root')).revokedAt).toBeNull()
    expect(await f.stores.clusters.delete(f.a.tenantId, 'prod', { etag: cluster.etag }, f.ctx())).toEqual({ ok: false, error: 'notFound' })
  })

  test('every mutation writes one audit entry with the acting key, newest first, in pages', async (f) => {
    const { tenantId } = f.a
    const ctxs = [f.ctx('k-one'), f.ctx('k-two'), f.ctx('k-three')]
    must(await f.stores.policySets.create(tenantId, { setId: 's1' }, ctxs[0]!))
    must(await f.stores.keys.create(tenantId, { keyId: 'k-x', name: 'x', scopes: ['read'], hash: f.hash() }, ctxs[1]!))
    must(await f.stores.keys.revoke(tenantId, 'k-x', ctxs[2]!))
    const entries = await audit(f, tenantId)
    expect(entries.map((e) => [e.action, e.actorKeyId, e.target, e.at, e.requestId])).toEqual([
      ['key.revoke', 'k-three', 'keys/k-x', ctxs[2]!.at, ctxs[2]!.requestId],
      ['key.create', 'k-two', 'keys/k-x', ctxs[1]!.at, ctxs[1]!.requestId],
      ['set.create', 'k-one', 'sets/s1', ctxs[0]!.at, ctxs[0]!.requestId],
      ['tenant.create', 'operator', 'tenants/tenant-a', expect.any(String), expect.any(String)],
    ])
    for (const e of entries) expect(e.tenantId).toBe(tenantId)
    const p1 = await f.stores.audit.list(tenantId, { limit: 3 })
    expect(p1.items.map((e) => e.action)).toEqual(['key.revoke', 'key.create', 'set.create'])
    const p2 = await f.stores.audit.list(tenantId, { limit: 3, cursor: p1.cursor ?? undefined })
    expect(p2).toEqual({ items: [entries[3]], cursor: null })
  })

  test('refused mutations write no audit entry', async (f) => {
    const { tenantId } = f.a
    must(await f.stores.policySets.create(tenantId, { setId: 's1' }, f.ctx()))
    const before = await audit(f, tenantId)
    await f.stores.policySets.create(tenantId, { setId: 's1' }, f.ctx())
    await f.stores.policySets.delete(tenantId, 's1', { version: 7 }, f.ctx())
    await f.stores.policySets.putPolicy(tenantId, 's1', 'p', { kind: 'x' }, { etag: 'nope' }, f.ctx())
    await f.stores.keys.revoke(tenantId, 'k-none', f.ctx())
    expect(await audit(f, tenantId)).toEqual(before)
  })
}
