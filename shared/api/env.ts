/**
 * What the app needs from its runtime (passed to {@link createApp}) and what a request carries
 * through the middleware chain. Entry points in functions/ build these; the core never reads env.
 */
import type { Stores, Scope, Snapshot, VerdictLog } from '../store/ports.ts'
import type { LogWriterOptions } from './reports/writer.ts'

/**
 * Where the edge reads published policy-set snapshots (Workers KV on the Worker). Optional: without
 * it every evaluation reads the store. Reads may lag the store by KV's propagation (~60 s); see
 * `shared/store/kv/snapshots.ts` for what a tenant sees meanwhile.
 */
export interface SnapshotSource {
  /** The current snapshot as this location sees it; `null` sends the reader to the store. */
  read(tenantId: string, setId: string): Promise<Snapshot | null>
  /** Publishes a set's new version (called after the response, through `waitUntil`). */
  publish?(snapshot: Snapshot): Promise<unknown>
  /** Hides a deleted set's incarnation so readers fall back to the store ("not found"). */
  retract?(gone: { tenantId: string; setId: string; uid: string; version: number; at: string }): Promise<unknown>
}

export interface AppDeps {
  stores: Stores
  /** Hex SHA-256 of the operator root token; without it, `POST /v1/tenants` is refused. */
  rootTokenHash?: string | undefined
  /** The clock; tests pass a fixed one. */
  now?: () => Date
  /** Public base URL used in generated webhook configurations (default: the request's origin). */
  publicUrl?: string | undefined
  /** Admission answers always arrive within this budget (default 2,000 ms). */
  admissionBudgetMs?: number
  /** How long an isolate may reuse a compiled policy set or a webhook-key lookup (default 5,000 ms). */
  cacheTtlMs?: number
  /**
   * Runs work after the response. Default: the request's `executionCtx.waitUntil` when the runtime
   * passes one to `app.fetch` (Workers), else fire and forget.
   */
  waitUntil?: (work: Promise<unknown>) => void
  /** Published snapshots read before the store on the evaluation paths, and written after every set change. */
  snapshots?: SnapshotSource
  /**
   * Where every admission decision and CI evaluation is recorded (written after the answer, through
   * `waitUntil`), and what the reports read. Without it nothing is logged and the report routes answer 503.
   */
  verdictLog?: VerdictLog
  /** Retry bounds of the log writer (defaults: 4 attempts, 50 ms backoff, 2 s per attempt). */
  verdictLogWriter?: LogWriterOptions
}

/** Who is calling: the operator (root token) or a tenant's API key. */
export type Principal =
  | { kind: 'operator'; keyId: 'operator' }
  | { kind: 'key'; tenantId: string; keyId: string; scopes: readonly Scope[]; clusterId: string | null }

export type AppEnv = {
  Variables: {
    requestId: string
    principal: Principal
    /** `performance.now()` when the request arrived (verdict latency). */
    startedAt: number
  }
}
