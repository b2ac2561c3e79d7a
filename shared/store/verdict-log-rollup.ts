/**
 * What one batch of verdict records adds to the rollups, as plain data both log adapters apply
 * (the memory adapter to its maps, DynamoDB as `ADD` updates). Aggregating per batch means a CI run
 * of a thousand resources touches each counter once, not a thousand times.
 */
import type { RuleCounts, VerdictRecord, VerdictSource } from './verdict-log.ts'

/** `YYYY-MM-DDTHH` of an ISO instant (UTC). */
export const hourOf = (time: string): string => time.slice(0, 13)
/** `YYYY-MM-DD` of an ISO instant or hour bucket (UTC). */
export const dayOf = (time: string): string => time.slice(0, 10)

/** Epoch seconds at which an item about `time` expires after `retentionDays`. */
export function expiryOf(time: string, retentionDays: number): number {
  return Math.floor(Date.parse(time) / 1000) + retentionDays * 86_400
}

/** Epoch seconds at which a bucket (hour or day) ends; a rollup expires `retentionDays` after that. */
export function bucketEnd(bucket: string): number {
  const start = bucket.length === 13 ? Date.parse(`${bucket}:00:00Z`) : Date.parse(`${bucket}T00:00:00Z`)
  return Math.floor(start / 1000) + (bucket.length === 13 ? 3_600 : 86_400)
}

/** Epoch seconds of an ISO instant (the "now" reads compare expiries with). */
export const epochOf = (time: string): number => Math.floor(Date.parse(time) / 1000)

/**
 * A source as a key segment: `ci`, or `c.<clusterId>`. Cluster ids may be `ci` too, so the prefix
 * keeps the two apart.
 */
export function sourceKey(source: VerdictSource | { type: 'ci' }): string {
  return source.type === 'ci' ? 'ci' : `c.${source.clusterId}`
}

/** The inverse of {@link sourceKey}, as the reports name sources (a cluster id, or `ci`). */
export function sourceOfKey(key: string): { source: string; sourceType: 'cluster' | 'ci' } {
  return key === 'ci' ? { source: 'ci', sourceType: 'ci' } : { source: key.slice(2), sourceType: 'cluster' }
}

/** The idempotency key of a record: its source and request uid. */
export const uidKey = (r: Pick<VerdictRecord, 'source' | 'uid'>): string => `${sourceKey(r.source)}\u001f${r.uid}`

/** A rule counter's key inside a rollup cell. */
export const ruleKey = (policy: string, rule: string): string => `${policy}\u001f${rule}`
export function splitRuleKey(key: string): { policy: string; rule: string } {
  const at = key.indexOf('\u001f')
  return { policy: key.slice(0, at), rule: key.slice(at + 1) }
}

/** What a batch adds to one rollup cell. */
export type RollupDelta = {
  granularity: 'hour' | 'day'
  bucket: string
  source: string
  policySet: string
  requests: number
  rules: Map<string, RuleCounts>
}

/** What a batch adds to one resource's day. */
export type WorkloadDelta = { day: string; source: string; policySet: string; namespace: string | null; kind: string; name: string; fail: number; warn: number }

/** What a batch adds to one cluster's day of traffic. */
export type HeartbeatDelta = { clusterId: string; day: string; requests: number; firstAt: string; lastAt: string }

const zero = (): RuleCounts => ({ pass: 0, fail: 0, warn: 0, error: 0 })

/** Rollup deltas of the non-dryRun records, per granularity × bucket × source × set. */
export function rollupDeltas(records: readonly VerdictRecord[]): RollupDelta[] {
  const cells = new Map<string, RollupDelta>()
  const cellOf = (granularity: 'hour' | 'day', bucket: string, source: string, policySet: string): RollupDelta => {
    const k = `${granularity}\u001f${bucket}\u001f${source}\u001f${policySet}`
    let cell = cells.get(k)
    if (!cell) cells.set(k, (cell = { granularity, bucket, source, policySet, requests: 0, rules: new Map() }))
    return cell
  }
  for (const r of records) {
    if (r.dryRun) continue
    const source = sourceKey(r.source)
    const hour = cellOf('hour', hourOf(r.time), source, r.policySet.name)
    const day = cellOf('day', dayOf(r.time), source, r.policySet.name)
    hour.requests++
    day.requests++
    // Each rule's key is built once and counted in both cells (each cell has its own counters).
    for (const p of r.passed ?? []) {
      const rk = ruleKey(p.policy, p.rule)
      bump(hour.rules, rk, 'pass')
      bump(day.rules, rk, 'pass')
    }
    for (const x of r.results) {
      if (x.status === 'skip') continue
      const rk = ruleKey(x.policy, x.rule)
      bump(hour.rules, rk, x.status)
      bump(day.rules, rk, x.status)
    }
  }
  return [...cells.values()]
}

function bump(rules: Map<string, RuleCounts>, rk: string, status: keyof RuleCounts): void {
  const counts = rules.get(rk)
  if (counts) counts[status]++
  else {
    const fresh = zero()
    fresh[status] = 1
    rules.set(rk, fresh)
  }
}

/** Workload deltas: fail and warn results per resource and day, non-dryRun only. */
export function workloadDeltas(records: readonly VerdictRecord[]): WorkloadDelta[] {
  const cells = new Map<string, WorkloadDelta>()
  for (const r of records) {
    if (r.dryRun) continue
    const fail = r.results.filter((x) => x.status === 'fail').length
    const warn = r.results.filter((x) => x.status === 'warn').length
    if (fail + warn === 0) continue
    const w = { day: dayOf(r.time), source: sourceKey(r.source), policySet: r.policySet.name, namespace: r.resource.namespace, kind: r.resource.kind, name: r.resource.name }
    const k = `${w.day}#${workloadKey(w)}`
    const cell = cells.get(k) ?? { ...w, fail: 0, warn: 0 }
    cell.fail += fail
    cell.warn += warn
    cells.set(k, cell)
  }
  return [...cells.values()]
}

/** A workload's key within its day: source, set, namespace, kind, name, each escaped so none can contain the separator. */
export function workloadKey(w: Pick<WorkloadDelta, 'source' | 'policySet' | 'namespace' | 'kind' | 'name'>): string {
  return [w.source, w.policySet, w.namespace === null ? '' : `n.${w.namespace}`, w.kind, w.name].map(encodeURIComponent).join('#')
}

/** Heartbeat deltas: every cluster record counts, dryRun included (any request shows the webhook is alive). */
export function heartbeatDeltas(records: readonly VerdictRecord[]): HeartbeatDelta[] {
  const cells = new Map<string, HeartbeatDelta>()
  for (const r of records) {
    if (r.source.type !== 'cluster') continue
    const day = dayOf(r.time)
    const k = `${r.source.clusterId}\u001f${day}`
    const cell = cells.get(k)
    if (!cell) cells.set(k, { clusterId: r.source.clusterId, day, requests: 1, firstAt: r.time, lastAt: r.time })
    else {
      cell.requests++
      if (r.time < cell.firstAt) cell.firstAt = r.time
      if (r.time > cell.lastAt) cell.lastAt = r.time
    }
  }
  return [...cells.values()]
}

/**
 * A resource's key in its cluster's latest-state map, or `null` when the record does not describe
 * a resource's state: dryRun, CONNECT, CI, and unnamed objects (`generateName` on CREATE).
 */
export function latestKey(r: VerdictRecord): string | null {
  if (r.source.type !== 'cluster' || r.dryRun || r.operation === 'CONNECT' || r.operation === 'EVALUATE' || r.resource.name === '') return null
  const { apiVersion, kind, namespace, name } = r.resource
  return [namespace ?? '', kind, apiVersion, name].map(encodeURIComponent).join('#')
}

/** Distinct policies with a non-pass result in the record (its policy-timeline entries). */
export function policiesOf(r: VerdictRecord): string[] {
  return [...new Set(r.results.map((x) => x.policy))]
}

/** Drops records whose `(source, uid)` already occurred earlier in the batch. */
export function uniqueByUid(records: readonly VerdictRecord[]): VerdictRecord[] {
  const seen = new Set<string>()
  return records.filter((r) => {
    const k = uidKey(r)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}
