/**
 * Reading the verdict log: a newest-first merge of a timeline's shards (every shard queried in
 * descending key order, lazily, one page at a time), and the small partitions the reports read
 * (rollups, workloads, heartbeats, latest state). Every read is strongly consistent and drops
 * items whose `ttl` has passed, since DynamoDB deletes them only eventually.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb'
import type { Heartbeat, LogPage, LogQuery, RollupCell, RuleCounts, VerdictRecord, WorkloadCell } from '../verdict-log.ts'
import { VerdictRecord as RecordSchema } from '../verdict-log.ts'
import { epochOf, sourceKey, sourceOfKey } from '../verdict-log-rollup.ts'
import { logKeys, parseCounterName, RAW_SHARDS, ROLLUP_SHARDS, timelinePartition, type Timeline } from './log-keys.ts'
import type { Db, Item } from './tx.ts'

/** How many records a page may examine before it returns short (with a cursor) by default. */
const DEFAULT_BUDGET = 2_000

type KeyRange = { pk: string; from?: string; to?: string; descending?: boolean; pageSize?: number }

/** Every item of `pk` (with `from <= SK <= to` when given), page by page, lazily. */
async function* queryRange(db: Db, r: KeyRange): AsyncGenerator<Item> {
  let start: Record<string, unknown> | undefined
  const range = r.from !== undefined && r.to !== undefined
  do {
    const out = await db.client.send(
      new QueryCommand({
        TableName: db.table,
        KeyConditionExpression: range ? 'PK = :pk AND SK BETWEEN :from AND :to' : 'PK = :pk',
        ExpressionAttributeValues: range ? { ':pk': r.pk, ':from': r.from, ':to': r.to } : { ':pk': r.pk },
        ScanIndexForward: !r.descending,
        ConsistentRead: true,
        ExclusiveStartKey: start,
        ...(r.pageSize === undefined ? {} : { Limit: r.pageSize }),
      }),
    )
    yield* out.Items ?? []
    start = out.LastEvaluatedKey
  } while (start !== undefined)
}

async function collect(it: AsyncIterable<Item>): Promise<Item[]> {
  const all: Item[] = []
  for await (const item of it) all.push(item)
  return all
}

const alive = (item: Item, now: number): boolean => typeof item.ttl === 'number' && item.ttl > now
const recordOf = (item: Item): VerdictRecord => RecordSchema.parse(JSON.parse(String(item.rec)))

/** One page of a timeline, newest first, merged across its shards. */
export async function listPage(db: Db, tenantId: string, q: LogQuery): Promise<LogPage> {
  const from = new Date(q.from).toISOString()
  const to = new Date(q.to).toISOString()
  const timeline: Timeline = q.policy !== undefined ? { kind: 'policy', policy: q.policy } : q.source ? { kind: 'source', source: sourceKey(q.source) } : { kind: 'all' }
  // Ids start with their record's time, so the window is a key range; `~` sorts after any id of `to`.
  const top = q.before !== undefined && q.before < `${to}~` ? q.before : `${to}~`
  const pageSize = q.match || q.policy !== undefined || q.source ? 100 : Math.min(100, q.limit + 1)
  const shards = Array.from({ length: RAW_SHARDS }, (_, s) => queryRange(db, { pk: timelinePartition(tenantId, timeline, s), from, to: top, descending: true, pageSize })[Symbol.asyncIterator]())
  const heads = await Promise.all(shards.map((s) => s.next()))
  const now = epochOf(q.now)
  const budget = q.budget ?? DEFAULT_BUDGET
  // Read from the policy's timeline, a source condition is checked per record.
  const wanted = q.source && timeline.kind === 'policy' ? sourceKey(q.source) : undefined
  const items: VerdictRecord[] = []
  let examined = 0
  let last: string | null = null
  for (;;) {
    let best = -1
    heads.forEach((h, i) => {
      if (!h.done && (best < 0 || String(h.value.SK) > String((heads[best] as IteratorYieldResult<Item>).value.SK))) best = i
    })
    if (best < 0) return { items, next: null }
    const item = (heads[best] as IteratorYieldResult<Item>).value
    const id = String(item.SK)
    if (id !== q.before && alive(item, now)) {
      const record = recordOf(item)
      if (record.time >= from && record.time <= to && (wanted === undefined || sourceKey(record.source) === wanted) && (q.match === undefined || q.match(record))) {
        if (items.length === q.limit) return { items, next: items[items.length - 1]?.id ?? null }
        items.push(record)
      }
    }
    last = id
    // Out of budget: return what we have, and a position before which every record has been examined.
    if (++examined >= budget) return { items, next: last }
    heads[best] = await (shards[best] as AsyncIterator<Item>).next()
  }
}

/** Rollup cells of the buckets in `[from, to]`, shards and groups summed. */
export async function readRollups(db: Db, tenantId: string, q: { granularity: 'hour' | 'day'; from: string; to: string; now: string }): Promise<RollupCell[]> {
  const now = epochOf(q.now)
  const parts = await Promise.all(
    Array.from({ length: ROLLUP_SHARDS }, (_, s) => collect(queryRange(db, { pk: logKeys.rollupPartition(tenantId, q.granularity, s), from: q.from, to: `${q.to}~` }))),
  )
  const cells = new Map<string, { cell: RollupCell; rules: Map<string, RuleCounts & { policy: string; rule: string }> }>()
  for (const item of parts.flat()) {
    if (!alive(item, now)) continue
    const bucket = String(item.bucket)
    const k = `${bucket}\u001f${String(item.src)}\u001f${String(item.set)}`
    let entry = cells.get(k)
    if (!entry) {
      entry = { cell: { bucket, ...sourceOfKey(String(item.src)), policySet: String(item.set), requests: 0, rules: [] }, rules: new Map() }
      cells.set(k, entry)
    }
    if (typeof item.n === 'number') entry.cell.requests += item.n
    for (const [name, value] of Object.entries(item)) {
      const c = parseCounterName(name)
      if (!c || typeof value !== 'number' || !['pass', 'fail', 'warn', 'error'].includes(c.status)) continue
      const rk = `${c.policy}\u001f${c.rule}`
      const counts = entry.rules.get(rk) ?? { policy: c.policy, rule: c.rule, pass: 0, fail: 0, warn: 0, error: 0 }
      counts[c.status as keyof RuleCounts] += value
      entry.rules.set(rk, counts)
    }
  }
  return [...cells.values()].map((e) => ({ ...e.cell, rules: [...e.rules.values()] }))
}

/** Every day from `fromDay` to `toDay` (UTC), inclusive. */
export function daysBetween(fromDay: string, toDay: string): string[] {
  const out: string[] = []
  for (let t = Date.parse(`${fromDay}T00:00:00Z`); t <= Date.parse(`${toDay}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10))
  return out
}

export async function readWorkloads(db: Db, tenantId: string, q: { fromDay: string; toDay: string; now: string }): Promise<WorkloadCell[]> {
  const now = epochOf(q.now)
  const days = await Promise.all(daysBetween(q.fromDay, q.toDay).map((day) => collect(queryRange(db, { pk: logKeys.workloadPartition(tenantId, day) }))))
  return days.flat().flatMap((i) =>
    alive(i, now)
      ? [{ day: String(i.day), source: sourceOfKey(String(i.src)).source, policySet: String(i.set), namespace: i.ns === '' ? null : String(i.ns), kind: String(i.kind), name: String(i.name), fail: Number(i.fail ?? 0), warn: Number(i.warn ?? 0) }]
      : [],
  )
}

export async function readHeartbeats(db: Db, tenantId: string, q: { fromDay: string; toDay: string; now: string }): Promise<Heartbeat[]> {
  const now = epochOf(q.now)
  const parts = await Promise.all(Array.from({ length: ROLLUP_SHARDS }, (_, s) => collect(queryRange(db, { pk: logKeys.heartbeatPartition(tenantId, s), from: q.fromDay, to: `${q.toDay}~` }))))
  const merged = new Map<string, Heartbeat>()
  for (const i of parts.flat()) {
    if (!alive(i, now)) continue
    const hb: Heartbeat = { clusterId: String(i.cid), day: String(i.day), requests: Number(i.n ?? 0), firstAt: String(i.firstAt), lastAt: String(i.lastAt) }
    const k = `${hb.clusterId}\u001f${hb.day}`
    const seen = merged.get(k)
    merged.set(
      k,
      seen
        ? { ...seen, requests: seen.requests + hb.requests, firstAt: hb.firstAt < seen.firstAt ? hb.firstAt : seen.firstAt, lastAt: hb.lastAt > seen.lastAt ? hb.lastAt : seen.lastAt }
        : hb,
    )
  }
  return [...merged.values()]
}

export async function readLatest(db: Db, tenantId: string, clusterId: string, q: { now: string }): Promise<VerdictRecord[]> {
  const now = epochOf(q.now)
  const items = await collect(queryRange(db, { pk: logKeys.latestPartition(tenantId, clusterId) }))
  return items.flatMap((i) => (alive(i, now) && typeof i.rec === 'string' ? [recordOf(i)] : []))
}
