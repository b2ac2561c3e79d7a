/**
 * The verdict log in memory: tests, `npm start` without a database, and the reference the
 * DynamoDB adapter is checked against. Each write decides and applies without awaiting in between,
 * so on one event loop a batch is atomic, as a DynamoDB transaction is.
 */
import type { Heartbeat, LogSettings, RollupCell, RuleCounts, VerdictLog, VerdictRecord, WorkloadCell } from '../verdict-log.ts'
import { DEFAULT_RETENTION_DAYS, RetentionDays, VerdictRecord as RecordSchema } from '../verdict-log.ts'
import {
  bucketEnd,
  epochOf,
  expiryOf,
  heartbeatDeltas,
  latestKey,
  rollupDeltas,
  sourceKey,
  sourceOfKey,
  splitRuleKey,
  uidKey,
  uniqueByUid,
  workloadDeltas,
  workloadKey,
} from '../verdict-log-rollup.ts'
import { newToken } from '../rules.ts'

type Expiring<T> = { value: T; expires: number }
type Cell = { granularity: 'hour' | 'day'; bucket: string; source: string; policySet: string; requests: number; rules: Map<string, RuleCounts> }
type Latest = { id: string; record: VerdictRecord | null; expires: number }

type TenantLog = {
  records: Map<string, Expiring<VerdictRecord>>
  /** `(source, uid)` → the id of the record logged for it. */
  uids: Map<string, string>
  rollups: Map<string, Expiring<Cell>>
  workloads: Map<string, Expiring<WorkloadCell>>
  heartbeats: Map<string, Expiring<Heartbeat>>
  latest: Map<string, Map<string, Latest>>
  settings: LogSettings | null
}

const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T

/**
 * A fresh, empty verdict log.
 *
 * @example
 * const log = createMemoryVerdictLog()
 * await log.write('acme', [record], { retentionDays: 30 })
 */
export function createMemoryVerdictLog(): VerdictLog {
  const tenants = new Map<string, TenantLog>()
  const of = (tenantId: string): TenantLog => {
    let t = tenants.get(tenantId)
    if (!t) {
      t = { records: new Map(), uids: new Map(), rollups: new Map(), workloads: new Map(), heartbeats: new Map(), latest: new Map(), settings: null }
      tenants.set(tenantId, t)
    }
    return t
  }
  const live = <T>(e: Expiring<T> | undefined, now: number): e is Expiring<T> => e !== undefined && e.expires > now
  const settings = async (tenantId: string): Promise<LogSettings> => {
    const t = of(tenantId)
    t.settings ??= { retentionDays: DEFAULT_RETENTION_DAYS, cursorKey: newToken() + newToken() }
    return { ...t.settings }
  }

  return {
    async write(tenantId, input, { retentionDays }) {
      const records = uniqueByUid(input.map((r) => RecordSchema.parse(r)))
      const t = of(tenantId)
      // The same record again (a retried write) is already stored; another record with a logged uid is a duplicate.
      const fresh = records.filter((r) => !t.uids.has(uidKey(r)))
      const duplicates = records.filter((r) => t.uids.get(uidKey(r)) !== undefined && t.uids.get(uidKey(r)) !== r.id).length
      for (const r of fresh) {
        t.uids.set(uidKey(r), r.id)
        t.records.set(r.id, { value: copy(r), expires: expiryOf(r.time, retentionDays) })
        const key = latestKey(r)
        if (key !== null && r.source.type === 'cluster') {
          const cluster = t.latest.get(r.source.clusterId) ?? new Map<string, Latest>()
          t.latest.set(r.source.clusterId, cluster)
          const current = cluster.get(key)
          if (!current || current.id < r.id) cluster.set(key, { id: r.id, record: r.operation === 'DELETE' ? null : copy(r), expires: expiryOf(r.time, retentionDays) })
        }
      }
      for (const d of rollupDeltas(fresh)) {
        const k = [d.granularity, d.bucket, d.source, d.policySet].join('\u001f')
        const cell = t.rollups.get(k)?.value ?? { ...d, requests: 0, rules: new Map<string, RuleCounts>() }
        cell.requests += d.requests
        for (const [rk, add] of d.rules) {
          const c = cell.rules.get(rk) ?? { pass: 0, fail: 0, warn: 0, error: 0 }
          cell.rules.set(rk, { pass: c.pass + add.pass, fail: c.fail + add.fail, warn: c.warn + add.warn, error: c.error + add.error })
        }
        t.rollups.set(k, { value: cell, expires: bucketEnd(d.bucket) + retentionDays * 86_400 })
      }
      for (const d of workloadDeltas(fresh)) {
        const k = `${d.day}#${workloadKey(d)}`
        const cell = t.workloads.get(k)?.value ?? { ...d, source: d.source, fail: 0, warn: 0 }
        cell.fail += d.fail
        cell.warn += d.warn
        t.workloads.set(k, { value: cell, expires: bucketEnd(d.day) + retentionDays * 86_400 })
      }
      for (const d of heartbeatDeltas(fresh)) {
        const k = `${d.clusterId}\u001f${d.day}`
        const hb = t.heartbeats.get(k)?.value
        const next = hb
          ? { ...hb, requests: hb.requests + d.requests, firstAt: d.firstAt < hb.firstAt ? d.firstAt : hb.firstAt, lastAt: d.lastAt > hb.lastAt ? d.lastAt : hb.lastAt }
          : { ...d }
        t.heartbeats.set(k, { value: next, expires: bucketEnd(d.day) + retentionDays * 86_400 })
      }
      return { written: fresh.length, duplicates }
    },

    async list(tenantId, q) {
      const t = tenants.get(tenantId)
      if (!t) return { items: [], next: null }
      const now = epochOf(q.now)
      const source = q.source ? sourceKey(q.source) : undefined
      const matching = [...t.records.values()]
        .filter((e) => live(e, now))
        .map((e) => e.value)
        .filter(
          (r) =>
            r.time >= q.from &&
            r.time <= q.to &&
            (q.before === undefined || r.id < q.before) &&
            (source === undefined || sourceKey(r.source) === source) &&
            (q.policy === undefined || r.results.some((x) => x.policy === q.policy)) &&
            (q.match === undefined || q.match(r)),
        )
        .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      const items = matching.slice(0, q.limit)
      return { items: copy(items), next: matching.length > q.limit ? (items[items.length - 1]?.id ?? null) : null }
    },

    async rollups(tenantId, q) {
      const t = tenants.get(tenantId)
      if (!t) return []
      const now = epochOf(q.now)
      const out: RollupCell[] = []
      for (const e of t.rollups.values()) {
        const c = e.value
        if (!live(e, now) || c.granularity !== q.granularity || c.bucket < q.from || c.bucket > q.to) continue
        out.push({
          bucket: c.bucket,
          ...sourceOfKey(c.source),
          policySet: c.policySet,
          requests: c.requests,
          rules: [...c.rules].map(([k, counts]) => ({ ...splitRuleKey(k), ...counts })),
        })
      }
      return out
    },

    async workloads(tenantId, q) {
      const t = tenants.get(tenantId)
      const now = epochOf(q.now)
      return [...(t?.workloads.values() ?? [])]
        .filter((e) => live(e, now) && e.value.day >= q.fromDay && e.value.day <= q.toDay)
        .map((e) => ({ ...e.value, source: sourceOfKey(e.value.source).source }))
    },

    async heartbeats(tenantId, q) {
      const t = tenants.get(tenantId)
      const now = epochOf(q.now)
      return [...(t?.heartbeats.values() ?? [])].filter((e) => live(e, now) && e.value.day >= q.fromDay && e.value.day <= q.toDay).map((e) => ({ ...e.value }))
    },

    async latest(tenantId, clusterId, q) {
      const now = epochOf(q.now)
      const cluster = tenants.get(tenantId)?.latest.get(clusterId)
      return [...(cluster?.values() ?? [])].flatMap((l) => (l.record !== null && l.expires > now ? [copy(l.record)] : []))
    },

    settings,

    async updateSettings(tenantId, patch) {
      const current = await settings(tenantId)
      const next = { ...current, retentionDays: RetentionDays.parse(patch.retentionDays) }
      of(tenantId).settings = next
      return { ...next }
    },
  }
}
