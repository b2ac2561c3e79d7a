/**
 * Compiled policy sets cached per isolate/instance, keyed by set version: a warm admission request
 * does no store read at all within the TTL, then one cheap version check; only a new version is
 * loaded and compiled again.
 */
import { loadPolicy, type LoadedPolicy } from '../policy/load.ts'
import { compileSet, type CompiledSet } from './admission/index.ts'
import type { Stores } from '../store/ports.ts'

interface Entry {
  set: CompiledSet
  checkedAt: number
}

export type SetLookup = { ok: true; set: CompiledSet } | { ok: false; error: 'notFound' }

export class SetCache {
  readonly #entries = new Map<string, Entry>()
  constructor(
    private readonly stores: Stores,
    private readonly ttlMs: number,
    private readonly clock: () => number,
  ) {}

  /** The current compiled set, from cache when fresh. */
  async get(tenantId: string, setId: string): Promise<SetLookup> {
    const key = `${tenantId}\u001f${setId}`
    const hit = this.#entries.get(key)
    const now = this.clock()
    if (hit && now - hit.checkedAt < this.ttlMs) return { ok: true, set: hit.set }
    if (hit) {
      const head = await this.stores.policySets.get(tenantId, setId)
      if (!head.ok) {
        this.#entries.delete(key)
        return { ok: false, error: 'notFound' }
      }
      if (head.value.version === hit.set.version) {
        hit.checkedAt = now
        return { ok: true, set: hit.set }
      }
    }
    const snap = await this.stores.policySets.snapshot(tenantId, setId)
    if (!snap.ok) return { ok: false, error: 'notFound' }
    const policies: LoadedPolicy[] = []
    for (const p of snap.value.policies) {
      // Every stored policy passed the write gate; a failure here means the engine changed under it.
      const r = loadPolicy(p.document)
      if (r.status !== 'ok') throw new Error(`stored policy ${p.name} no longer loads (${r.status})`)
      policies.push(r.policy)
    }
    const set = compileSet(setId, snap.value.version, policies)
    if (this.#entries.size > 1000) this.#entries.clear()
    this.#entries.set(key, { set, checkedAt: now })
    return { ok: true, set }
  }
}
