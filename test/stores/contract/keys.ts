/** Contract: tenants (created with their root key) and API keys. */
import { expect } from 'vitest'
import type { ContractTest } from '../contract.ts'
import { actions, must } from './helpers.ts'

export function keyContract(test: ContractTest): void {
  test('a tenant is created with its root admin key, and can be read and listed', async (f) => {
    const t = must(await f.stores.tenants.get(f.a.tenantId))
    expect(t).toEqual({ tenantId: 'tenant-a', name: 'Tenant tenant-a', createdAt: expect.any(String) })
    const root = await f.stores.keys.findByHash(f.a.rootHash)
    expect(root).toMatchObject({ tenantId: 'tenant-a', keyId: 'k-root', scopes: ['admin'], clusterId: null, revokedAt: null, hash: f.a.rootHash })
    const listed = await f.stores.tenants.list()
    expect(listed.items.map((x) => x.tenantId)).toEqual(['tenant-a', 'tenant-b'])
    expect(await actions(f, f.a.tenantId)).toEqual(['tenant.create'])
    expect(await f.stores.tenants.get('tenant-zzz')).toEqual({ ok: false, error: 'notFound' })
  })

  test('creating a tenant twice, or with a taken root key hash, is exists and writes nothing', async (f) => {
    const again = await f.stores.tenants.create({ tenant: { tenantId: 'tenant-a', name: 'x' }, rootKey: { keyId: 'k', name: 'r', hash: f.hash() } }, f.ctx())
    expect(again).toEqual({ ok: false, error: 'exists' })
    const taken = await f.stores.tenants.create({ tenant: { tenantId: 'tenant-c', name: 'c' }, rootKey: { keyId: 'k', name: 'r', hash: f.a.rootHash } }, f.ctx())
    expect(taken).toEqual({ ok: false, error: 'exists' })
    expect(await f.stores.tenants.get('tenant-c')).toEqual({ ok: false, error: 'notFound' })
    expect(await actions(f, 'tenant-c')).toEqual([])
    expect((await f.stores.tenants.list()).items).toHaveLength(2)
  })

  test('keys: create, get, list (ordered, paged, never with hashes)', async (f) => {
    const { tenantId } = f.a
    for (const id of ['k-c', 'k-a', 'k-b', 'k-d']) {
      must(await f.stores.keys.create(tenantId, { keyId: id, name: `key ${id}`, scopes: ['read', 'evaluate'], hash: f.hash() }, f.ctx()))
    }
    const got = must(await f.stores.keys.get(tenantId, 'k-b'))
    expect(got).toMatchObject({ tenantId, keyId: 'k-b', name: 'key k-b', scopes: ['read', 'evaluate'], expiresAt: null, revokedAt: null, createdBy: 'k-root' })
    expect(got).not.toHaveProperty('hash')
    const first = await f.stores.keys.list(tenantId, { limit: 2 })
    expect(first.items.map((k) => k.keyId)).toEqual(['k-a', 'k-b'])
    const second = await f.stores.keys.list(tenantId, { limit: 2, cursor: first.cursor ?? undefined })
    expect(second.items.map((k) => k.keyId)).toEqual(['k-c', 'k-d'])
    const third = await f.stores.keys.list(tenantId, { limit: 2, cursor: second.cursor ?? undefined })
    expect(third.items.map((k) => k.keyId)).toEqual(['k-root'])
    expect(third.cursor).toBeNull()
    for (const k of [...first.items, ...second.items, ...third.items]) expect(k).not.toHaveProperty('hash')
    expect(await f.stores.keys.get(tenantId, 'k-none')).toEqual({ ok: false, error: 'notFound' })
  })

  test('a key id or hash can be used once (hashes across all tenants)', async (f) => {
    const hash = f.hash()
    must(await f.stores.keys.create(f.a.tenantId, { keyId: 'k-1', name: 'one', scopes: ['read'], hash }, f.ctx()))
    expect(await f.stores.keys.create(f.a.tenantId, { keyId: 'k-1', name: 'again', scopes: ['read'], hash: f.hash() }, f.ctx())).toEqual({ ok: false, error: 'exists' })
    expect(await f.stores.keys.create(f.b.tenantId, { keyId: 'k-9', name: 'same hash', scopes: ['read'], hash }, f.ctx())).toEqual({ ok: false, error: 'exists' })
    expect(await f.stores.keys.get(f.b.tenantId, 'k-9')).toEqual({ ok: false, error: 'notFound' })
    // The same key id in another tenant is a different key.
    must(await f.stores.keys.create(f.b.tenantId, { keyId: 'k-1', name: 'b one', scopes: ['read'], hash: f.hash() }, f.ctx()))
  })

  test('lookup by hash returns the full record; expiry is data the store does not enforce', async (f) => {
    const hash = f.hash()
    const expiresAt = f.later(-3600) // already in the past
    must(await f.stores.keys.create(f.a.tenantId, { keyId: 'k-old', name: 'old', scopes: ['policy:write'], hash, expiresAt }, f.ctx()))
    expect(await f.stores.keys.findByHash(hash)).toMatchObject({ tenantId: 'tenant-a', keyId: 'k-old', hash, expiresAt, revokedAt: null })
    expect(await f.stores.keys.findByHash(f.hash())).toBeNull()
    expect(await f.stores.keys.findByHash('not#a#hash')).toBeNull()
  })

  test('revoke takes effect on lookup at once, is idempotent, and is audited once', async (f) => {
    const hash = f.hash()
    must(await f.stores.keys.create(f.a.tenantId, { keyId: 'k-1', name: 'one', scopes: ['read'], hash }, f.ctx()))
    const ctx = f.ctx()
    expect(must(await f.stores.keys.revoke(f.a.tenantId, 'k-1', ctx)).revokedAt).toBe(ctx.at)
    expect((await f.stores.keys.findByHash(hash))?.revokedAt).toBe(ctx.at)
    expect(must(await f.stores.keys.revoke(f.a.tenantId, 'k-1', f.ctx())).revokedAt).toBe(ctx.at)
    expect(await f.stores.keys.revoke(f.a.tenantId, 'k-none', f.ctx())).toEqual({ ok: false, error: 'notFound' })
    expect(await actions(f, f.a.tenantId)).toEqual(['key.revoke', 'key.create', 'tenant.create'])
  })

  test('webhook keys must be bound to an existing cluster', async (f) => {
    const r = await f.stores.keys.create(f.a.tenantId, { keyId: 'k-w', name: 'w', scopes: ['webhook'], clusterId: 'no-such-cluster', hash: f.hash() }, f.ctx())
    expect(r).toEqual({ ok: false, error: 'notFound' })
    expect(await f.stores.keys.get(f.a.tenantId, 'k-w')).toEqual({ ok: false, error: 'notFound' })
    // The binding rule is schema, not an outcome: breaking it is a caller bug and throws.
    await expect(f.stores.keys.create(f.a.tenantId, { keyId: 'k-x', name: 'x', scopes: ['webhook'], hash: f.hash() }, f.ctx())).rejects.toThrow()
    await expect(f.stores.keys.create(f.a.tenantId, { keyId: 'k-y', name: 'y', scopes: ['read'], clusterId: 'c', hash: f.hash() }, f.ctx())).rejects.toThrow()
  })

  test('rotate mints a successor with the same scopes and shortens the old key to the overlap', async (f) => {
    const oldHash = f.hash()
    const newHash = f.hash()
    const farFuture = f.later(86_400 * 365)
    must(await f.stores.keys.create(f.a.tenantId, { keyId: 'k-1', name: 'ci', scopes: ['evaluate', 'read'], hash: oldHash, expiresAt: farFuture }, f.ctx()))
    const overlapUntil = f.later(3600)
    const r = must(await f.stores.keys.rotate(f.a.tenantId, 'k-1', { keyId: 'k-2', name: 'ci (rotated)', hash: newHash }, { overlapUntil }, f.ctx()))
    expect(r.previous).toMatchObject({ keyId: 'k-1', expiresAt: overlapUntil, replacedBy: 'k-2', revokedAt: null })
    expect(r.next).toMatchObject({ keyId: 'k-2', scopes: ['evaluate', 'read'], clusterId: null, expiresAt: null, replacedBy: null })
    expect((await f.stores.keys.findByHash(oldHash))?.expiresAt).toBe(overlapUntil)
    expect((await f.stores.keys.findByHash(newHash))?.keyId).toBe('k-2')
    // Rotated once: rotating the old key again is a conflict; the overlap never lengthens.
    expect(await f.stores.keys.rotate(f.a.tenantId, 'k-1', { keyId: 'k-3', name: 'x', hash: f.hash() }, { overlapUntil: farFuture }, f.ctx())).toEqual({ ok: false, error: 'conflict' })
    const short = must(await f.stores.keys.rotate(f.a.tenantId, 'k-2', { keyId: 'k-3', name: 'x', hash: f.hash() }, { overlapUntil: farFuture }, f.ctx()))
    expect(short.previous.expiresAt).toBe(farFuture)
    expect(await actions(f, f.a.tenantId)).toEqual(['key.rotate', 'key.rotate', 'key.create', 'tenant.create'])
  })

  test('rotate refuses revoked keys, unknown keys and taken successor ids or hashes', async (f) => {
    must(await f.stores.keys.create(f.a.tenantId, { keyId: 'k-1', name: 'one', scopes: ['read'], hash: f.hash() }, f.ctx()))
    const overlap = { overlapUntil: f.later(60) }
    expect(await f.stores.keys.rotate(f.a.tenantId, 'k-1', { keyId: 'k-root', name: 'x', hash: f.hash() }, overlap, f.ctx())).toEqual({ ok: false, error: 'exists' })
    expect(await f.stores.keys.rotate(f.a.tenantId, 'k-1', { keyId: 'k-2', name: 'x', hash: f.b.rootHash }, overlap, f.ctx())).toEqual({ ok: false, error: 'exists' })
    expect(must(await f.stores.keys.get(f.a.tenantId, 'k-1'))).toMatchObject({ replacedBy: null, expiresAt: null })
    expect(await f.stores.keys.rotate(f.a.tenantId, 'k-none', { keyId: 'k-2', name: 'x', hash: f.hash() }, overlap, f.ctx())).toEqual({ ok: false, error: 'notFound' })
    must(await f.stores.keys.revoke(f.a.tenantId, 'k-1', f.ctx()))
    expect(await f.stores.keys.rotate(f.a.tenantId, 'k-1', { keyId: 'k-2', name: 'x', hash: f.hash() }, overlap, f.ctx())).toEqual({ ok: false, error: 'conflict' })
    expect(await f.stores.keys.get(f.a.tenantId, 'k-2')).toEqual({ ok: false, error: 'notFound' })
  })
}
