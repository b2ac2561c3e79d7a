/**
 * Compiled policy sets cached per isolate/instance, keyed by set version: a warm admission request
 * does no store read at all within the TTL, then one cheap version check; only a new version is
 * loaded and compiled again.
 *
 * With a {@link SnapshotSource} (Workers KV on the Worker) the published snapshot is read first and
 * the store only when the source has none (a set not propagated yet, a deleted set, a KV error).
 * A location may then serve the previous version for up to KV's propagation delay (~60 s) plus
 * the TTL; see `shared/store/kv/snapshots.ts`. This module also publishes changed sets.
 */
import type { Context } from 'hono'
import { loadPolicy, type LoadedPolicy } from '../policy/load.ts'
import { compileSet, type CompiledSet } from './admission/index.ts'
import type { AppDeps, AppEnv, SnapshotSource } from './env.ts'
import type { Snapshot, Stores } from '../store/ports.ts'

interface Entry {
  set: CompiledSet
  /** The set's incarnation: a set deleted and created again restarts at version 1. */
  uid: string
  checkedAt: number
}

export type SetLookup = { ok: true; set: CompiledSet } | { ok: false; error: 'notFound' }

export class SetCache {
  readonly #entries = new Map<string, Entry>()
  constructor(
    private readonly stores: Stores,
    private readonly ttlMs: number,
    private readonly clock: () => number,
    private readonly snapshots?: SnapshotSource,
  ) {}

  /** The current compiled set, from cache when fresh. */
  async get(tenantId: string, setId: string): Promise<SetLookup> {
    const key = `${tenantId}\u001f${setId}`
    const hit = this.#entries.get(key)
    const now = this.clock()
    if (hit && now - hit.checkedAt < this.ttlMs) return { ok: true, set: hit.set }
    const published = await this.#published(tenantId, setId)
    if (published) return { ok: true, set: this.#keep(key, published, now, 'snapshots') }
    if (hit) {
      const head = await this.stores.policySets.get(tenantId, setId)
      if (!head.ok) {
        this.#entries.delete(key)
        return { ok: false, error: 'notFound' }
      }
      if (head.value.version === hit.set.version && head.value.uid === hit.uid) {
        hit.checkedAt = now
        return { ok: true, set: hit.set }
      }
    }
    const snap = await this.stores.policySets.snapshot(tenantId, setId)
    if (!snap.ok) {
      this.#entries.delete(key)
      return { ok: false, error: 'notFound' }
    }
    return { ok: true, set: this.#keep(key, snap.value, now, 'store') }
  }

  /** The source's snapshot, or `null` to read the store (a failing source is logged, never fatal). */
  async #published(tenantId: string, setId: string): Promise<Snapshot | null> {
    if (!this.snapshots) return null
    try {
      return await this.snapshots.read(tenantId, setId)
    } catch (e) {
      console.error(JSON.stringify({ level: 'warn', message: 'snapshot read failed; using the store', tenantId, setId, error: String(e) }))
      return null
    }
  }

  /** Caches the compiled snapshot, unless this instance already holds that version or a newer one. */
  #keep(key: string, snap: Snapshot, now: number, source: 'snapshots' | 'store'): CompiledSet {
    const hit = this.#entries.get(key)
    // Never step back: a lagging location can still name an older version than one compiled here.
    if (hit && hit.uid === snap.uid && hit.set.version >= snap.version) {
      hit.checkedAt = now
      return hit.set
    }
    const policies: LoadedPolicy[] = []
    for (const p of snap.policies) {
      // Every stored policy passed the write gate; a failure here means the engine changed under it.
      const r = loadPolicy(p.document)
      if (r.status !== 'ok') throw new Error(`stored policy ${p.name} no longer loads (${r.status})`)
      policies.push(r.policy)
    }
    const set = compileSet(snap.setId, snap.version, policies)
    if (this.#entries.size > 1000) this.#entries.clear()
    this.#entries.set(key, { set, uid: snap.uid, checkedAt: now })
    // Where versions can lag (a snapshot source is in use), say which one this instance now serves.
    if (this.snapshots) console.log(JSON.stringify({ level: 'info', message: 'policy set loaded', tenantId: snap.tenantId, setId: snap.setId, uid: snap.uid, version: snap.version, source }))
    return set
  }
}

/**
 * After a successful set or policy write: publishes that version's snapshot to `deps.snapshots`
 * once the response is out. A failure is logged; the next change publishes again, and readers
 * fall back to the store while a set has no snapshot at all.
 */
export function publishSet(c: Context<AppEnv>, deps: AppDeps, set: { tenantId: string; setId: string; uid: string; version: number }): void {
  const target = deps.snapshots
  if (!target?.publish) return
  after(c, deps, 'publish', async () => {
    const snap = await deps.stores.policySets.snapshot(set.tenantId, set.setId, set.version)
    // Deleted (or deleted and created again) since: the newer change publishes for itself.
    if (snap.ok && snap.value.uid === set.uid) await target.publish?.(snap.value)
  })
}

/** After a set was deleted: replaces its pointer with a tombstone, so readers get "not found" from the store. */
export function retractSet(c: Context<AppEnv>, deps: AppDeps, gone: { tenantId: string; setId: string; uid: string; version: number; at: string }): void {
  const target = deps.snapshots
  if (!target?.retract) return
  after(c, deps, 'retract', () => target.retract?.(gone) ?? Promise.resolve())
}

/** Runs `work` after the response: `deps.waitUntil`, else the request's execution context (Workers), else detached. */
function after(c: Context<AppEnv>, deps: AppDeps, what: string, work: () => Promise<unknown>): void {
  const done = work().catch((e: unknown) => {
    console.error(JSON.stringify({ level: 'error', requestId: c.get('requestId'), message: `snapshot ${what} failed`, error: String(e) }))
  })
  if (deps.waitUntil) return deps.waitUntil(done)
  try {
    c.executionCtx.waitUntil(done)
  } catch {
    // No execution context (Node, Lambda, app.request in tests): the promise simply runs on.
  }
}
