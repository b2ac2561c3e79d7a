/**
 * Compiled policy sets cached per isolate/instance, keyed by set version: a warm admission request
 * does no store read at all within the TTL, then one cheap version check; only a new version is
 * loaded and compiled again.
 *
 * With a {@link SnapshotSource} (Workers KV on the Worker) the published snapshot is read first and
 * the store only when the source has none (a set not propagated yet, a deleted set, a KV error).
 * A location may then serve the previous version for up to KV's propagation delay (~60 s) plus
 * the TTL; see `shared/store/kv/snapshots.ts`. This module also publishes changed sets, and the
 * instance that wrote a change sees it at once (read-your-writes; see {@link SetCache.wrote}).
 *
 * Self-heal: only a Worker publishes, so a change written elsewhere (the Lambda or Node API on the
 * same table) would leave KV naming the old version indefinitely. So whenever an instance serves
 * a set read from the source, at most once per TTL per set, it compares the store's current
 * version in the background (the request's `waitUntil`; never on the response path). If the
 * source is behind, it republishes the store's snapshot (or a tombstone for a set deleted since)
 * and drops its cached copy, so its next request reads the new version. Bound, for a change that
 * bypassed every Worker: an instance with traffic serves the new version about one TTL plus a few
 * store and KV round trips after the write (its next source read, at most a TTL on, triggers the
 * check; a KV write is visible at once where it was made); a location that heals nothing itself
 * sees another's republish within KV's propagation (~60 s) plus the TTL. Cost: one store read
 * (`policySets.get`) per set per instance per TTL while it has traffic, and writes only when behind.
 */
import type { Context } from 'hono'
import { compileDocuments, type CompiledSet } from './admission/index.ts'
import { withKindIndex } from './admission/compile.ts'
import type { AppDeps, AppEnv, SnapshotSource } from './env.ts'
import type { Snapshot, Stores } from '../store/ports.ts'

interface Entry {
  set: CompiledSet
  /** The set's incarnation: a set deleted and created again restarts at version 1. */
  uid: string
  checkedAt: number
}

/** A version this instance wrote, which a lagging source must not hide from it; see {@link SetCache.wrote}. */
interface Floor {
  uid: string
  version: number
  deleted: boolean
  until: number
}

/** How long a write made here outranks an older snapshot from the source: KV's propagation bound. */
const FLOOR_MS = 60_000

export type SetLookup = { ok: true; set: CompiledSet } | { ok: false; error: 'notFound' }

/** Runs work after the response (the request's `waitUntil`); see {@link background}. */
export type Background = (work: Promise<unknown>) => void

export class SetCache {
  readonly #entries = new Map<string, Entry>()
  /** When each set was last compared with the store after a source read (the self-heal's rate limit). */
  readonly #verifiedAt = new Map<string, number>()
  readonly #floors = new Map<string, Floor>()
  constructor(
    private readonly stores: Stores,
    private readonly ttlMs: number,
    private readonly clock: () => number,
    private readonly snapshots?: SnapshotSource,
  ) {}

  /**
   * The compiled set if this instance checked it within the TTL, with no I/O at all (so a warm
   * admission request can decide synchronously); `undefined` means call {@link get}.
   */
  peek(tenantId: string, setId: string): CompiledSet | undefined {
    const hit = this.#entries.get(`${tenantId}\u001f${setId}`)
    return hit && this.clock() - hit.checkedAt < this.ttlMs ? hit.set : undefined
  }

  /**
   * The current compiled set, from cache when fresh. `background` lets a set served from the
   * snapshot source be checked against the store after the response (the self-heal above);
   * without it no check runs.
   */
  async get(tenantId: string, setId: string, background?: Background): Promise<SetLookup> {
    const key = `${tenantId}\u001f${setId}`
    const hit = this.#entries.get(key)
    const now = this.clock()
    if (hit && now - hit.checkedAt < this.ttlMs) return { ok: true, set: hit.set }
    const source = await this.#published(tenantId, setId)
    // Checked even when a write made here outranks it: that write's own publish may have failed.
    if (source && background) this.#verify(key, source, now, background)
    const published = this.#notBehind(key, source, now)
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

  /**
   * Read-your-writes for this instance: a set written through it is stale here at once, and until
   * the source shows that version (its publish runs after the response, and KV takes up to ~60 s
   * to propagate) an older snapshot is passed over for the store. Called by {@link publishSet}
   * and {@link retractSet}.
   */
  wrote(set: { tenantId: string; setId: string; uid: string; version: number; deleted?: boolean }): void {
    const key = `${set.tenantId}\u001f${set.setId}`
    this.#entries.delete(key)
    if (!this.snapshots) return
    if (this.#floors.size > 1000) this.#floors.clear()
    this.#floors.set(key, { uid: set.uid, version: set.version, deleted: set.deleted === true, until: this.clock() + FLOOR_MS })
  }

  /** The source's snapshot unless it is older than a write made here (then `null`: read the store). */
  #notBehind(key: string, published: Snapshot | null, now: number): Snapshot | null {
    const floor = this.#floors.get(key)
    if (!floor || !published) return published
    const caughtUp = !floor.deleted && published.uid === floor.uid && published.version >= floor.version
    if (caughtUp || now >= floor.until) {
      this.#floors.delete(key)
      return published
    }
    return null
  }

  /** Schedules the store comparison for a set just served from the source, unless one ran within the TTL. */
  #verify(key: string, served: Snapshot, now: number, background: Background): void {
    if (!this.snapshots?.publish) return
    const last = this.#verifiedAt.get(key)
    if (last !== undefined && now - last < this.ttlMs) return
    if (this.#verifiedAt.size > 1000) this.#verifiedAt.clear()
    this.#verifiedAt.set(key, now)
    background(
      this.#heal(key, served).catch((e: unknown) => {
        console.error(JSON.stringify({ level: 'warn', message: 'snapshot freshness check failed', tenantId: served.tenantId, setId: served.setId, error: String(e) }))
      }),
    )
  }

  /** Republishes from the store when the source's version is behind it, then forgets the stale copy. */
  async #heal(key: string, served: Snapshot): Promise<void> {
    const { tenantId, setId } = served
    const head = await this.stores.policySets.get(tenantId, setId)
    if (head.ok && head.value.uid === served.uid && head.value.version <= served.version) return
    let current: { uid: string; version: number } | null = null
    if (!head.ok) {
      // Deleted where no Worker saw it: a tombstone sends readers to the store, which says "not found".
      if (!this.snapshots?.retract) return
      await this.snapshots.retract({ tenantId, setId, uid: served.uid, version: served.version, at: new Date(this.clock()).toISOString() })
    } else {
      const snap = await this.stores.policySets.snapshot(tenantId, setId)
      // Deleted between the two reads: the next check, a TTL on, retracts it.
      if (!snap.ok) return
      await this.snapshots?.publish?.(withKindIndex(snap.value))
      current = { uid: snap.value.uid, version: snap.value.version }
    }
    this.#entries.delete(key)
    console.log(JSON.stringify({ level: 'info', message: 'snapshot source was behind the store; republished', tenantId, setId, served: { uid: served.uid, version: served.version }, current }))
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
    // Nothing is loaded here: each policy loads on the first request of a kind it may select (a cold
    // isolate has ~10 ms of CPU). One that no longer loads is an error result for that policy.
    const set = compileDocuments(snap.setId, snap.version, snap.policies, snap.kindIndex)
    if (this.#entries.size > 1000) this.#entries.clear()
    this.#entries.set(key, { set, uid: snap.uid, checkedAt: now })
    // Where versions can lag (a snapshot source is in use), say which one this instance now serves.
    if (this.snapshots) console.log(JSON.stringify({ level: 'info', message: 'policy set loaded', tenantId: snap.tenantId, setId: snap.setId, uid: snap.uid, version: snap.version, source }))
    return set
  }
}

const caches = new WeakMap<AppDeps, SetCache>()

/**
 * The app's one compiled-set cache (per isolate on Workers), shared by every path that evaluates
 * and told by {@link publishSet} and {@link retractSet} about the writes made through the app.
 */
export function setCacheFor(deps: AppDeps): SetCache {
  let cache = caches.get(deps)
  if (!cache) {
    const now = deps.now
    cache = new SetCache(deps.stores, deps.cacheTtlMs ?? 5_000, now ? () => now().getTime() : Date.now, deps.snapshots)
    caches.set(deps, cache)
  }
  return cache
}

/**
 * After a successful set or policy write: makes the app's cached copy stale (so the writer's next
 * evaluation sees its write) and publishes that version's snapshot to `deps.snapshots` once the
 * response is out. A failure is logged; the next change publishes again, and readers
 * fall back to the store while a set has no snapshot at all.
 */
export function publishSet(c: Context<AppEnv>, deps: AppDeps, set: { tenantId: string; setId: string; uid: string; version: number }): void {
  caches.get(deps)?.wrote(set)
  const target = deps.snapshots
  if (!target?.publish) return
  after(c, deps, 'publish', async () => {
    const snap = await deps.stores.policySets.snapshot(set.tenantId, set.setId, set.version)
    // Deleted (or deleted and created again) since: the newer change publishes for itself.
    // With its kind index, so a cold reader compiles the set without scanning a document.
    if (snap.ok && snap.value.uid === set.uid) await target.publish?.(withKindIndex(snap.value))
  })
}

/** After a set was deleted: replaces its pointer with a tombstone, so readers get "not found" from the store. */
export function retractSet(c: Context<AppEnv>, deps: AppDeps, gone: { tenantId: string; setId: string; uid: string; version: number; at: string }): void {
  caches.get(deps)?.wrote({ ...gone, deleted: true })
  const target = deps.snapshots
  if (!target?.retract) return
  after(c, deps, 'retract', () => target.retract?.(gone) ?? Promise.resolve())
}

/** Runs `work` after the response (see {@link background}), logging a failure. */
function after(c: Context<AppEnv>, deps: AppDeps, what: string, work: () => Promise<unknown>): void {
  const done = work().catch((e: unknown) => {
    console.error(JSON.stringify({ level: 'error', requestId: c.get('requestId'), message: `snapshot ${what} failed`, error: String(e) }))
  })
  background(c, deps)(done)
}

/**
 * How this request runs work after its response: `deps.waitUntil`, else the request's execution
 * context (Workers), else detached. The work must handle its own errors.
 */
export function background(c: Context, deps: AppDeps): Background {
  return (work) => {
    if (deps.waitUntil) return deps.waitUntil(work)
    try {
      c.executionCtx.waitUntil(work)
    } catch {
      // No execution context (Node, Lambda, app.request in tests): the promise simply runs on.
    }
  }
}
