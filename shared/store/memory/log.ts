/**
 * The verdict log in memory: tests, `npm start` without a database, and the reference the
 * DynamoDB adapter is checked against. Each write decides and applies without awaiting in between,
 * so on one event loop a batch is atomic, as a DynamoDB transaction is.
 */
import type { Heartbeat, LogSettings, RollupCell, RuleCounts, VerdictLog, VerdictRecord, WorkloadCell } from '../verdict-log.ts'
import { DEFAULT_RETENTION_DAYS, RetentionDays } from '../verdict-log.ts'
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

/**
 * A private copy of a record, field by field: what is stored never aliases the caller's objects,
 * and what is read never aliases what is stored. Unknown fields are dropped, as a schema parse
 * would; the records themselves are built from typed data (`api/reports/record.ts`), so they are
 * not validated again on every write.
 */
function copyRecord(r: VerdictRecord): VerdictRecord {
  const out: VerdictRecord = {
    id: r.id,
    source: r.source.type === 'cluster' ? { type: 'cluster', clusterId: r.source.clusterId } : { type: 'ci', label: r.source.label },
    uid: r.uid,
    time: r.time,
    operation: r.operation,
    resource: { apiVersion: r.resource.apiVersion, kind: r.resource.kind, namespace: r.resource.namespace, name: r.resource.name },
    policySet: { name: r.policySet.name, version: r.policySet.version },
    results: r.results.map((x) => ({ policy: x.policy, rule: x.rule, status: x.status, message: x.message, action: x.action })),
    passes: r.passes,
    allowed: r.allowed,
    dryRun: r.dryRun,
    latencyMs: r.latencyMs,
  }
  if (r.passed !== undefined) out.passed = r.passed.map((x) => ({ policy: x.policy, rule: x.rule }))
  return out
}

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
      const t = of(tenantId)
      const fresh: VerdictRecord[] = []
      let duplicates = 0
      const batch = new Set<string>()
      for (const r of input) {
        const uid = uidKey(r)
        // A uid seen earlier in the batch is ignored; the same record again (a retried write) is
        // already stored; another record with a logged uid is a duplicate.
        if (batch.has(uid)) continue
        batch.add(uid)
        const logged = t.uids.get(uid)
        if (logged !== undefined) {
          if (logged !== r.id) duplicates++
          continue
        }
        // One private copy serves the record and the latest state; neither is handed out uncopied.
        const stored = copyRecord(r)
        const expires = expiryOf(stored.time, retentionDays)
        fresh.push(stored)
        t.uids.set(uid, stored.id)
        t.records.set(stored.id, { value: stored, expires })
        const key = latestKey(stored)
        if (key !== null && stored.source.type === 'cluster') {
          let cluster = t.latest.get(stored.source.clusterId)
          if (!cluster) t.latest.set(stored.source.clusterId, (cluster = new Map<string, Latest>()))
          const current = cluster.get(key)
          if (!current || current.id < stored.id) cluster.set(key, { id: stored.id, record: stored.operation === 'DELETE' ? null : stored, expires })
        }
      }
      if (fresh.length === 0) return { written: 0, duplicates }
      for (const d of rollupDeltas(fresh)) {
        const k = `${d.granularity}\u001f${d.bucket}\u001f${d.source}\u001f${d.policySet}`
        const existing = t.rollups.get(k)
        const expires = bucketEnd(d.bucket) + retentionDays * 86_400
        if (!existing) {
          // The delta's own counters become the cell's: nothing else holds them.
          t.rollups.set(k, { value: d, expires })
          continue
        }
        const cell = existing.value
        cell.requests += d.requests
        for (const [rk, add] of d.rules) {
          const c = cell.rules.get(rk)
          if (!c) cell.rules.set(rk, add)
          else {
            c.pass += add.pass
            c.fail += add.fail
            c.warn += add.warn
            c.error += add.error
          }
        }
        existing.expires = expires
      }
      for (const d of workloadDeltas(fresh)) {
        const k = `${d.day}#${workloadKey(d)}`
        const existing = t.workloads.get(k)
        const expires = bucketEnd(d.day) + retentionDays * 86_400
        if (!existing) t.workloads.set(k, { value: d, expires })
        else {
          existing.value.fail += d.fail
          existing.value.warn += d.warn
          existing.expires = expires
        }
      }
      for (const d of heartbeatDeltas(fresh)) {
        const k = `${d.clusterId}\u001f${d.day}`
        const existing = t.heartbeats.get(k)
        const expires = bucketEnd(d.day) + retentionDays * 86_400
        if (!existing) t.heartbeats.set(k, { value: d, expires })
        else {
          const hb = existing.value
          hb.requests += d.requests
          if (d.firstAt < hb.firstAt) hb.firstAt = d.firstAt
          if (d.lastAt > hb.lastAt) hb.lastAt = d.lastAt
          existing.expires = expires
        }
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
      return { items: items.map(copyRecord), next: matching.length > q.limit ? (items[items.length - 1]?.id ?? null) : null }
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
      return [...(cluster?.values() ?? [])].flatMap((l) => (l.record !== null && l.expires > now ? [copyRecord(l.record)] : []))
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
