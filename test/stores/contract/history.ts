/** Contract: every change is a version with a history line and a snapshot; restore is a new version. */
import { expect } from 'vitest'
import type { ContractTest, Fixture } from '../contract.ts'
import { actions, must, newSet, policy } from './helpers.ts'

/** baseline: v1 create, v2 put a, v3 put b, v4 update a, v5 delete b. */
async function fiveVersions(f: Fixture) {
  const { tenantId } = f.a
  const sets = f.stores.policySets
  await newSet(f)
  const a = must(await sets.putPolicy(tenantId, 'baseline', 'a', policy('a'), { absent: true }, f.ctx('k-alice'))).policy
  const b = must(await sets.putPolicy(tenantId, 'baseline', 'b', policy('b'), { absent: true }, f.ctx('k-bob'))).policy
  const a2 = must(await sets.putPolicy(tenantId, 'baseline', 'a', policy('a', { v: '2' }), { etag: a.etag }, f.ctx())).policy
  must(await sets.deletePolicy(tenantId, 'baseline', 'b', { etag: b.etag }, f.ctx()))
  return { a, b, a2 }
}

export function historyContract(test: ContractTest): void {
  test('history lists every version newest first, with actor and action, in pages', async (f) => {
    await fiveVersions(f)
    const h = must(await f.stores.policySets.history(f.a.tenantId, 'baseline'))
    expect(h.cursor).toBeNull()
    expect(h.items.map((e) => [e.version, e.action, e.policy ?? null, e.policyCount])).toEqual([
      [5, 'delete', 'b', 1],
      [4, 'put', 'a', 2],
      [3, 'put', 'b', 2],
      [2, 'put', 'a', 1],
      [1, 'create', null, 0],
    ])
    expect(h.items[3]?.actorKeyId).toBe('k-alice')
    expect(h.items[2]?.actorKeyId).toBe('k-bob')
    const p1 = must(await f.stores.policySets.history(f.a.tenantId, 'baseline', { limit: 2 }))
    const p2 = must(await f.stores.policySets.history(f.a.tenantId, 'baseline', { limit: 2, cursor: p1.cursor ?? undefined }))
    const p3 = must(await f.stores.policySets.history(f.a.tenantId, 'baseline', { limit: 2, cursor: p2.cursor ?? undefined }))
    expect([...p1.items, ...p2.items, ...p3.items].map((e) => e.version)).toEqual([5, 4, 3, 2, 1])
    expect(p3.cursor).toBeNull()
  })

  test('a snapshot holds the complete content of a version', async (f) => {
    const { a, b, a2 } = await fiveVersions(f)
    const v3 = must(await f.stores.policySets.snapshot(f.a.tenantId, 'baseline', 3))
    expect(v3).toMatchObject({ tenantId: 'tenant-a', setId: 'baseline', version: 3 })
    expect(v3.policies).toEqual([a, b])
    const current = must(await f.stores.policySets.snapshot(f.a.tenantId, 'baseline'))
    expect(current.version).toBe(5)
    expect(current.uid).toBe(must(await f.stores.policySets.get(f.a.tenantId, 'baseline')).uid)
    expect(current.policies).toEqual([a2])
    for (const v of [0, 6, 1.5]) expect(await f.stores.policySets.snapshot(f.a.tenantId, 'baseline', v)).toEqual({ ok: false, error: 'notFound' })
  })

  test('restore makes an earlier version current again as a new version', async (f) => {
    const { tenantId } = f.a
    const { a2 } = await fiveVersions(f)
    expect(await f.stores.policySets.restore(tenantId, 'baseline', 3, { version: 4 }, f.ctx())).toEqual({ ok: false, error: 'conflict' })
    expect(await f.stores.policySets.restore(tenantId, 'baseline', 9, { version: 5 }, f.ctx())).toEqual({ ok: false, error: 'notFound' })
    expect(await f.stores.policySets.restore(tenantId, 'nope', 3, { version: 5 }, f.ctx())).toEqual({ ok: false, error: 'notFound' })
    const r = must(await f.stores.policySets.restore(tenantId, 'baseline', 3, { version: 5 }, f.ctx()))
    expect(r.set).toMatchObject({ version: 6, policyCount: 2 })
    expect(r.policies.map((p) => [p.name, p.document])).toEqual([
      ['a', policy('a')],
      ['b', policy('b')],
    ])
    // Changed documents are written anew, so an ETag read before the restore is stale.
    expect(r.policies[0]?.etag).not.toBe(a2.etag)
    expect(await f.stores.policySets.putPolicy(tenantId, 'baseline', 'a', policy('a'), { etag: a2.etag }, f.ctx())).toEqual({ ok: false, error: 'conflict' })
    const top = must(await f.stores.policySets.history(tenantId, 'baseline', { limit: 1 })).items[0]
    expect(top).toMatchObject({ version: 6, action: 'restore', restoredFrom: 3, policyCount: 2 })
    expect(must(await f.stores.policySets.snapshot(tenantId, 'baseline', 6)).policies).toEqual(r.policies)
    expect((await actions(f, tenantId))[0]).toBe('set.restore')
  })

  test('restoring the current content keeps every ETag and still adds a version', async (f) => {
    const { tenantId } = f.a
    const { a2 } = await fiveVersions(f)
    const r = must(await f.stores.policySets.restore(tenantId, 'baseline', 5, { version: 5 }, f.ctx()))
    expect(r.set.version).toBe(6)
    expect(r.policies).toEqual([a2])
    must(await f.stores.policySets.putPolicy(tenantId, 'baseline', 'a', policy('a', { v: '3' }), { etag: a2.etag }, f.ctx()))
  })
}
