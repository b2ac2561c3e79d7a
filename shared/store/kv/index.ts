/**
 * @module store/kv — the edge's read model in Workers KV: an immutable, versioned snapshot of each
 * policy set (write-once keys plus a small pointer), published after every change. DynamoDB stays
 * the system of record; KV never arbitrates a write (no compare-and-swap, ~1 write/s per key,
 * up to ~60 s propagation). See `snapshots.ts` for what a tenant sees while a change propagates.
 */
export { createKvSnapshots, type KvSnapshots, type KvSnapshotsOptions, type PublishOutcome } from './snapshots.ts'
export { pointerKey, snapshotKey, parsePointer, supersedes, Pointer, type KvPort } from './port.ts'
export { createMemoryKv, type MemoryKv } from './memory.ts'
