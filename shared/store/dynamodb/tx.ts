/**
 * The adapter's two I/O patterns: optimistic transactions (read → decide → conditional
 * TransactWriteItems → on a lost race, read again) and paged queries with exact cursors.
 */
import type { TransactionCanceledException } from '@aws-sdk/client-dynamodb'
import { BatchWriteCommand, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import type { DynamoDBDocumentClient, TransactWriteItem } from '@aws-sdk/lib-dynamodb'
import { ok } from '../../lib/result.ts'
import type { Result } from '../../lib/result.ts'
import type { Page, PageRequest } from '../ports.ts'
import { pageLimit } from '../rules.ts'
import type { Key } from './table.ts'

// Workers and Node both have a global setTimeout; declared here so the store does not depend on
// which runtime lib a tsconfig pulls in.
declare function setTimeout(callback: () => void, ms: number): unknown

/** A stored item as the document client returns it. */
export type Item = Record<string, unknown>

/** The table and client every store function works with. */
export type Db = { client: DynamoDBDocumentClient; table: string }

/** What one optimistic attempt decided: a final result, or a transaction to try. */
export type Step<T, E> =
  | Result<T, E>
  | {
      write: TransactWriteItem[]
      value: T
      /**
       * Given the cancellation reason code of each item, a failure that needs no re-read (e.g. a
       * create's `attribute_not_exists` → `exists`); `undefined` re-runs the step on fresh reads.
       */
      failed?: (codes: string[]) => E | undefined
    }

/** Thrown when writers keep racing past {@link optimistic}'s attempts: an outage, not a conflict. */
export class StoreBusyError extends Error {
  override readonly name = 'StoreBusyError'
}

/** By the SDK's typed error name rather than `instanceof`, which fails across duplicated SDK copies in a bundle. */
function isCancellation(e: unknown): e is TransactionCanceledException {
  return e instanceof Error && e.name === 'TransactionCanceledException'
}

const RETRYABLE = new Set(['None', 'ConditionalCheckFailed', 'TransactionConflict'])
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Runs `step` until its transaction commits or it returns a result. A cancelled transaction means
 * another writer changed what the step read, so the step runs again on fresh reads and decides
 * anew (which is how a stale ETag becomes `conflict` and a lost race between different policies
 * of one set becomes a retry).
 */
export async function optimistic<T, E>(db: Db, step: () => Promise<Step<T, E>>, attempts = 30): Promise<Result<T, E>> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const s = await step()
    if ('ok' in s) return s
    try {
      await db.client.send(new TransactWriteCommand({ TransactItems: s.write }))
      return ok(s.value)
    } catch (e) {
      if (!isCancellation(e)) throw e
      const codes = (e.CancellationReasons ?? []).map((r) => r.Code ?? 'None')
      if (!codes.every((c) => RETRYABLE.has(c))) throw e
      const final = codes.includes('TransactionConflict') ? undefined : s.failed?.(codes)
      if (final !== undefined) return { ok: false, error: final }
      // Full jitter: spreads the losers of a race so they do not collide again in lockstep.
      await sleep(Math.random() * Math.min(200, 5 * 2 ** attempt))
    }
  }
  throw new StoreBusyError(`gave up after ${attempts} attempts: too many concurrent writers`)
}

/** A conditional Put (`rev` is the optimistic-lock attribute of mutable items). */
export function put(db: Db, item: Item, condition: { absent: true } | { rev: number } | null): TransactWriteItem {
  if (condition === null) return { Put: { TableName: db.table, Item: item } }
  if ('absent' in condition) return { Put: { TableName: db.table, Item: item, ConditionExpression: 'attribute_not_exists(PK)' } }
  return {
    Put: { TableName: db.table, Item: item, ConditionExpression: '#rev = :rev', ExpressionAttributeNames: { '#rev': 'rev' }, ExpressionAttributeValues: { ':rev': condition.rev } },
  }
}

/** Strongly consistent GetItem. */
export async function get(db: Db, key: Key): Promise<Item | undefined> {
  const out = await db.client.send(new GetCommand({ TableName: db.table, Key: key, ConsistentRead: true }))
  return out.Item
}

/**
 * One page of a partition, optionally restricted to an SK prefix. Asks for one item more than the
 * page so the cursor is `null` exactly when nothing follows (the memory adapter's contract).
 */
export async function queryPage(
  db: Db,
  pk: string,
  prefix: string,
  page: PageRequest | undefined,
  order: 'asc' | 'desc',
): Promise<Page<Item>> {
  const limit = pageLimit(page)
  const items: Item[] = []
  let start: Item | undefined = page?.cursor === undefined ? undefined : { PK: pk, SK: prefix + page.cursor }
  do {
    const out = await db.client.send(
      new QueryCommand({
        TableName: db.table,
        KeyConditionExpression: prefix === '' ? 'PK = :pk' : 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: prefix === '' ? { ':pk': pk } : { ':pk': pk, ':prefix': prefix },
        ExclusiveStartKey: start,
        Limit: limit + 1 - items.length,
        ScanIndexForward: order === 'asc',
        ConsistentRead: true,
      }),
    )
    items.push(...(out.Items ?? []))
    start = out.LastEvaluatedKey
  } while (start !== undefined && items.length <= limit)
  const pageItems = items.slice(0, limit)
  const last = pageItems[pageItems.length - 1]
  return { items: pageItems, cursor: items.length > limit && last ? String(last.SK).slice(prefix.length) : null }
}

/** Every item of a partition under an SK prefix (bounded partitions only). */
export async function queryAll(db: Db, pk: string, prefix: string): Promise<Item[]> {
  const all: Item[] = []
  let cursor: string | undefined
  do {
    const page = await queryPage(db, pk, prefix, cursor === undefined ? { limit: 100 } : { limit: 100, cursor }, 'asc')
    all.push(...page.items)
    cursor = page.cursor ?? undefined
  } while (cursor !== undefined)
  return all
}

/** Deletes items in batches of 25, retrying what DynamoDB reports unprocessed a few times. */
export async function deleteAll(db: Db, itemKeys: Key[]): Promise<void> {
  for (let i = 0; i < itemKeys.length; i += 25) {
    let requests = itemKeys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }))
    for (let attempt = 0; requests.length > 0 && attempt < 5; attempt++) {
      const out = await db.client.send(new BatchWriteCommand({ RequestItems: { [db.table]: requests } }))
      requests = (out.UnprocessedItems?.[db.table] ?? []).flatMap((r) => (r.DeleteRequest?.Key ? [{ DeleteRequest: { Key: r.DeleteRequest.Key as Key } }] : []))
      if (requests.length > 0) await sleep(50 * (attempt + 1))
    }
  }
}
