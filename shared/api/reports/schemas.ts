/**
 * The read side of the verdict log, as the HTTP API returns it: the contract between the log and
 * reporting routes (`/v1/verdicts`, `/v1/reports/*`) and the dashboard page that renders them. The
 * record itself (`VerdictRecord`) is what every admission decision and CI evaluation writes.
 */
import { z } from 'zod'

const Instant = z.iso.datetime()
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'day: YYYY-MM-DD (UTC)')

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

export const VerdictRecord = z.object({
  /** Unique, time-ordered id (sorts newest-last lexicographically); stable across retries of one write. */
  id: z.string(),
  source: VerdictSource,
  /** The AdmissionReview uid, or a generated one per resource for CI. */
  uid: z.string(),
  time: Instant,
  operation: z.enum(['CREATE', 'UPDATE', 'DELETE', 'CONNECT', 'EVALUATE']),
  resource: z.object({ apiVersion: z.string(), kind: z.string(), namespace: z.string().nullable(), name: z.string() }),
  policySet: z.object({ name: z.string(), version: z.number().int() }),
  results: z.array(VerdictRuleResult),
  passes: z.number().int().nonnegative(),
  allowed: z.boolean(),
  dryRun: z.boolean(),
  latencyMs: z.number().nonnegative(),
})
export type VerdictRecord = z.infer<typeof VerdictRecord>

/** `GET /v1/verdicts`: newest first; `cursor` is opaque, signed and bound to the tenant; `null` on the last page. */
export const VerdictPage = z.object({ items: z.array(VerdictRecord), cursor: z.string().nullable() })
export type VerdictPage = z.infer<typeof VerdictPage>

const Counts = z.object({ pass: z.number().int(), fail: z.number().int(), warn: z.number().int(), error: z.number().int() })
const DayCounts = Counts.extend({ day: Day })

/** Compliance % = pass / (pass + fail) × 100 over non-dryRun verdicts; `null` when nothing was evaluated. */
const Compliance = z.number().min(0).max(100).nullable()

/** `GET /v1/reports/summary`: per cluster × policy × rule, from the rollups (never a scan of raw records). */
export const Summary = z.object({
  from: Instant,
  to: Instant,
  rows: z.array(
    Counts.extend({
      /** A cluster id, or `ci` for CI evaluations. */
      source: z.string(),
      policySet: z.string(),
      policy: z.string(),
      rule: z.string(),
      compliance: Compliance,
      trend: z.array(DayCounts),
    }),
  ),
  totals: Counts.extend({ compliance: Compliance }),
  /** Every day of the window, oldest first, zeros included (the trend chart's x axis). */
  days: z.array(DayCounts),
  /** Resources with the most failures in the window (fail + warn), most first. */
  topWorkloads: z.array(
    z.object({ source: z.string(), namespace: z.string().nullable(), kind: z.string(), name: z.string(), fail: z.number().int(), warn: z.number().int() }),
  ),
  /** Each registered cluster's heartbeat: a cluster that usually calls but went quiet is `silent`. */
  clusters: z.array(
    z.object({
      clusterId: z.string(),
      name: z.string(),
      lastSeen: Instant.nullable(),
      /** Requests per hour over the trailing week; `null` before enough data. */
      usualPerHour: z.number().nonnegative().nullable(),
      silent: z.boolean(),
    }),
  ),
})
export type Summary = z.infer<typeof Summary>

/** `GET /v1/reports/what-if`: what switching a policy from Audit to Enforce would have denied in the window. */
export const WhatIf = z.object({
  policySet: z.string(),
  policy: z.string(),
  from: Instant,
  to: Instant,
  /** Requests (admission, non-dryRun) in the window that this policy failed in Audit. */
  wouldDeny: z.number().int(),
  requests: z.number().int(),
  byCluster: z.array(z.object({ clusterId: z.string(), wouldDeny: z.number().int() })),
  byNamespace: z.array(z.object({ clusterId: z.string(), namespace: z.string().nullable(), wouldDeny: z.number().int() })),
})
export type WhatIf = z.infer<typeof WhatIf>
