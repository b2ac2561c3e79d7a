/**
 * The slice of Workers KV the snapshot adapter uses, the key layout and the pointer record.
 * Declared here (not imported from Cloudflare's types) so shared/ stays runtime-neutral: a Worker's
 * `KVNamespace` binding satisfies {@link KvPort} as it is, and `memory.ts` is the null adapter.
 */
import { z } from 'zod'
import { Instant } from '../schemas.ts'

/**
 * A KV namespace: text values by key. KV offers no compare-and-swap, allows about one write per
 * second per key and is eventually consistent (a write can take ~60 s to reach every location),
 * so nothing built on it may arbitrate a write; DynamoDB does that.
 */
export interface KvPort {
  /** The value, or `null` when the key is absent (or not yet visible at this location). */
  get(key: string): Promise<string | null>
  /** Creates or replaces the value; rejects when KV refuses (e.g. 429, too many writes to one key). */
  put(key: string, value: string): Promise<void>
}

/** Write-once key of one set version's content. Ids cannot contain `/` (see `schemas.ts`). */
export function snapshotKey(tenantId: string, setId: string, uid: string, version: number): string {
  return `snap/${tenantId}/${setId}/${uid}/${version}`
}

/** The one mutable key per set: which snapshot is current. */
export function pointerKey(tenantId: string, setId: string): string {
  return `ptr/${tenantId}/${setId}`
}

/**
 * The pointer's value. `at` is when the named version was written (the snapshot's `at`); it orders
 * pointers of different incarnations (`uid`s) of a set. `deleted` marks a tombstone: the set was
 * deleted at `at`, and readers must fall back to the store (which answers "not found").
 */
export const Pointer = z.object({
  uid: z.string().min(1),
  version: z.number().int().min(1),
  at: Instant,
  deleted: z.literal(true).optional(),
})
export type Pointer = z.infer<typeof Pointer>

/** An ISO-8601 UTC instant as `Instant` accepts it from this publisher (`toISOString()` form, `Z` only). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/

/**
 * Parses a stored pointer; a missing or unreadable one counts as absent (DynamoDB stays the record).
 * Checked by hand, to {@link Pointer}'s rules, because it is read on every cold request before
 * anything else and zod's first-use setup would be paid there.
 */
export function parsePointer(text: string | null): Pointer | null {
  if (text === null) return null
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null
  const { uid, version, at, deleted } = v as Record<string, unknown>
  if (typeof uid !== 'string' || uid === '' || !Number.isInteger(version) || (version as number) < 1) return null
  if (typeof at !== 'string' || !INSTANT.test(at) || Number.isNaN(Date.parse(at))) return null
  if (deleted !== undefined && deleted !== true) return null
  return deleted ? { uid, version: version as number, at, deleted } : { uid, version: version as number, at }
}

/**
 * Whether pointer `next` may replace `current`. Within one incarnation the higher version wins, and
 * a tombstone beats the live pointer of the same version; across incarnations (delete, then create
 * again) the later `at` wins. Best effort only: two writers can both read, both decide and both
 * write, and KV keeps the last write, which is why this never decides anything that matters for
 * correctness of the record.
 */
export function supersedes(next: Pointer, current: Pointer | null): boolean {
  if (current === null) return true
  if (next.uid === current.uid) return next.version > current.version || (next.version === current.version && next.deleted === true && current.deleted !== true)
  return Date.parse(next.at) > Date.parse(current.at)
}
