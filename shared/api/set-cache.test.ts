/**
 * The set cache's KV self-heal on a clock the test controls: memory stores as the record, the
 * KV snapshot adapter over the memory KV as the source. (The same behaviour in workerd, against
 * DynamoDB Local and real KV, is in test/http/worker.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import { createKvSnapshots, createMemoryKv, pointerKey, snapshotKey } from '../store/kv/index.ts'
import { createMemoryStores } from '../store/memory/index.ts'
import type { PolicyDocument, Stores } from '../store/ports.ts'
import { SetCache, type Background } from './set-cache.ts'

const TTL = 1_000

const doc = (name: string, action: 'Enforce' | 'Audit'): PolicyDocument => ({
  apiVersion: 'kyverno.io/v1',
  kind: 'ClusterPolicy',
  metadata: { name },
  spec: { validationFailureAction: action, rules: [{ name: 'r', match: { any: [{ resources: { kinds: ['Pod'] } }] }, validate: { message: 'm', pattern: { metadata: { labels: { app: '?*' } } } } }] },
})

async function setup() {
  let t = Date.UTC(2026, 0, 1)
  const clock = { now: () => t, advance: (ms: number) => void (t += ms) }
  const ctx = () => ({ actorKeyId: 'test', at: new Date(t).toISOString() })
  const stores = createMemoryStores()
  // Counts the freshness checks: each one starts with the set's head.
  const heads = vi.fn(stores.policySets.get)
  const counted: Stores = { ...stores, policySets: { ...stores.policySets, get: heads } }
  const kv = createMemoryKv()
  const snapshots = createKvSnapshots(kv, { retryDelayMs: 0 })
  const cache = new SetCache(counted, TTL, clock.now, snapshots)
  const pending: Promise<unknown>[] = []
  const later: Background = (work) => void pending.push(work)
  const settle = async () => {
    while (pending.length) await pending.shift()
  }

  const created = await stores.policySets.create('acme', { setId: 'prod' }, ctx())
  if (!created.ok) throw new Error('create')
  const filled = await stores.policySets.replace('acme', 'prod', [{ name: 'enforce', document: doc('enforce', 'Enforce') }], { version: 1 }, ctx())
  if (!filled.ok) throw new Error('replace')
  const v2 = await stores.policySets.snapshot('acme', 'prod')
  if (!v2.ok) throw new Error('snapshot')
  await snapshots.publish(v2.value)
  const pointer = () => JSON.parse(kv.data.get(pointerKey('acme', 'prod')) ?? 'null') as { version: number; deleted?: true } | null
  const version = async () => {
    const r = await cache.get('acme', 'prod', later)
    return r.ok ? r.set.version : null
  }
  /** v(n+1) straight into the store: what a Lambda or Node write leaves behind. */
  const writeBehind = async (n: number) => {
    const r = await stores.policySets.replace('acme', 'prod', [{ name: 'audit', document: doc('audit', 'Audit') }], { version: n }, ctx())
    expect(r.ok).toBe(true)
  }
  return { clock, ctx, stores, heads, kv, cache, later, settle, pointer, version, writeBehind }
}

describe('SetCache self-heal of the snapshot source', () => {
  let logged: MockInstance<typeof console.log>
  // The cache logs which version it loads and each republish; keep that out of the report, and check it once.
  beforeEach(() => {
    logged = vi.spyOn(console, 'log').mockImplementation(() => undefined)
  })
  afterEach(() => {
    logged.mockRestore()
  })

  it('serves the published version, then republishes the store\u2019s newer one and drops its copy', async () => {
    const s = await setup()
    await s.writeBehind(2)
    expect(await s.version()).toBe(2)
    expect(s.pointer()?.version).toBe(2)
    await s.settle()
    expect(s.pointer()?.version).toBe(3)
    expect(logged.mock.calls.flat().join('\n')).toMatch(/"message":"snapshot source was behind the store; republished".*"served":\{[^}]*"version":2\},"current":\{[^}]*"version":3\}/)
    // Dropped: read again at once, not after the TTL.
    expect(await s.version()).toBe(3)
  })

  it('compares at most once per TTL per set, and writes nothing while the source is current', async () => {
    const s = await setup()
    const puts = vi.spyOn(s.kv, 'put')
    expect(await s.version()).toBe(2)
    await s.settle()
    expect(s.heads).toHaveBeenCalledTimes(1)
    expect(puts).not.toHaveBeenCalled()

    // Within the TTL: cached, no source read, no check.
    s.clock.advance(TTL - 1)
    expect(await s.version()).toBe(2)
    await s.settle()
    expect(s.heads).toHaveBeenCalledTimes(1)
    // A TTL on: the source is read again, and checked again.
    s.clock.advance(1)
    expect(await s.version()).toBe(2)
    await s.settle()
    expect(s.heads).toHaveBeenCalledTimes(2)
    expect(puts).not.toHaveBeenCalled()
  })

  it('after a heal, a second change is looked for only a TTL later', async () => {
    const s = await setup()
    await s.writeBehind(2)
    await s.version()
    await s.settle()
    expect(s.heads).toHaveBeenCalledTimes(1)
    // Another change at once: the dropped set is read from the source again, but not re-checked yet.
    await s.writeBehind(3)
    expect(await s.version()).toBe(3)
    await s.settle()
    expect(s.heads).toHaveBeenCalledTimes(1)
    expect(s.pointer()?.version).toBe(3)
    s.clock.advance(TTL)
    expect(await s.version()).toBe(3)
    await s.settle()
    expect(s.pointer()?.version).toBe(4)
    expect(await s.version()).toBe(4)
  })

  it('retracts a set deleted behind its back, so readers fall back to the store ("not found")', async () => {
    const s = await setup()
    const gone = await s.stores.policySets.delete('acme', 'prod', { version: 2 }, s.ctx())
    expect(gone.ok).toBe(true)
    expect(await s.version()).toBe(2)
    await s.settle()
    expect(s.pointer()).toMatchObject({ version: 2, deleted: true })
    expect(await s.cache.get('acme', 'prod', s.later)).toEqual({ ok: false, error: 'notFound' })
  })

  it('republishes a set deleted and created again (a new incarnation) behind its back', async () => {
    const s = await setup()
    expect((await s.stores.policySets.delete('acme', 'prod', { version: 2 }, s.ctx())).ok).toBe(true)
    s.clock.advance(10)
    expect((await s.stores.policySets.create('acme', { setId: 'prod' }, s.ctx())).ok).toBe(true)
    expect(await s.version()).toBe(2)
    await s.settle()
    expect(s.pointer()).toMatchObject({ version: 1 })
    expect(await s.version()).toBe(1)
  })

  it('runs no check without a way to run work after the response, and a failing check is only logged', async () => {
    const s = await setup()
    await s.writeBehind(2)
    expect((await s.cache.get('acme', 'prod')).ok).toBe(true)
    expect(s.heads).not.toHaveBeenCalled()

    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      s.heads.mockRejectedValueOnce(new Error('store down'))
      s.clock.advance(TTL)
      expect(await s.version()).toBe(2)
      await s.settle()
      expect(errors.mock.calls.flat().join('\n')).toMatch(/snapshot freshness check failed.*store down/)
      expect(s.pointer()?.version).toBe(2)
    } finally {
      errors.mockRestore()
    }
  })

  it('read-your-writes: a write made through this instance outranks the lagging source until it catches up', async () => {
    const s = await setup()
    expect(await s.version()).toBe(2)
    const v3 = await s.stores.policySets.replace('acme', 'prod', [{ name: 'audit', document: doc('audit', 'Audit') }], { version: 2 }, s.ctx())
    if (!v3.ok) throw new Error('replace')
    // What the write route does before answering; its publish (after the response) has not landed.
    s.cache.wrote(v3.value.set)
    expect(await s.version()).toBe(3)
    expect(s.pointer()?.version).toBe(2)
    // Had that publish failed, the freshness check (scheduled all the same) republishes it.
    s.clock.advance(TTL)
    expect(await s.version()).toBe(3)
    await s.settle()
    expect(s.pointer()?.version).toBe(3)
    // KV has caught up: read from there again.
    expect(await s.version()).toBe(3)
    expect(String(logged.mock.calls.at(-1)?.[0])).toMatch(/"policy set loaded".*"version":3,"source":"snapshots"/)
  })

  it('read-your-writes for a delete: the source\u2019s live snapshot of the deleted set is passed over', async () => {
    const s = await setup()
    expect(await s.version()).toBe(2)
    const gone = await s.stores.policySets.delete('acme', 'prod', { version: 2 }, s.ctx())
    if (!gone.ok) throw new Error('delete')
    s.cache.wrote({ ...gone.value, deleted: true })
    expect(s.pointer()?.deleted).toBeUndefined()
    expect(await s.cache.get('acme', 'prod', s.later)).toEqual({ ok: false, error: 'notFound' })
  })

  it('reads a corrupted snapshot in KV as absent and serves the store’s version instead', async () => {
    const s = await setup()
    const key = snapshotKey('acme', 'prod', JSON.parse(s.kv.data.get(pointerKey('acme', 'prod'))!).uid, 2)
    s.kv.data.set(key, '{"format":2,"policies":[{"name":')
    const r = await s.cache.get('acme', 'prod', s.later)
    expect(r.ok && r.set.version).toBe(2)
    expect(r.ok && r.set.kinds.has('Pod')).toBe(true)
    expect(String(logged.mock.calls.at(-1)?.[0])).toMatch(/"policy set loaded".*"version":2,"source":"store"/)
  })

  it('republishes with the kind index (KV format 2), which the next cold reader compiles from', async () => {
    const s = await setup()
    await s.writeBehind(2)
    expect(await s.version()).toBe(2)
    await s.settle()
    const ptr = JSON.parse(s.kv.data.get(pointerKey('acme', 'prod'))!) as { uid: string; version: number }
    const stored = JSON.parse(s.kv.data.get(snapshotKey('acme', 'prod', ptr.uid, ptr.version))!)
    expect([ptr.version, stored.format, stored.kindIndex.entries.length]).toEqual([3, 2, 1])
    const cold = new SetCache(s.stores, TTL, s.clock.now, createKvSnapshots(s.kv))
    const r = await cold.get('acme', 'prod')
    expect(r.ok && [r.set.version, [...r.set.kinds].includes('Deployment')]).toEqual([3, true])
  })
})
