/**
 * Hands a request's verdict records to the log after the answer: through `waitUntil` (the
 * request's own on Workers, so nothing is queued across requests and an evicted isolate loses
 * nothing it had not already been given), retried with backoff a bounded number of times,
 * counted when it fails, never thrown into the request.
 */
import type { Context } from 'hono'
import type { AppDeps, AppEnv } from '../env.ts'
import { background } from '../set-cache.ts'
import { TtlCache } from '../ttl-cache.ts'
import type { VerdictLog, VerdictRecord, WriteOutcome } from '../../store/ports.ts'

/** How hard the writer tries. The worst case (every attempt timing out) is `attempts × attemptTimeoutMs` plus backoff. */
export type LogWriterOptions = {
  /** Tries per batch (default 4). */
  attempts?: number
  /** First backoff; doubled per retry, half of it jittered (default 50 ms). */
  backoffMs?: number
  /** An attempt still pending after this long counts as failed (default 2,000 ms). */
  attemptTimeoutMs?: number
}

/** Counts since the app started (per isolate on Workers, per container on Lambda). */
export type LogWriterMetrics = {
  /** Batches handed to the writer, one per logged request. */
  batches: number
  /** Records stored, and records skipped as already logged (their uid). */
  written: number
  duplicates: number
  /** Attempts that failed (timed out or threw) and were retried. */
  retries: number
  /** Batches given up after the last attempt, and the records in them. */
  failed: number
  lost: number
  /** Batches being written right now. */
  inFlight: number
}

class AttemptTimeout extends Error {}

export class VerdictLogWriter {
  readonly metrics: LogWriterMetrics = { batches: 0, written: 0, duplicates: 0, retries: 0, failed: 0, lost: 0, inFlight: 0 }
  readonly #retention: TtlCache<number>
  readonly #attempts: number
  readonly #backoffMs: number
  readonly #timeoutMs: number

  constructor(
    readonly log: VerdictLog,
    clock: () => number,
    options: LogWriterOptions = {},
  ) {
    // Retention is read per tenant and kept briefly, like every per-isolate cache: a change is seen within 5 s.
    this.#retention = new TtlCache<number>(5_000, clock)
    this.#attempts = Math.max(1, options.attempts ?? 4)
    this.#backoffMs = options.backoffMs ?? 50
    this.#timeoutMs = options.attemptTimeoutMs ?? 2_000
  }

  /** Writes one request's records. Resolves when they are stored or given up on; never rejects. */
  async write(tenantId: string, records: readonly VerdictRecord[]): Promise<void> {
    if (records.length === 0) return
    this.metrics.batches++
    this.metrics.inFlight++
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          const out = await this.#attempt(tenantId, records)
          this.metrics.written += out.written
          this.metrics.duplicates += out.duplicates
          return
        } catch (e) {
          if (attempt >= this.#attempts) {
            this.metrics.failed++
            this.metrics.lost += records.length
            console.error(JSON.stringify({ level: 'error', message: 'verdict log write given up', tenantId, records: records.length, attempts: attempt, error: String(e) }))
            return
          }
          this.metrics.retries++
          await sleep(this.#backoffMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2))
        }
      }
    } finally {
      this.metrics.inFlight--
    }
  }

  /** One try, bounded in time (the write is idempotent, so a late success of an abandoned try is harmless). */
  #attempt(tenantId: string, records: readonly VerdictRecord[]): Promise<WriteOutcome> {
    // One promise settled by whichever comes first, rather than a race of two: this runs once per request.
    return new Promise<WriteOutcome>((resolve, reject) => {
      const timer = setTimeout(() => reject(new AttemptTimeout(`no answer from the log within ${this.#timeoutMs} ms`)), this.#timeoutMs)
      this.#store(tenantId, records).then(
        (out) => {
          clearTimeout(timer)
          resolve(out)
        },
        (e: unknown) => {
          clearTimeout(timer)
          reject(e)
        },
      )
    })
  }

  async #store(tenantId: string, records: readonly VerdictRecord[]): Promise<WriteOutcome> {
    let retentionDays = this.#retention.get(tenantId)
    if (retentionDays === undefined) {
      retentionDays = (await this.log.settings(tenantId)).retentionDays
      this.#retention.set(tenantId, retentionDays)
    }
    return this.log.write(tenantId, records, { retentionDays })
  }

  /** Takes a tenant's new retention at once (the tenant changed it through this instance). */
  retain(tenantId: string, retentionDays: number): void {
    this.#retention.set(tenantId, retentionDays)
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

const writers = new WeakMap<AppDeps, VerdictLogWriter | null>()

/** The app's writer (one per deps object, so per app instance), or `null` when no log is configured. */
export function writerFor(deps: AppDeps): VerdictLogWriter | null {
  let w = writers.get(deps)
  if (w === undefined) {
    w = deps.verdictLog ? new VerdictLogWriter(deps.verdictLog, () => (deps.now ?? (() => new Date()))().getTime(), deps.verdictLogWriter) : null
    writers.set(deps, w)
  }
  return w
}

/**
 * Logs the records `build` makes, after the response (the request's `waitUntil`, see
 * `background`). Building happens in the background too, so the answer waits for nothing.
 */
export function logVerdicts(c: Context<AppEnv>, deps: AppDeps, tenantId: string, build: () => VerdictRecord[]): void {
  const writer = writerFor(deps)
  if (!writer) return
  const work = Promise.resolve()
    .then(() => writer.write(tenantId, build()))
    .catch((e: unknown) => {
      // Only a bug in building the records can land here; the writer itself never rejects.
      console.error(JSON.stringify({ level: 'error', requestId: c.get('requestId'), message: 'verdict records could not be built', error: String(e) }))
    })
  background(c, deps)(work)
}
