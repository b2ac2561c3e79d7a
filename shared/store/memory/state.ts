/** The memory adapter's state: plain maps, one bucket per tenant so isolation is structural. */
import type { ApiKey, AuditEntry, Cluster, HistoryEntry, Page, PageRequest, PolicySet, Tenant } from '../ports.ts'
import { copy, pageLimit } from '../rules.ts'

/** One policy set: its current record plus every version's content (JSON-encoded, as stored). */
export type SetRecord = {
  set: PolicySet
  snapshots: Map<number, { at: string; policies: string }>
  history: HistoryEntry[]
}

/** Everything one tenant owns. */
export type Bucket = {
  keys: Map<string, ApiKey>
  sets: Map<string, SetRecord>
  clusters: Map<string, Cluster>
  audit: AuditEntry[]
}

/** All of a memory store's data. */
export type MemoryState = {
  tenants: Map<string, Tenant>
  buckets: Map<string, Bucket>
  /** key hash → owner, the in-memory twin of DynamoDB's `KEYHASH#` items. */
  keyHashes: Map<string, { tenantId: string; keyId: string }>
}

/** Empty state. */
export function newState(): MemoryState {
  return { tenants: new Map(), buckets: new Map(), keyHashes: new Map() }
}

/**
 * A tenant's bucket, created on first write. Like the DynamoDB adapter, the store does not check
 * that the tenant record exists: the auth layer only hands out tenant ids it has authenticated.
 */
export function bucket(state: MemoryState, tenantId: string): Bucket {
  let b = state.buckets.get(tenantId)
  if (!b) {
    b = { keys: new Map(), sets: new Map(), clusters: new Map(), audit: [] }
    state.buckets.set(tenantId, b)
  }
  return b
}

/** Reads never create buckets. */
export function peek(state: MemoryState, tenantId: string): Bucket | undefined {
  return state.buckets.get(tenantId)
}

/**
 * One page of `entries` ordered by their string key, after `cursor` (exclusive); the cursor
 * returned is the last key on the page, or `null` when nothing follows — the same contract as the
 * DynamoDB adapter's `Limit + 1` queries.
 */
export function pageOf<T>(entries: Iterable<[string, T]>, page: PageRequest | undefined, order: 'asc' | 'desc'): Page<T> {
  const limit = pageLimit(page)
  const sign = order === 'asc' ? 1 : -1
  const sorted = [...entries].sort(([a], [b]) => (a < b ? -sign : a > b ? sign : 0))
  const cursor = page?.cursor
  const after = cursor === undefined ? sorted : sorted.filter(([k]) => (order === 'asc' ? k > cursor : k < cursor))
  const items = after.slice(0, limit)
  const last = items[items.length - 1]
  return { items: items.map(([, v]) => copy(v)), cursor: after.length > limit && last ? last[0] : null }
}
