/**
 * Namespace labels for the admission path, cached per isolate like every admission read: a
 * request whose kind has a `namespaceSelector` rule looks up its namespace (one GetItem on a miss,
 * an unknown namespace cached too), and nothing else reads anything.
 *
 * Staleness is bounded by the TTL (`cacheTtlMs`, 5 s by default): a label change the cluster made
 * through another instance, or a sync through another instance, is seen within it. What goes
 * through this instance is seen at once (a learned change updates the entry; a sync drops the
 * cluster's entries). A lookup that fails or takes longer than its share of the budget is answered
 * as "unknown" with a warning, never with the failure mode: the decision still comes, on the
 * stand-in labels of {@link namespaceContext}.
 */
import type { AdmissionRequest, AdmissionResponse } from '../kube/admission.ts'
import type { Cluster, NamespaceLabels, NamespaceStore } from '../store/ports.ts'
import type { CompiledSet } from './admission/compile.ts'
import { namespaceChange, namespaceContext, namespaceNeed, type NamespaceContext } from './admission/namespace-labels.ts'
import type { AppDeps } from './env.ts'
import type { Background } from './set-cache.ts'
import { TtlCache } from './ttl-cache.ts'

/** What {@link NamespaceLabelCache.peek} answers when only the store can say. */
export const LOOKUP = Symbol('namespace lookup needed')

type ClusterRef = Pick<Cluster, 'tenantId' | 'clusterId' | 'kubernetesVersion' | 'namespaceExclusions'>

class Timeout extends Error {}

export class NamespaceLabelCache {
  /** `null` caches "unknown" (never synced or seen), so a namespace nobody synced costs one read per TTL. */
  readonly #labels: TtlCache<NamespaceLabels | null>
  /** Bumped by a sync through this instance, so the cluster's cached entries stop matching at once. */
  readonly #epochs = new Map<string, number>()

  constructor(
    private readonly store: NamespaceStore,
    ttlMs: number,
    clock: () => number,
    /** How long one lookup may take before the namespace is treated as unknown. */
    private readonly lookupTimeoutMs: number,
  ) {
    this.#labels = new TtlCache(ttlMs, clock)
  }

  #key(tenantId: string, clusterId: string, name: string): string {
    const cluster = `${tenantId}\u001f${clusterId}`
    return `${cluster}\u001f${this.#epochs.get(cluster) ?? 0}\u001f${name}`
  }

  /**
   * The namespace context for deciding `request` with no I/O: `undefined` when none is needed (no
   * rule for its kind selects by namespace labels), {@link LOOKUP} when the store must be asked.
   */
  peek(cluster: ClusterRef, set: CompiledSet, request: AdmissionRequest): NamespaceContext | undefined | typeof LOOKUP {
    let need: ReturnType<typeof namespaceNeed>
    try {
      need = namespaceNeed(request, set, cluster.namespaceExclusions)
    } catch {
      // Cannot happen for a set that compiled; if it does, decide as before this existed (gaps are warned).
      return undefined
    }
    if (need === undefined) return undefined
    if ('context' in need) return need.context
    const known = this.#labels.get(this.#key(cluster.tenantId, cluster.clusterId, need.lookup))
    return known === undefined ? LOOKUP : namespaceContext(need.lookup, known, cluster)
  }

  /** The namespace context for deciding `request`, reading the store on a miss. Never throws. */
  async resolve(cluster: ClusterRef, set: CompiledSet, request: AdmissionRequest): Promise<NamespaceContext | undefined> {
    const peeked = this.peek(cluster, set, request)
    if (peeked !== LOOKUP) return peeked
    const name = request.namespace ?? ''
    const key = this.#key(cluster.tenantId, cluster.clusterId, name)
    let timer: ReturnType<typeof setTimeout> | undefined
    try {
      const read = this.store.get(cluster.tenantId, cluster.clusterId, name)
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Timeout()), this.lookupTimeoutMs)
      })
      const r = await Promise.race([read, late])
      const known = r.ok ? r.value.labels : null
      this.#labels.set(key, known)
      return namespaceContext(name, known, cluster)
    } catch (e) {
      // Not cached: the next request tries again.
      if (!(e instanceof Timeout)) console.error(JSON.stringify({ level: 'warn', message: 'namespace labels lookup failed', tenantId: cluster.tenantId, clusterId: cluster.clusterId, error: String(e) }))
      return namespaceContext(name, null, cluster, e instanceof Timeout ? `could not be read in ${this.lookupTimeoutMs} ms` : 'could not be read')
    } finally {
      clearTimeout(timer)
    }
  }

  /**
   * Learns from an answered Namespace request: this instance sees the change at once, the store
   * after the response (through `background`). Anything else is ignored. A failed write is logged;
   * the cluster's next change to that namespace, or a sync, corrects it.
   */
  learn(cluster: Pick<Cluster, 'tenantId' | 'clusterId'>, request: AdmissionRequest, response: Pick<AdmissionResponse, 'allowed'>, background: Background, at: string): void {
    const change = namespaceChange(request, response)
    if (!change) return
    const { tenantId, clusterId } = cluster
    const name = 'record' in change ? change.record.name : change.forget
    this.#labels.set(this.#key(tenantId, clusterId, name), 'record' in change ? change.record.labels : null)
    const write = 'record' in change ? this.store.record(tenantId, clusterId, change.record, at) : this.store.forget(tenantId, clusterId, name)
    background(
      write.catch((e: unknown) => {
        console.error(JSON.stringify({ level: 'warn', message: 'recording namespace labels failed', tenantId, clusterId, error: String(e) }))
      }),
    )
  }

  /** After a sync through this instance: its cached entries for the cluster are stale at once. */
  synced(tenantId: string, clusterId: string): void {
    const cluster = `${tenantId}\u001f${clusterId}`
    if (this.#epochs.size >= 10_000) this.#epochs.clear()
    this.#epochs.set(cluster, (this.#epochs.get(cluster) ?? 0) + 1)
  }
}

const caches = new WeakMap<AppDeps, NamespaceLabelCache>()

/** The app's one namespace-labels cache (per isolate on Workers), shared by admission and the sync route. */
export function namespaceCacheFor(deps: AppDeps): NamespaceLabelCache {
  let cache = caches.get(deps)
  if (!cache) {
    const now = deps.now
    // A lookup may use half the admission budget; past it the decision goes ahead on "unknown".
    cache = new NamespaceLabelCache(deps.stores.namespaces, deps.cacheTtlMs ?? 5_000, now ? () => now().getTime() : Date.now, (deps.admissionBudgetMs ?? 2_000) / 2)
    caches.set(deps, cache)
  }
  return cache
}
