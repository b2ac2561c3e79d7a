/**
 * Verdict records for the log contract, and an independent recount of what the rollups must hold
 * (written here from the records alone, not with the adapters' own aggregation code).
 */
import { randomBytes, randomUUID } from 'node:crypto'
import type { Heartbeat, RollupCell, VerdictLog, VerdictRecord, WorkloadCell } from '../../shared/store/ports.ts'

export type RecordOptions = {
  time?: string
  cluster?: string | null
  label?: string | null
  uid?: string
  set?: string
  namespace?: string | null
  kind?: string
  name?: string
  operation?: VerdictRecord['operation']
  dryRun?: boolean
  fails?: Array<{ policy: string; rule: string; status?: 'fail' | 'warn' | 'error' | 'skip'; action?: 'Audit' | 'Enforce' }>
  passes?: Array<{ policy: string; rule: string }>
}

const DAY_MS = 86_400_000
/**
 * Day 0 of every test: a UTC midnight two days ahead of the machine's clock. DynamoDB Local's TTL
 * sweeper deletes by the real clock, so records must expire after it for the read-side filtering
 * (which the tests drive with their own `now`) to be what is tested.
 */
export const BASE = Math.floor(Date.now() / DAY_MS) * DAY_MS + 2 * DAY_MS
/** `YYYY-MM-DD` of day `n`. */
export const day = (n: number): string => new Date(BASE + n * DAY_MS).toISOString().slice(0, 10)
/** An instant on day `n`. */
export const at = (n: number, hms = '00:00:00'): string => `${day(n)}T${hms}.000Z`

let seq = 0

/** A record id as the API makes them: time, then random (a counter keeps ids of one instant in call order). */
export const idAt = (time: string): string => `${time}.${String(++seq).padStart(6, '0')}${randomBytes(4).toString('hex')}`

export function record(o: RecordOptions = {}): VerdictRecord {
  const time = o.time ?? at(0, '10:00:00')
  const results = (o.fails ?? []).map((f) => ({ policy: f.policy, rule: f.rule, status: f.status ?? 'fail', message: `${f.rule} failed`, action: f.action ?? 'Audit' }))
  const passed = o.passes ?? []
  const source: VerdictRecord['source'] = o.cluster === null ? { type: 'ci', label: o.label ?? null } : { type: 'cluster', clusterId: o.cluster ?? 'c1' }
  return {
    id: idAt(time),
    source,
    uid: o.uid ?? randomUUID(),
    time,
    operation: o.operation ?? (source.type === 'ci' ? 'EVALUATE' : 'CREATE'),
    resource: { apiVersion: 'v1', kind: o.kind ?? 'Pod', namespace: o.namespace === undefined ? 'default' : o.namespace, name: o.name ?? 'web' },
    policySet: { name: o.set ?? 'prod', version: 3 },
    results,
    passes: passed.length,
    passed,
    allowed: !results.some((r) => r.status === 'fail' && r.action === 'Enforce'),
    dryRun: o.dryRun ?? false,
    latencyMs: 1.5,
  }
}

/** Every record of the window, following cursors. */
export async function listAll(log: VerdictLog, tenantId: string, now: string, from = at(-400), to = at(400)): Promise<VerdictRecord[]> {
  const out: VerdictRecord[] = []
  let before: string | undefined
  for (let pages = 0; pages < 1000; pages++) {
    const page = await log.list(tenantId, { from, to, limit: 100, now, ...(before === undefined ? {} : { before }) })
    out.push(...page.items)
    if (page.next === null) return out
    before = page.next
  }
  throw new Error('more than 1000 pages')
}

type Counts = { pass: number; fail: number; warn: number; error: number }

/** Rollup cells as a comparable map: `granularity|bucket|source|set` → requests and rule counts. */
export function cellMap(cells: readonly RollupCell[]): Record<string, { requests: number; rules: Record<string, Counts> }> {
  const out: Record<string, { requests: number; rules: Record<string, Counts> }> = {}
  for (const c of cells) {
    const k = `${c.bucket}|${c.sourceType}:${c.source}|${c.policySet}`
    const entry = (out[k] ??= { requests: 0, rules: {} })
    entry.requests += c.requests
    for (const r of c.rules) {
      const rk = `${r.policy}/${r.rule}`
      const x = (entry.rules[rk] ??= { pass: 0, fail: 0, warn: 0, error: 0 })
      x.pass += r.pass
      x.fail += r.fail
      x.warn += r.warn
      x.error += r.error
    }
    for (const [rk, x] of Object.entries(entry.rules)) if (x.pass + x.fail + x.warn + x.error === 0) delete entry.rules[rk]
  }
  return out
}

/** The same map recounted from raw records: non-dryRun only, skips not counted. */
export function recount(records: readonly VerdictRecord[], granularity: 'hour' | 'day'): ReturnType<typeof cellMap> {
  const out: ReturnType<typeof cellMap> = {}
  for (const r of records) {
    if (r.dryRun) continue
    const bucket = granularity === 'hour' ? r.time.slice(0, 13) : r.time.slice(0, 10)
    const source = r.source.type === 'ci' ? 'ci:ci' : `cluster:${r.source.clusterId}`
    const entry = (out[`${bucket}|${source}|${r.policySet.name}`] ??= { requests: 0, rules: {} })
    entry.requests++
    for (const p of r.passed ?? []) (entry.rules[`${p.policy}/${p.rule}`] ??= { pass: 0, fail: 0, warn: 0, error: 0 }).pass++
    for (const x of r.results) if (x.status !== 'skip') (entry.rules[`${x.policy}/${x.rule}`] ??= { pass: 0, fail: 0, warn: 0, error: 0 })[x.status]++
  }
  return out
}

export function workloadMap(cells: readonly WorkloadCell[]): Record<string, { fail: number; warn: number }> {
  const out: Record<string, { fail: number; warn: number }> = {}
  for (const w of cells) {
    const e = (out[`${w.day}|${w.source}|${w.policySet}|${w.namespace}|${w.kind}|${w.name}`] ??= { fail: 0, warn: 0 })
    e.fail += w.fail
    e.warn += w.warn
  }
  return out
}

export function recountWorkloads(records: readonly VerdictRecord[]): ReturnType<typeof workloadMap> {
  const out: ReturnType<typeof workloadMap> = {}
  for (const r of records) {
    if (r.dryRun) continue
    const fail = r.results.filter((x) => x.status === 'fail').length
    const warn = r.results.filter((x) => x.status === 'warn').length
    if (fail + warn === 0) continue
    const source = r.source.type === 'ci' ? 'ci' : r.source.clusterId
    const e = (out[`${r.time.slice(0, 10)}|${source}|${r.policySet.name}|${r.resource.namespace}|${r.resource.kind}|${r.resource.name}`] ??= { fail: 0, warn: 0 })
    e.fail += fail
    e.warn += warn
  }
  return out
}

export function heartbeatMap(beats: readonly Heartbeat[]): Record<string, Heartbeat> {
  return Object.fromEntries(beats.map((b) => [`${b.clusterId}|${b.day}`, b]))
}

export function recountHeartbeats(records: readonly VerdictRecord[]): Record<string, Heartbeat> {
  const out: Record<string, Heartbeat> = {}
  for (const r of records) {
    if (r.source.type !== 'cluster') continue
    const k = `${r.source.clusterId}|${r.time.slice(0, 10)}`
    const b = (out[k] ??= { clusterId: r.source.clusterId, day: r.time.slice(0, 10), requests: 0, firstAt: r.time, lastAt: r.time })
    b.requests++
    if (r.time < b.firstAt) b.firstAt = r.time
    if (r.time > b.lastAt) b.lastAt = r.time
  }
  return out
}
