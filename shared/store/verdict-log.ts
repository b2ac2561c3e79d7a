/**
 * The verdict log port: every admission decision and CI evaluation as a {@link VerdictRecord},
 * plus the rollups, heartbeats and latest-state items the reports read instead of raw records.
 * Implemented by `memory/log.ts` and `dynamodb/log.ts`, checked by one contract suite
 * (`test/stores/log-contract.ts`).
 *
 * Contract, for every adapter:
 * - **Tenant-scoped**, like every store: no call reads or writes outside `tenantId`.
 * - **Idempotent per request uid.** A record whose `(source, uid)` is already logged is a
 *   duplicate: neither stored again nor counted again. Writing the same batch twice (a retry after
 *   a timeout whose first attempt did commit) changes nothing.
 * - **Rollups equal a recount.** Rule counters, request counts and workload counters are exactly
 *   what recounting the stored non-dryRun records gives; dryRun records are stored but never counted.
 * - **Expired reads as absent.** Records live `retentionDays` (per tenant) from their `time`;
 *   DynamoDB's TTL deletes them only eventually, so every read also drops what has expired by `now`.
 * - **Throws mean an outage** (or a bug); the API layer's writer retries and counts them.
 */
import { z } from 'zod'

/** Where a verdict came from: a cluster's webhook, or a CI evaluation with the caller's optional label. */
export const VerdictSource = z.discriminatedUnion('type', [
  z.object({ type: z.literal('cluster'), clusterId: z.string() }),
  z.object({ type: z.literal('ci'), label: z.string().max(200).nullable() }),
])
export type VerdictSource = z.infer<typeof VerdictSource>

/** One non-pass rule result; passes are only counted (`passes`), which keeps records small. */
export const VerdictRuleResult = z.object({
  policy: z.string(),
  rule: z.string(),
  status: z.enum(['fail', 'warn', 'error', 'skip']),
  message: z.string(),
  action: z.enum(['Audit', 'Enforce']),
})
export type VerdictRuleResult = z.infer<typeof VerdictRuleResult>

/** A rule that passed (no message: a pass says nothing more than its name). */
export const PassedRule = z.object({ policy: z.string(), rule: z.string() })
export type PassedRule = z.infer<typeof PassedRule>

export const VerdictRecord = z.object({
  /** Unique, time-ordered id (sorts newest-last lexicographically); stable across retries of one write. */
  id: z.string(),
  source: VerdictSource,
  /** The AdmissionReview uid, or a generated one per resource for CI. */
  uid: z.string(),
  time: z.iso.datetime(),
  operation: z.enum(['CREATE', 'UPDATE', 'DELETE', 'CONNECT', 'EVALUATE']),
  resource: z.object({ apiVersion: z.string(), kind: z.string(), namespace: z.string().nullable(), name: z.string() }),
  policySet: z.object({ name: z.string(), version: z.number().int() }),
  results: z.array(VerdictRuleResult),
  passes: z.number().int().nonnegative(),
  /**
   * Which rules passed (`passes` of them). Optional for readers; the writers always fill it, since
   * per-rule pass counts (compliance %) must be recountable from the raw records.
   */
  passed: z.array(PassedRule).optional(),
  allowed: z.boolean(),
  dryRun: z.boolean(),
  latencyMs: z.number().nonnegative(),
})
export type VerdictRecord = z.infer<typeof VerdictRecord>

/** How long a tenant's verdicts are kept, in days (DynamoDB TTL plus read-side filtering). */
export const RetentionDays = z.number().int().min(1).max(365)
export const DEFAULT_RETENTION_DAYS = 30

/** A tenant's log settings; `cursorKey` signs that tenant's page cursors (created on first read, never shown). */
export type LogSettings = { retentionDays: number; cursorKey: string }

/** What a write did: records stored now, and records skipped because their uid was already logged. */
export type WriteOutcome = { written: number; duplicates: number }

/** The dimension a listing is read from; everything else is a post-filter (`match`). */
export type LogQuery = {
  /** Inclusive window on `time` (ISO instants). */
  from: string
  to: string
  /** Only records whose id sorts before this (the previous page's `next`). */
  before?: string
  /** Read the source's timeline: a cluster id, or `ci`. */
  source?: { type: 'cluster'; clusterId: string } | { type: 'ci' }
  /** Read the timeline of records with a non-pass result of this policy. */
  policy?: string
  /** Further conditions on a record. */
  match?: (record: VerdictRecord) => boolean
  /** Page size (the API caps it). */
  limit: number
  /** Records examined before a page is returned short, with `next` set, so a rare filter cannot run away. */
  budget?: number
  /** The reader's clock: records expired by then are not returned. */
  now: string
}

/** Newest first; `next` is `null` when nothing older matches. */
export type LogPage = { items: VerdictRecord[]; next: string | null }

/** Counts of one rule's outcomes (skips are not counted: they say the rule did not apply). */
export type RuleCounts = { pass: number; fail: number; warn: number; error: number }

/** One rollup bucket of one source and policy set (shards merged). */
export type RollupCell = {
  /** `YYYY-MM-DDTHH` (hour) or `YYYY-MM-DD` (day), UTC. */
  bucket: string
  /** A cluster id, or `ci`. */
  source: string
  sourceType: 'cluster' | 'ci'
  policySet: string
  /** Non-dryRun records in the bucket. */
  requests: number
  rules: Array<RuleCounts & { policy: string; rule: string }>
}

/** Fail and warn results of one resource on one day (the "top violating workloads"). */
export type WorkloadCell = { day: string; source: string; policySet: string; namespace: string | null; kind: string; name: string; fail: number; warn: number }

/** A cluster's traffic on one day, dryRun included: what silent-cluster detection reads. */
export type Heartbeat = { clusterId: string; day: string; requests: number; firstAt: string; lastAt: string }

export interface VerdictLog {
  /** Logs one request's records (any number; adapters chunk them). See the idempotency rule above. */
  write(tenantId: string, records: readonly VerdictRecord[], options: { retentionDays: number }): Promise<WriteOutcome>
  /** Records in the window, newest first, one page at a time. */
  list(tenantId: string, query: LogQuery): Promise<LogPage>
  /** Rollup cells whose bucket lies in `[from, to]` (bucket strings of the granularity). */
  rollups(tenantId: string, query: { granularity: 'hour' | 'day'; from: string; to: string; now: string }): Promise<RollupCell[]>
  /** Workload cells of the days `[fromDay, toDay]`. */
  workloads(tenantId: string, query: { fromDay: string; toDay: string; now: string }): Promise<WorkloadCell[]>
  /** Heartbeats of the days `[fromDay, toDay]`, one per cluster and day. */
  heartbeats(tenantId: string, query: { fromDay: string; toDay: string; now: string }): Promise<Heartbeat[]>
  /**
   * The newest non-dryRun record of each named resource a cluster created or updated and did not
   * delete since: the cluster's current state, as PolicyReports show it. Newest wins whatever the
   * order the writes arrived in.
   */
  latest(tenantId: string, clusterId: string, query: { now: string }): Promise<VerdictRecord[]>
  /** The tenant's settings, created with the defaults on first read. */
  settings(tenantId: string): Promise<LogSettings>
  /** Changes the retention of records written from now on (existing records keep their expiry). */
  updateSettings(tenantId: string, patch: { retentionDays: number }): Promise<LogSettings>
}
