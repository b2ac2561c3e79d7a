import { describe, expect, it } from 'vitest'
import type { Snapshot } from '../schemas.ts'
import { createKvSnapshots, createMemoryKv, pointerKey, snapshotKey, type KvPort } from './index.ts'

const policy = (name: string) => ({
  name,
  document: { apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name }, spec: { rules: [] } },
  etag: `e-${name}`,
  version: 1,
  updatedAt: '2026-01-01T00:00:00.000Z',
})

function snap(version: number, over: Partial<Snapshot> = {}): Snapshot {
  return { tenantId: 'acme', setId: 'base', uid: 'u1', version, at: `2026-01-01T00:00:${String(version).padStart(2, '0')}.000Z`, policies: [policy(`p${version}`)], ...over }
}

const PTR = pointerKey('acme', 'base')

describe('KV snapshots', () => {
  it('publishes the write-once snapshot and then the pointer, and reads them back', async () => {
    const kv = createMemoryKv()
    const s = createKvSnapshots(kv)
    expect(await s.publish(snap(2))).toEqual({ snapshot: 'written', pointer: 'written' })
    expect([...kv.data.keys()].sort()).toEqual([PTR, snapshotKey('acme', 'base', 'u1', 2)].sort())
    expect(JSON.parse(kv.data.get(PTR)!)).toEqual({ uid: 'u1', version: 2, at: snap(2).at })
    expect(JSON.parse(kv.data.get('snap/acme/base/u1/2')!)).toMatchObject({ format: 1, version: 2, policies: [{ name: 'p2' }] })
    expect(await s.read('acme', 'base')).toEqual(snap(2))
  })

  it('reads nothing without a pointer, or when the named snapshot is not visible yet', async () => {
    const kv = createMemoryKv()
    const s = createKvSnapshots(kv)
    expect(await s.read('acme', 'base')).toBeNull()
    await kv.put(PTR, JSON.stringify({ uid: 'u1', version: 4, at: snap(4).at }))
    expect(await s.read('acme', 'base')).toBeNull()
  })

  it('never overwrites an existing snapshot key, but still advances the pointer', async () => {
    const key = snapshotKey('acme', 'base', 'u1', 3)
    const kv = createMemoryKv([[key, 'already here']])
    expect(await createKvSnapshots(kv).publish(snap(3))).toEqual({ snapshot: 'existed', pointer: 'written' })
    expect(kv.data.get(key)).toBe('already here')
    expect(JSON.parse(kv.data.get(PTR)!).version).toBe(3)
  })

  it('is idempotent and skips a version older than the pointer (late publisher)', async () => {
    const kv = createMemoryKv()
    const s = createKvSnapshots(kv)
    await s.publish(snap(5))
    expect(await s.publish(snap(5))).toEqual({ snapshot: 'skipped', pointer: 'kept' })
    expect(await s.publish(snap(4))).toEqual({ snapshot: 'skipped', pointer: 'kept' })
    expect(kv.data.has(snapshotKey('acme', 'base', 'u1', 4))).toBe(false)
    expect((await s.read('acme', 'base'))?.version).toBe(5)
  })

  it('a tombstone hides a deleted set; a later incarnation (new uid) replaces it', async () => {
    const kv = createMemoryKv()
    const s = createKvSnapshots(kv)
    await s.publish(snap(3))
    expect(await s.retract({ tenantId: 'acme', setId: 'base', uid: 'u1', version: 3, at: '2026-01-01T00:01:00.000Z' })).toEqual({ pointer: 'written' })
    expect(await s.read('acme', 'base')).toBeNull()
    // The deleted incarnation's late publish stays out...
    expect((await s.publish(snap(3))).pointer).toBe('kept')
    expect(await s.read('acme', 'base')).toBeNull()
    // ...while the set created again after the delete goes in, and an older incarnation cannot come back.
    const again = snap(1, { uid: 'u2', at: '2026-01-01T00:02:00.000Z' })
    expect(await s.publish(again)).toEqual({ snapshot: 'written', pointer: 'written' })
    expect(await s.read('acme', 'base')).toEqual(again)
    expect((await s.publish(snap(9))).pointer).toBe('kept')
  })

  it('retries a refused pointer write (KV allows ~1 write/s per key) and re-checks the pointer each time', async () => {
    const kv = createMemoryKv()
    let refusals = 1
    const flaky: KvPort = {
      get: (k) => kv.get(k),
      put: async (k, v) => {
        if (k === PTR && refusals-- > 0) throw new Error('KV PUT failed: 429 Too Many Requests')
        await kv.put(k, v)
      },
    }
    expect(await createKvSnapshots(flaky, { retryDelayMs: 0 }).publish(snap(2))).toEqual({ snapshot: 'written', pointer: 'written' })

    // A newer publisher wins the pointer between our attempts: we keep theirs.
    refusals = 1
    const racing: KvPort = {
      get: (k) => kv.get(k),
      put: async (k, v) => {
        if (k === PTR && refusals-- > 0) {
          await kv.put(PTR, JSON.stringify({ uid: 'u1', version: 9, at: snap(9).at }))
          throw new Error('429')
        }
        await kv.put(k, v)
      },
    }
    expect(await createKvSnapshots(racing, { retryDelayMs: 0 }).publish(snap(3))).toEqual({ snapshot: 'written', pointer: 'kept' })
    expect(JSON.parse(kv.data.get(PTR)!).version).toBe(9)
  })

  it('gives up after the last attempt and rejects, leaving the snapshot key for the next publish', async () => {
    const kv = createMemoryKv()
    const down: KvPort = { get: (k) => kv.get(k), put: async (k, v) => (k === PTR ? Promise.reject(new Error('429')) : kv.put(k, v)) }
    await expect(createKvSnapshots(down, { retryDelayMs: 0, pointerAttempts: 2 }).publish(snap(2))).rejects.toThrow('429')
    expect(kv.data.has(snapshotKey('acme', 'base', 'u1', 2))).toBe(true)
    expect(kv.data.has(PTR)).toBe(false)
  })

  it('treats unreadable or misfiled values as absent, and repairs a corrupt pointer on publish', async () => {
    const kv = createMemoryKv([[PTR, '{not json']])
    const s = createKvSnapshots(kv)
    expect(await s.read('acme', 'base')).toBeNull()
    expect((await s.publish(snap(2))).pointer).toBe('written')
    kv.data.set(snapshotKey('acme', 'base', 'u1', 2), JSON.stringify({ ...snap(7), format: 1 }))
    expect(await createKvSnapshots(kv).read('acme', 'base')).toBeNull()
    kv.data.set(snapshotKey('acme', 'base', 'u1', 2), JSON.stringify({ ...snap(2), format: 2 }))
    expect(await createKvSnapshots(kv).read('acme', 'base')).toBeNull()
  })

  it('writes format 2 when the snapshot carries its whole kind index, and reads the index back', async () => {
    const kv = createMemoryKv()
    const s = createKvSnapshots(kv)
    const indexed = snap(2, { kindIndex: { revision: 1, entries: [{ kinds: ['Pod', 'Deployment'], open: false, namespaceSelector: true }] } })
    await s.publish(indexed)
    expect(JSON.parse(kv.data.get(snapshotKey('acme', 'base', 'u1', 2))!)).toMatchObject({ format: 2, kindIndex: indexed.kindIndex })
    expect(await s.read('acme', 'base')).toEqual(indexed)
    // An index that does not fit the policies is not stored: format 1, and readers derive their own.
    const kv1 = createMemoryKv()
    await createKvSnapshots(kv1).publish(snap(2, { kindIndex: { revision: 1, entries: [] } }))
    const stored = JSON.parse(kv1.data.get(snapshotKey('acme', 'base', 'u1', 2))!)
    expect([stored.format, 'kindIndex' in stored]).toEqual([1, false])
  })

  it('still reads format 1 values already in KV (written before format 2), without an index', async () => {
    const { kindIndex: _none, ...plain } = snap(3)
    // Byte for byte what the format-1 publisher wrote.
    const kv = createMemoryKv([
      [PTR, JSON.stringify({ uid: 'u1', version: 3, at: plain.at })],
      [snapshotKey('acme', 'base', 'u1', 3), JSON.stringify({ format: 1, ...plain })],
    ])
    const read = await createKvSnapshots(kv).read('acme', 'base')
    expect(read).toEqual(plain)
    expect(read && 'kindIndex' in read).toBe(false)
  })

  it('reads a corrupted snapshot value as absent (the caller falls back to the store), never throwing', async () => {
    const key = snapshotKey('acme', 'base', 'u1', 2)
    const good = { format: 2, ...snap(2), kindIndex: { revision: 1, entries: [{ kinds: ['Pod'], open: false, namespaceSelector: false }] } }
    const p0 = good.policies[0]!
    const corrupt: unknown[] = [
      '',
      '{"format":2,"tenantId":"acme"',
      'null',
      '[]',
      { format: 3, ...snap(2) },
      { ...good, format: '2' },
      { ...good, version: '2' },
      { ...good, at: 7 },
      { ...good, policies: {} },
      { ...good, policies: [null] },
      { ...good, policies: [{ ...p0, document: [] }] },
      { ...good, policies: [{ ...p0, document: 'apiVersion: v1' }] },
      { ...good, policies: [{ ...p0, etag: undefined }] },
      { ...good, policies: [{ ...p0, version: 0 }] },
      { ...good, kindIndex: undefined },
      { ...good, kindIndex: { revision: 1, entries: [] } },
      { ...good, kindIndex: { revision: 1, entries: [{ kinds: 'Pod', open: false, namespaceSelector: false }] } },
      { ...good, kindIndex: { revision: 1, entries: [{ kinds: [1], open: false, namespaceSelector: false }] } },
      { ...good, kindIndex: { revision: 1, entries: [{ kinds: [], open: 'no', namespaceSelector: false }] } },
      { ...good, kindIndex: { revision: 0, entries: good.kindIndex.entries } },
    ]
    for (const value of corrupt) {
      const kv = createMemoryKv([
        [PTR, JSON.stringify({ uid: 'u1', version: 2, at: snap(2).at })],
        [key, typeof value === 'string' ? value : JSON.stringify(value)],
      ])
      expect({ value, read: await createKvSnapshots(kv).read('acme', 'base') }).toEqual({ value, read: null })
    }
    // The same store with the good value reads, so each case above failed for its own defect.
    const kv = createMemoryKv([[PTR, JSON.stringify({ uid: 'u1', version: 2, at: snap(2).at })], [key, JSON.stringify(good)]])
    expect((await createKvSnapshots(kv).read('acme', 'base'))?.kindIndex).toEqual(good.kindIndex)
  })

  it('reads a malformed pointer as absent', async () => {
    const ok = { uid: 'u1', version: 2, at: snap(2).at }
    const kv = createMemoryKv([[snapshotKey('acme', 'base', 'u1', 2), JSON.stringify({ format: 1, ...snap(2) })]])
    const s = createKvSnapshots(kv, { memo: 0 })
    for (const bad of ['[]', 'null', '"u1"', { ...ok, uid: '' }, { ...ok, version: 0 }, { ...ok, version: 1.5 }, { ...ok, at: 'yesterday' }, { ...ok, at: '2026-13-01T00:00:00.000Z' }, { ...ok, at: '2026-01-01 00:00:00' }, { ...ok, deleted: false }]) {
      kv.data.set(PTR, typeof bad === 'string' ? bad : JSON.stringify(bad))
      expect({ bad, read: await s.read('acme', 'base') }).toEqual({ bad, read: null })
    }
    kv.data.set(PTR, JSON.stringify(ok))
    expect((await s.read('acme', 'base'))?.version).toBe(2)
    kv.data.set(PTR, JSON.stringify({ ...ok, deleted: true }))
    expect(await s.read('acme', 'base')).toBeNull()
  })

  it('reads an immutable snapshot key once per instance; only the pointer is read again', async () => {
    const kv = createMemoryKv()
    await createKvSnapshots(kv).publish(snap(2))
    const reads: string[] = []
    const counted: KvPort = { get: (k) => (reads.push(k), kv.get(k)), put: (k, v) => kv.put(k, v) }
    const s = createKvSnapshots(counted)
    await s.read('acme', 'base')
    await s.read('acme', 'base')
    expect(reads).toEqual([PTR, snapshotKey('acme', 'base', 'u1', 2), PTR])
  })
})
