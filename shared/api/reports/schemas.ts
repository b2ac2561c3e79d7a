/**
 * The read side of the verdict log, as the HTTP API returns it: the contract between the log and
 * reporting routes (`/v1/verdicts`, `/v1/reports/*`) and the dashboard page that renders them. The
 * record itself (`VerdictRecord`) is what every admission decision and CI evaluation writes.
 */
import { z } from 'zod'
import { VerdictRecord } from '../../store/ports.ts'

const Instant = z.iso.datetime()
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'day: YYYY-MM-DD (UTC)')

// The record is the log port's schema (the store layer cannot import the API layer); re-exported
// here so this file stays the one contract the routes and the dashboard read.
export { VerdictSource, VerdictRuleResult, VerdictRecord, PassedRule } from '../../store/ports.ts'

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
      /** Sparse: only the days with counts (`days` has every day of the window). */
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
  /** Of `wouldDeny`, requests another rule denied anyway (switching this policy changes nothing for them). */
  alreadyDenied: z.number().int().optional(),
  /** True when the window held more failures than one answer examines; the counts are then a lower bound. */
  truncated: z.boolean().optional(),
})
export type WhatIf = z.infer<typeof WhatIf>
