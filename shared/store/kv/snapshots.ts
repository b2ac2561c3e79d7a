/**
 * Publishes and reads policy-set snapshots in KV: one write-once key per set version and one small
 * pointer per set naming the current one.
 *
 * What a tenant sees while a change propagates: DynamoDB has the new version at once (every
 * management read shows it), but an edge location may keep reading the previous pointer for up to
 * ~60 s (KV's propagation), and an isolate reuses a compiled set for its cache TTL (default 5 s)
 * on top. Admission and evaluation there keep deciding with the previous version until then, never
 * with a mix: a version's snapshot is immutable and complete. The version used is in every
 * evaluation report (`policySet.version`) and in the "policy set loaded" log line. A set that has
 * not reached KV yet (just created) is read from DynamoDB instead; a deleted set is published as a
 * tombstone so readers fall back to DynamoDB, which answers "not found".
 */
import type { Snapshot } from '../schemas.ts'
import { parsePointer, pointerKey, snapshotKey, supersedes, type KvPort, type Pointer } from './port.ts'
import { parseStored, toStored } from './stored.ts'

/** What {@link KvSnapshots.publish} did. */
export type PublishOutcome = {
  /** `existed`: the write-once key was already there and was left alone; `skipped`: the pointer already named a newer version. */
  snapshot: 'written' | 'existed' | 'skipped'
  /** `kept`: the pointer already named this or a newer version. */
  pointer: 'written' | 'kept'
}

export interface KvSnapshots {
  /**
   * Writes the snapshot's write-once key (never overwriting it), then points the set at it unless
   * the pointer already names this or a newer version. Rejects only when KV does.
   */
  publish(snapshot: Snapshot): Promise<PublishOutcome>
  /** Replaces the pointer with a tombstone for a deleted incarnation (same best-effort ordering). */
  retract(gone: { tenantId: string; setId: string; uid: string; version: number; at: string }): Promise<{ pointer: 'written' | 'kept' }>
  /** The current snapshot as this location sees it, or `null` (no pointer, tombstone, or snapshot not visible yet). */
  read(tenantId: string, setId: string): Promise<Snapshot | null>
}

/** Options of {@link createKvSnapshots}. */
export type KvSnapshotsOptions = {
  /** Pointer write attempts; KV allows about one write per second per key (default 3). */
  pointerAttempts?: number
  /** Pause between pointer attempts (default 1,100 ms). */
  retryDelayMs?: number
  /** Parsed snapshots kept per instance; their keys are immutable, so a hit is never stale (default 64). */
  memo?: number
}

/**
 * The KV snapshot publisher and reader over one namespace.
 *
 * @example
 * const snapshots = createKvSnapshots(env.SNAPSHOTS)
 * await snapshots.publish(snapshot) // from stores.policySets.snapshot(tenant, set)
 * await snapshots.read('acme', 'baseline') // → Snapshot | null
 */
export function createKvSnapshots(kv: KvPort, options: KvSnapshotsOptions = {}): KvSnapshots {
  const attempts = Math.max(1, options.pointerAttempts ?? 3)
  const delay = options.retryDelayMs ?? 1_100
  const memoSize = options.memo ?? 64
  const memo = new Map<string, Snapshot>()

  /** Writes `next` to the pointer unless it is superseded, re-reading before every attempt. */
  async function advance(key: string, next: Pointer): Promise<'written' | 'kept'> {
    for (let attempt = 1; ; attempt++) {
      if (!supersedes(next, parsePointer(await kv.get(key)))) return 'kept'
      try {
        await kv.put(key, JSON.stringify(next))
        return 'written'
      } catch (e) {
        if (attempt >= attempts) throw e
        await new Promise((r) => setTimeout(r, delay))
      }
    }
  }

  return {
    async publish(s) {
      const ptr = pointerKey(s.tenantId, s.setId)
      const next: Pointer = { uid: s.uid, version: s.version, at: s.at }
      if (!supersedes(next, parsePointer(await kv.get(ptr)))) return { snapshot: 'skipped', pointer: 'kept' }
      const key = snapshotKey(s.tenantId, s.setId, s.uid, s.version)
      // Write-once without KV support for it: look first. Two publishers of one version race
      // harmlessly, because a (uid, version) pair always has the same content.
      let snapshot: PublishOutcome['snapshot'] = 'existed'
      if ((await kv.get(key)) === null) {
        await kv.put(key, JSON.stringify(toStored(s)))
        snapshot = 'written'
      }
      return { snapshot, pointer: await advance(ptr, next) }
    },

    async retract(gone) {
      return { pointer: await advance(pointerKey(gone.tenantId, gone.setId), { uid: gone.uid, version: gone.version, at: gone.at, deleted: true }) }
    },

    async read(tenantId, setId) {
      const ptr = parsePointer(await kv.get(pointerKey(tenantId, setId)))
      if (ptr === null || ptr.deleted) return null
      const key = snapshotKey(tenantId, setId, ptr.uid, ptr.version)
      const known = memo.get(key)
      if (known) return known
      const text = await kv.get(key)
      if (text === null) return null
      // An unreadable or misfiled value is treated as absent: the caller falls back to the record.
      const snap = parseStored(text)
      if (snap === null || snap.tenantId !== tenantId || snap.setId !== setId || snap.uid !== ptr.uid || snap.version !== ptr.version) return null
      if (memo.size >= memoSize) memo.delete(memo.keys().next().value as string)
      memo.set(key, snap)
      return snap
    },
  }
}
