/**
 * The stored form of a KV snapshot and how a read checks it.
 *
 * Format 1 is the store's snapshot as JSON; format 2 adds its kind index (`kindIndex`, one entry
 * per policy), so a cold reader compiles the set without scanning every document. Both are read;
 * which one is written depends on whether the publisher was given the index (the app's always is).
 */
import type { KindIndex, KindReach, Policy, Snapshot } from '../schemas.ts'

/** What the publisher writes (a type only: building a schema here would cost every cold isolate's start). */
export type Stored = (Omit<Snapshot, 'kindIndex'> & { format: 1 }) | (Snapshot & { format: 2; kindIndex: KindIndex })

/** The stored form of `s`: format 2 when it carries a whole kind index, else format 1. */
export function toStored(s: Snapshot): Stored {
  const base = { tenantId: s.tenantId, setId: s.setId, uid: s.uid, version: s.version, at: s.at, policies: s.policies }
  return s.kindIndex && s.kindIndex.entries.length === s.policies.length ? { format: 2, ...base, kindIndex: s.kindIndex } : { format: 1, ...base }
}

type Obj = Record<string, unknown>
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1
const isString = (v: unknown): v is string => typeof v === 'string'

function isPolicy(v: unknown): v is Policy {
  return isObject(v) && isString(v.name) && isObject(v.document) && isString(v.etag) && isCount(v.version) && isString(v.updatedAt)
}

function isReach(v: unknown): v is KindReach {
  return isObject(v) && Array.isArray(v.kinds) && v.kinds.every(isString) && typeof v.open === 'boolean' && typeof v.namespaceSelector === 'boolean'
}

/**
 * The snapshot in a stored value, or `null` when the text is not one (never throws). Only the
 * structure is checked, by hand rather than with the store's `Snapshot` schema: reading the snapshot is most of a
 * cold isolate's first-request CPU for a large set, and what the full schema adds (id, name and
 * instant patterns per policy, a deep walk of every document, zod's first-use setup) proves
 * nothing about text this publisher wrote and JSON.parse read. Each document is validated where
 * it matters, as its policy loads (`loadPolicy`); the ids are compared with the pointer's by the
 * caller, and anything malformed reads as absent, so the caller falls back to the store.
 */
export function parseStored(text: string): Snapshot | null {
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch {
    return null
  }
  if (!isObject(v) || (v.format !== 1 && v.format !== 2)) return null
  const { tenantId, setId, uid, version, at, policies, kindIndex } = v
  if (!isString(tenantId) || !isString(setId) || !isString(uid) || !isCount(version) || !isString(at)) return null
  if (!Array.isArray(policies) || !policies.every(isPolicy)) return null
  const snapshot: Snapshot = { tenantId, setId, uid, version, at, policies }
  // Format 1 has no index (anything there is ignored); format 2 must carry a whole one.
  if (v.format === 1) return snapshot
  if (!isObject(kindIndex) || !isCount(kindIndex.revision) || !Array.isArray(kindIndex.entries)) return null
  const { revision, entries } = kindIndex
  if (entries.length !== policies.length || !entries.every(isReach)) return null
  return { ...snapshot, kindIndex: { revision, entries } }
}
