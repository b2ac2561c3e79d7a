/** Contract: policy sets, policies, ETags and set versions. */
import { expect } from 'vitest'
import { limits } from '../../../shared/store/ports.ts'
import type { PolicyDocument } from '../../../shared/store/ports.ts'
import type { ContractTest } from '../contract.ts'
import { actions, must, newSet, policy } from './helpers.ts'

export function policySetContract(test: ContractTest): void {
  test('a set is created empty at version 1, read, listed and refused twice', async (f) => {
    const { tenantId } = f.a
    await newSet(f, 'zeta')
    await newSet(f, 'alpha')
    const set = must(await f.stores.policySets.get(tenantId, 'alpha'))
    expect(set).toMatchObject({ tenantId, setId: 'alpha', version: 1, description: 'set alpha', policyCount: 0 })
    expect(set.uid).toMatch(/^\w{16,}$/)
    expect(must(await f.stores.policySets.listPolicies(tenantId, 'alpha')).policies).toEqual([])
    expect((await f.stores.policySets.list(tenantId)).items.map((s) => s.setId)).toEqual(['alpha', 'zeta'])
    expect(await f.stores.policySets.create(tenantId, { setId: 'alpha' }, f.ctx())).toEqual({ ok: false, error: 'exists' })
    expect(await f.stores.policySets.get(tenantId, 'nope')).toEqual({ ok: false, error: 'notFound' })
    expect(await actions(f, tenantId)).toEqual(['set.create', 'set.create', 'tenant.create'])
  })

  test('create-if-absent puts a policy and bumps the version; a second one is exists', async (f) => {
    const { tenantId } = f.a
    await newSet(f)
    const r = must(await f.stores.policySets.putPolicy(tenantId, 'baseline', 'require-labels', policy('require-labels'), { absent: true }, f.ctx()))
    expect(r.set).toMatchObject({ version: 2, policyCount: 1 })
    expect(r.policy).toMatchObject({ name: 'require-labels', version: 2, document: policy('require-labels') })
    expect(must(await f.stores.policySets.getPolicy(tenantId, 'baseline', 'require-labels'))).toEqual(r.policy)
    const again = await f.stores.policySets.putPolicy(tenantId, 'baseline', 'require-labels', policy('x'), { absent: true }, f.ctx())
    expect(again).toEqual({ ok: false, error: 'exists' })
    expect(must(await f.stores.policySets.get(tenantId, 'baseline')).version).toBe(2)
  })

  test('If-Match: the current ETag updates, a stale one conflicts, a missing policy or set is notFound', async (f) => {
    const { tenantId } = f.a
    await newSet(f)
    const v1 = must(await f.stores.policySets.putPolicy(tenantId, 'baseline', 'p', policy('p'), { absent: true }, f.ctx())).policy
    const v2 = must(await f.stores.policySets.putPolicy(tenantId, 'baseline', 'p', policy('p', { rev: '2' }), { etag: v1.etag }, f.ctx()))
    expect(v2.policy.etag).not.toBe(v1.etag)
    expect(v2.set.version).toBe(3)
    const stale = await f.stores.policySets.putPolicy(tenantId, 'baseline', 'p', policy('p', { rev: '3' }), { etag: v1.etag }, f.ctx())
    expect(stale).toEqual({ ok: false, error: 'conflict' })
    expect(must(await f.stores.policySets.getPolicy(tenantId, 'baseline', 'p')).document).toEqual(policy('p', { rev: '2' }))
    expect(await f.stores.policySets.putPolicy(tenantId, 'baseline', 'q', policy('q'), { etag: v1.etag }, f.ctx())).toEqual({ ok: false, error: 'notFound' })
    expect(await f.stores.policySets.putPolicy(tenantId, 'other', 'p', policy('p'), { absent: true }, f.ctx())).toEqual({ ok: false, error: 'notFound' })
    expect(must(await f.stores.policySets.get(tenantId, 'baseline')).version).toBe(3)
  })

  test('deleting a policy needs its current ETag and bumps the version', async (f) => {
    const { tenantId } = f.a
    await newSet(f)
    const p = must(await f.stores.policySets.putPolicy(tenantId, 'baseline', 'p', policy('p'), { absent: true }, f.ctx())).policy
    expect(await f.stores.policySets.deletePolicy(tenantId, 'baseline', 'p', { etag: 'stale' }, f.ctx())).toEqual({ ok: false, error: 'conflict' })
    expect(await f.stores.policySets.deletePolicy(tenantId, 'baseline', 'q', { etag: p.etag }, f.ctx())).toEqual({ ok: false, error: 'notFound' })
    const r = must(await f.stores.policySets.deletePolicy(tenantId, 'baseline', 'p', { etag: p.etag }, f.ctx()))
    expect(r.set).toMatchObject({ version: 3, policyCount: 0 })
    expect(await f.stores.policySets.getPolicy(tenantId, 'baseline', 'p')).toEqual({ ok: false, error: 'notFound' })
    expect(await actions(f, tenantId)).toEqual(['policy.delete', 'policy.put', 'set.create', 'tenant.create'])
  })

  test('replacing the whole set works against its version and keeps unchanged ETags', async (f) => {
    const { tenantId } = f.a
    await newSet(f)
    const keep = must(await f.stores.policySets.putPolicy(tenantId, 'baseline', 'keep', policy('keep'), { absent: true }, f.ctx())).policy
    must(await f.stores.policySets.putPolicy(tenantId, 'baseline', 'drop', policy('drop'), { absent: true }, f.ctx()))
    const content = [
      { name: 'new', document: policy('new') },
      { name: 'keep', document: policy('keep') },
    ]
    expect(await f.stores.policySets.replace(tenantId, 'baseline', content, { version: 2 }, f.ctx())).toEqual({ ok: false, error: 'conflict' })
    const r = must(await f.stores.policySets.replace(tenantId, 'baseline', content, { version: 3 }, f.ctx()))
    expect(r.set).toMatchObject({ version: 4, policyCount: 2 })
    expect(r.policies.map((p) => p.name)).toEqual(['keep', 'new'])
    expect(r.policies[0]).toEqual(keep)
    expect(r.policies[1]).toMatchObject({ version: 4 })
    expect(must(await f.stores.policySets.listPolicies(tenantId, 'baseline'))).toEqual(r)
    expect(await f.stores.policySets.replace(tenantId, 'none', content, { version: 1 }, f.ctx())).toEqual({ ok: false, error: 'notFound' })
    await expect(f.stores.policySets.replace(tenantId, 'baseline', [...content, content[0]!], { version: 4 }, f.ctx())).rejects.toThrow(/duplicate/)
    expect((await actions(f, tenantId))[0]).toBe('set.replace')
  })

  test('deleting a set needs its version; a re-created set starts afresh', async (f) => {
    const { tenantId } = f.a
    await newSet(f)
    must(await f.stores.policySets.putPolicy(tenantId, 'baseline', 'p', policy('p'), { absent: true }, f.ctx()))
    const before = must(await f.stores.policySets.get(tenantId, 'baseline'))
    expect(await f.stores.policySets.delete(tenantId, 'baseline', { version: 1 }, f.ctx())).toEqual({ ok: false, error: 'conflict' })
    expect(must(await f.stores.policySets.delete(tenantId, 'baseline', { version: 2 }, f.ctx()))).toEqual(before)
    expect(await f.stores.policySets.get(tenantId, 'baseline')).toEqual({ ok: false, error: 'notFound' })
    expect(await f.stores.policySets.history(tenantId, 'baseline')).toEqual({ ok: false, error: 'notFound' })
    expect(await f.stores.policySets.delete(tenantId, 'baseline', { version: 2 }, f.ctx())).toEqual({ ok: false, error: 'notFound' })
    await newSet(f)
    const fresh = must(await f.stores.policySets.get(tenantId, 'baseline'))
    expect(fresh).toMatchObject({ version: 1, policyCount: 0 })
    expect(fresh.uid).not.toBe(before.uid)
    expect(must(await f.stores.policySets.history(tenantId, 'baseline')).items.map((h) => h.action)).toEqual(['create'])
    expect(await f.stores.policySets.snapshot(tenantId, 'baseline', 2)).toEqual({ ok: false, error: 'notFound' })
    expect((await actions(f, tenantId)).slice(0, 2)).toEqual(['set.create', 'set.delete'])
  })

  test('documents round-trip exactly (unicode, deep nesting, empty values, numbers)', async (f) => {
    const { tenantId } = f.a
    await newSet(f)
    let deep: PolicyDocument = { leaf: true }
    for (let i = 0; i < 40; i++) deep = { [`level${i}`]: deep } // deeper than DynamoDB's 32-level map limit
    const document: PolicyDocument = {
      kind: 'ClusterPolicy',
      metadata: { name: 'odd', annotations: { 'policies.kyverno.io/title': 'Ünïcødé ✓ 🚀', '': '' } },
      spec: { rules: [], empty: {}, list: [[], {}, null, 0, -1.5, 1e21, 'x'], flag: false, 'a.b$c': null },
      deep,
    }
    const put = must(await f.stores.policySets.putPolicy(tenantId, 'baseline', 'odd', document, { absent: true }, f.ctx()))
    expect(must(await f.stores.policySets.getPolicy(tenantId, 'baseline', 'odd')).document).toEqual(document)
    expect(put.policy.document).toEqual(document)
  })

  test('a set that would outgrow one snapshot is tooLarge and unchanged', async (f) => {
    const { tenantId } = f.a
    await newSet(f)
    const big = { blob: 'x'.repeat(limits.snapshotBytes) }
    expect(await f.stores.policySets.putPolicy(tenantId, 'baseline', 'big', big, { absent: true }, f.ctx())).toEqual({ ok: false, error: 'tooLarge' })
    expect(await f.stores.policySets.replace(tenantId, 'baseline', [{ name: 'big', document: big }], { version: 1 }, f.ctx())).toEqual({ ok: false, error: 'tooLarge' })
    expect(must(await f.stores.policySets.get(tenantId, 'baseline')).version).toBe(1)
    expect(await actions(f, tenantId)).toEqual(['set.create', 'tenant.create'])
  })

  test('ids that cannot exist read as notFound; invalid ids in creates throw', async (f) => {
    const { tenantId } = f.a
    await newSet(f)
    expect(await f.stores.policySets.get(tenantId, 'baseline#x')).toEqual({ ok: false, error: 'notFound' })
    expect(await f.stores.policySets.getPolicy(tenantId, 'baseline', 'Bad Name')).toEqual({ ok: false, error: 'notFound' })
    expect(await f.stores.keys.get(tenantId, '')).toEqual({ ok: false, error: 'notFound' })
    await expect(f.stores.policySets.create(tenantId, { setId: 'a#b' }, f.ctx())).rejects.toThrow()
    await expect(f.stores.policySets.putPolicy(tenantId, 'baseline', 'Bad Name', policy('x'), { absent: true }, f.ctx())).rejects.toThrow()
    expect(must(await f.stores.policySets.get(tenantId, 'baseline')).version).toBe(1)
  })
}
