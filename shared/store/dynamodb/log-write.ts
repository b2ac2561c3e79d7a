/**
 * Writing a batch of verdict records. Per chunk, one TransactWriteItems holds every record's uid
 * marker (`attribute_not_exists`), its raw item, and the batch's aggregated counter updates, so a
 * record and what it adds to the rollups commit together or not at all, and a retried batch finds
 * its markers and counts nothing twice. Timeline copies and latest-state items follow; both are
 * plain overwrites of deterministic keys, so repeating them is harmless.
 */
import { BatchWriteCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { TransactWriteItem } from '@aws-sdk/lib-dynamodb'
import type { VerdictRecord, WriteOutcome } from '../verdict-log.ts'
import { bucketEnd, expiryOf, heartbeatDeltas, latestKey, policiesOf, rollupDeltas, sourceKey, workloadDeltas, workloadKey } from '../verdict-log-rollup.ts'
import type { RollupDelta } from '../verdict-log-rollup.ts'
import { counterName, logKeys, rawShardOf, ROLLUP_SHARDS, ruleGroupOf, timelinePartition, timelinesOf } from './log-keys.ts'
import type { Db, Item } from './tx.ts'
import { StoreBusyError } from './tx.ts'

declare function setTimeout(callback: () => void, ms: number): unknown
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

const MAX_TRANSACT_ITEMS = 100
/** Counters per update expression: DynamoDB caps an expression at 4 KB (`#c123 :c123, ` is 13 characters). */
const MAX_COUNTERS_PER_ITEM = 250
const ATTEMPTS = 12
const RETRYABLE = new Set(['None', 'TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded'])

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

/** An update built from SET and ADD clauses with generated placeholders. */
function update(db: Db, key: { PK: string; SK: string }, set: Record<string, unknown>, add: Record<string, number>, ifAbsent: Record<string, unknown> = {}): TransactWriteItem {
  const names: Record<string, string> = {}
  const values: Record<string, unknown> = {}
  let i = 0
  const slot = (name: string, value: unknown) => {
    const n = `#a${i}`
    const v = `:a${i++}`
    names[n] = name
    values[v] = value
    return [n, v] as const
  }
  const sets = [
    ...Object.entries(set).map(([k, v]) => slot(k, v)).map(([n, v]) => `${n} = ${v}`),
    ...Object.entries(ifAbsent).map(([k, v]) => slot(k, v)).map(([n, v]) => `${n} = if_not_exists(${n}, ${v})`),
  ]
  const adds = Object.entries(add).map(([k, v]) => slot(k, v)).map(([n, v]) => `${n} ${v}`)
  const expression = [sets.length ? `SET ${sets.join(', ')}` : '', adds.length ? `ADD ${adds.join(', ')}` : ''].filter(Boolean).join(' ')
  return { Update: { TableName: db.table, Key: key, UpdateExpression: expression, ExpressionAttributeNames: names, ExpressionAttributeValues: values } }
}

/** One rollup cell's delta as updates of its group items (groups with too many counters split into parts). */
function rollupUpdates(db: Db, tenantId: string, shard: number, d: RollupDelta, retentionDays: number): TransactWriteItem[] {
  const groups = new Map<number, Array<[string, number]>>([[0, []]])
  for (const [rk, counts] of d.rules) {
    const [policy, rule] = rk.split('\u001f') as [string, string]
    const group = ruleGroupOf(policy, rule)
    const list = groups.get(group) ?? []
    for (const [status, n] of Object.entries(counts)) if (n > 0) list.push([counterName(policy, rule, status), n])
    groups.set(group, list)
  }
  const ttl = bucketEnd(d.bucket) + retentionDays * 86_400
  const out: TransactWriteItem[] = []
  for (const [group, counters] of groups) {
    for (let part = 0; part === 0 || part * MAX_COUNTERS_PER_ITEM < counters.length; part++) {
      const slice = counters.slice(part * MAX_COUNTERS_PER_ITEM, (part + 1) * MAX_COUNTERS_PER_ITEM)
      const add: Record<string, number> = Object.fromEntries(slice)
      // The request count lives once per cell, on group 0, part 0: every delta touches it.
      if (group === 0 && part === 0) add.n = d.requests
      if (Object.keys(add).length === 0) continue
      const key = logKeys.rollup(tenantId, d.granularity, shard, d.bucket, d.source, d.policySet, group)
      if (part > 0) key.SK += `.${part}`
      out.push(update(db, key, { ttl, type: 'rollup', bucket: d.bucket, src: d.source, set: d.policySet }, add))
    }
  }
  return out
}

/** Everything a chunk's transaction writes, markers first (their indexes name the records). */
function transactionOf(db: Db, tenantId: string, chunk: readonly VerdictRecord[], markers: readonly string[], retentionDays: number, shard: number): TransactWriteItem[] {
  const items: TransactWriteItem[] = chunk.map((r, i) => ({
    Put: {
      TableName: db.table,
      Item: { ...logKeys.marker(tenantId, sourceKey(r.source), markers[i] as string), type: 'vmarker', id: r.id, ttl: expiryOf(r.time, retentionDays) },
      ConditionExpression: 'attribute_not_exists(PK)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  }))
  for (const r of chunk) items.push({ Put: { TableName: db.table, Item: rawItem(r, timelinePartition(tenantId, { kind: 'all' }, rawShardOf(r.id)), retentionDays) } })
  for (const d of rollupDeltas(chunk)) items.push(...rollupUpdates(db, tenantId, shard, d, retentionDays))
  for (const h of heartbeatDeltas(chunk)) {
    const ttl = bucketEnd(h.day) + retentionDays * 86_400
    items.push(update(db, logKeys.heartbeat(tenantId, shard, h.day, h.clusterId), { ttl, type: 'heartbeat', cid: h.clusterId, day: h.day }, { n: h.requests }, { firstAt: h.firstAt, lastAt: h.lastAt }))
  }
  for (const w of workloadDeltas(chunk)) {
    const ttl = bucketEnd(w.day) + retentionDays * 86_400
    const key = { PK: logKeys.workloadPartition(tenantId, w.day), SK: workloadKey(w) }
    items.push(update(db, key, { ttl, type: 'workload', day: w.day, src: w.source, set: w.policySet, ns: w.namespace ?? '', kind: w.kind, name: w.name }, { fail: w.fail, warn: w.warn }))
  }
  return items
}

/**
 * A record's JSON, made once per record: the same text goes into its raw item (built again for
 * every chunk-size check and attempt), each timeline copy and its latest-state item. Records are
 * not changed once handed to the log, so the text cannot go stale.
 */
const jsonOf = new WeakMap<VerdictRecord, string>()
function recordJson(r: VerdictRecord): string {
  let json = jsonOf.get(r)
  if (json === undefined) jsonOf.set(r, (json = JSON.stringify(r)))
  return json
}

function rawItem(r: VerdictRecord, pk: string, retentionDays: number): Item {
  return { PK: pk, SK: r.id, type: 'verdict', ttl: expiryOf(r.time, retentionDays), rec: recordJson(r) }
}

/** Splits records into chunks whose transactions stay within DynamoDB's 100 items. */
function chunksOf(db: Db, tenantId: string, records: readonly VerdictRecord[], retentionDays: number): VerdictRecord[][] {
  const chunks: VerdictRecord[][] = []
  let current: VerdictRecord[] = []
  const size = (c: VerdictRecord[]) => transactionOf(db, tenantId, c, c.map(() => ''), retentionDays, 0).length
  for (const r of records) {
    if (size([r]) > MAX_TRANSACT_ITEMS) throw new Error(`verdict ${r.id} needs more than ${MAX_TRANSACT_ITEMS} items: its policy set is too large to roll up`)
    if (current.length > 0 && size([...current, r]) > MAX_TRANSACT_ITEMS) {
      chunks.push(current)
      current = []
    }
    current.push(r)
  }
  if (current.length > 0) chunks.push(current)
  return chunks
}

function cancellation(e: unknown): { codes: string[]; items: Array<Record<string, unknown> | undefined> } | null {
  if (!(e instanceof Error) || e.name !== 'TransactionCanceledException') return null
  const reasons = (e as { CancellationReasons?: Array<{ Code?: string; Item?: Record<string, unknown> }> }).CancellationReasons ?? []
  return { codes: reasons.map((r) => r.Code ?? 'None'), items: reasons.map((r) => r.Item) }
}

/** The `id` of a marker returned with a failed condition (raw AttributeValue or plain, whichever the client gives). */
function markerId(item: Record<string, unknown> | undefined): string | undefined {
  const v = item?.id
  if (typeof v === 'string') return v
  return typeof (v as { S?: unknown } | undefined)?.S === 'string' ? (v as { S: string }).S : undefined
}

/**
 * Commits one chunk; returns the records now stored (whether by this call or an earlier attempt of
 * the same write) and how many were duplicates of other records' uids.
 */
async function commitChunk(db: Db, tenantId: string, input: VerdictRecord[], retentionDays: number): Promise<{ stored: VerdictRecord[]; fresh: number; duplicates: number }> {
  let chunk = input
  let markers = await Promise.all(chunk.map((r) => sha256Hex(r.uid)))
  const stored: VerdictRecord[] = []
  let duplicates = 0
  let shard = 0
  for (let attempt = 0; chunk.length > 0; attempt++) {
    if (attempt >= ATTEMPTS) throw new StoreBusyError(`verdict log: gave up after ${ATTEMPTS} attempts on contended rollups`)
    try {
      await db.client.send(new TransactWriteCommand({ TransactItems: transactionOf(db, tenantId, chunk, markers, retentionDays, shard) }))
      await widenHeartbeats(db, tenantId, shard, chunk)
      return { stored: [...stored, ...chunk], fresh: chunk.length, duplicates }
    } catch (e) {
      const c = cancellation(e)
      if (!c) throw e
      const taken = chunk.map((_, i) => c.codes[i] === 'ConditionalCheckFailed')
      if (taken.some(Boolean)) {
        // A marker exists: our own earlier attempt (same record id) or another record with this uid.
        chunk.forEach((r, i) => {
          if (!taken[i]) return
          if (markerId(c.items[i]) === r.id) stored.push(r)
          else duplicates++
        })
        markers = markers.filter((_, i) => !taken[i])
        chunk = chunk.filter((_, i) => !taken[i])
        continue
      }
      if (!c.codes.every((code) => RETRYABLE.has(code))) throw e
      // Another writer holds a counter item: retry on a random other shard, after a jittered pause.
      shard = 1 + Math.floor(Math.random() * (ROLLUP_SHARDS - 1))
      await sleep(Math.random() * Math.min(200, 5 * 2 ** attempt))
    }
  }
  return { stored, fresh: 0, duplicates }
}

/**
 * A heartbeat's `firstAt`/`lastAt` are a min and a max over its requests. Concurrent writers commit
 * in any order, so the transaction only initialises them; these conditional updates then move each
 * bound outward if this chunk extends it. Min and max are idempotent: a retry needs no marker.
 */
async function widenHeartbeats(db: Db, tenantId: string, shard: number, chunk: readonly VerdictRecord[]): Promise<void> {
  const widen = async (key: { PK: string; SK: string }, attr: 'firstAt' | 'lastAt', value: string) => {
    try {
      await db.client.send(
        new UpdateCommand({
          TableName: db.table,
          Key: key,
          UpdateExpression: 'SET #a = :v',
          ConditionExpression: attr === 'firstAt' ? '#a > :v' : '#a < :v',
          ExpressionAttributeNames: { '#a': attr },
          ExpressionAttributeValues: { ':v': value },
        }),
      )
    } catch (e) {
      if (!(e instanceof Error && e.name === 'ConditionalCheckFailedException')) throw e
    }
  }
  await Promise.all(
    heartbeatDeltas(chunk).flatMap((h) => {
      const key = logKeys.heartbeat(tenantId, shard, h.day, h.clusterId)
      return [widen(key, 'firstAt', h.firstAt), widen(key, 'lastAt', h.lastAt)]
    }),
  )
}

/** Puts items in batches of 25, retrying what DynamoDB leaves unprocessed. */
async function batchPut(db: Db, items: Item[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }))
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt >= 6) throw new StoreBusyError('verdict log: timeline copies left unprocessed')
      const out = await db.client.send(new BatchWriteCommand({ RequestItems: { [db.table]: requests } }))
      requests = (out.UnprocessedItems?.[db.table] ?? []).flatMap((r) => (r.PutRequest?.Item ? [{ PutRequest: { Item: r.PutRequest.Item as Item } }] : []))
      if (requests.length > 0) await sleep(25 * 2 ** attempt)
    }
  }
}

/** Keeps the newest record per resource: the put only wins over an older id (or nothing). */
async function putLatest(db: Db, tenantId: string, r: VerdictRecord, key: string, retentionDays: number): Promise<void> {
  if (r.source.type !== 'cluster') return
  const item: Item = { PK: logKeys.latestPartition(tenantId, r.source.clusterId), SK: key, type: 'vlatest', id: r.id, ttl: expiryOf(r.time, retentionDays) }
  // A DELETE leaves a tombstone, so an older CREATE arriving late cannot bring the resource back.
  if (r.operation !== 'DELETE') item.rec = recordJson(r)
  try {
    await db.client.send(
      new PutCommand({ TableName: db.table, Item: item, ConditionExpression: 'attribute_not_exists(PK) OR #id < :id', ExpressionAttributeNames: { '#id': 'id' }, ExpressionAttributeValues: { ':id': r.id } }),
    )
  } catch (e) {
    if (!(e instanceof Error && e.name === 'ConditionalCheckFailedException')) throw e
  }
}

/** Writes a batch (records already validated and unique per uid). */
export async function writeBatch(db: Db, tenantId: string, records: VerdictRecord[], retentionDays: number): Promise<WriteOutcome> {
  let written = 0
  let duplicates = 0
  const stored: VerdictRecord[] = []
  for (const chunk of chunksOf(db, tenantId, records, retentionDays)) {
    const out = await commitChunk(db, tenantId, chunk, retentionDays)
    written += out.fresh
    duplicates += out.duplicates
    stored.push(...out.stored)
  }
  const copies = stored.flatMap((r) =>
    timelinesOf(policiesOf(r), r.source)
      .filter((t) => t.kind !== 'all')
      .map((t) => rawItem(r, timelinePartition(tenantId, t, rawShardOf(r.id)), retentionDays)),
  )
  await batchPut(db, copies)
  await Promise.all(stored.flatMap((r) => {
    const key = latestKey(r)
    return key === null ? [] : [putLatest(db, tenantId, r, key, retentionDays)]
  }))
  return { written, duplicates }
}
