/**
 * DynamoDB adapter: per-cluster namespace labels, one item per namespace in a partition of the
 * cluster's own:
 *
 * | item            | PK                              | SK            |
 * |-----------------|---------------------------------|---------------|
 * | namespace entry | `T#<tenantId>#NS#<clusterId>`   | `NS#<name>`   |
 *
 * One item per namespace, not one per cluster: 10,000 namespaces with a few labels each are
 * around 1 MB, past the 400 KB item limit, and an admission lookup then reads one small item
 * (a GetItem) whatever the cluster's size. A sync reads the partition once and writes only the
 * entries that differ, in one transaction when few do (the usual re-sync), in batches otherwise.
 */
import { BatchWriteCommand, DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import type { TransactWriteItem } from '@aws-sdk/lib-dynamodb'
import { err, ok } from '../../lib/result.ts'
import { NamespaceEntry, NamespaceInput, namespaceLimits, NamespaceName, sameLabels, syncInput } from '../namespaces.ts'
import type { NamespaceLabels, NamespaceStore, SyncOutcome } from '../namespaces.ts'
import type { MutationContext } from '../schemas.ts'
import { auditEntry, isId } from '../rules.ts'
import { auditWrite, toItem } from './codec.ts'
import { keys } from './table.ts'
import type { Key } from './table.ts'
import { get, optimistic, queryPage } from './tx.ts'
import type { Db, Item } from './tx.ts'

declare function setTimeout(callback: () => void, ms: number): unknown

const PREFIX = 'NS#'

export const namespaceKeys = {
  partition: (tenantId: string, clusterId: string): string => `T#${tenantId}#NS#${clusterId}`,
  entry: (tenantId: string, clusterId: string, name: string): Key => ({ PK: namespaceKeys.partition(tenantId, clusterId), SK: `${PREFIX}${name}` }),
} as const

type Change = { put: NamespaceEntry } | { delete: string }

/** Every entry of the cluster's partition, in full pages (a sync compares against all of them). */
async function readAll(db: Db, pk: string): Promise<Map<string, NamespaceEntry>> {
  const out = new Map<string, NamespaceEntry>()
  let start: Item | undefined
  do {
    const page = await db.client.send(
      new QueryCommand({ TableName: db.table, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)', ExpressionAttributeValues: { ':pk': pk, ':p': PREFIX }, ExclusiveStartKey: start, ConsistentRead: true }),
    )
    for (const item of page.Items ?? []) {
      const entry = NamespaceEntry.parse(item)
      out.set(entry.name, entry)
    }
    start = page.LastEvaluatedKey
  } while (start !== undefined)
  return out
}

/** Puts and deletes in batches of 25, retrying what DynamoDB leaves unprocessed; throws if some never go through. */
async function batchWrite(db: Db, requests: Array<{ PutRequest: { Item: Item } } | { DeleteRequest: { Key: Key } }>): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let pending: unknown[] = requests.slice(i, i + 25)
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt === 8) throw new Error(`namespace sync: ${pending.length} writes still unprocessed after ${attempt} attempts`)
      const out = await db.client.send(new BatchWriteCommand({ RequestItems: { [db.table]: pending as never } }))
      pending = out.UnprocessedItems?.[db.table] ?? []
      if (pending.length > 0) await new Promise<void>((resolve) => setTimeout(resolve, 25 * 2 ** attempt))
    }
  }
}

/** {@link NamespaceStore} over the table. */
export function dynamoNamespaces(db: Db): NamespaceStore {
  const entryItem = (tenantId: string, clusterId: string, e: NamespaceEntry): Item => toItem(namespaceKeys.entry(tenantId, clusterId, e.name), 'namespace', e)
  const clusterExists = async (tenantId: string, clusterId: string) => isId(clusterId) && (await get(db, keys.cluster(tenantId, clusterId))) !== undefined

  /** What must change for the stored entries to become `wanted`. */
  const diff = (current: Map<string, NamespaceEntry>, wanted: Map<string, NamespaceLabels>, at: string): Change[] => {
    const changes: Change[] = []
    for (const name of current.keys()) if (!wanted.has(name)) changes.push({ delete: name })
    for (const [name, labels] of wanted) {
      const had = current.get(name)
      if (!had || !sameLabels(had.labels, labels)) changes.push({ put: { name, labels, source: 'sync', updatedAt: at } })
    }
    return changes
  }
  const outcome = (wanted: Map<string, NamespaceLabels>, changes: Change[]): SyncOutcome => {
    const removed = changes.filter((c) => 'delete' in c).length
    return { count: wanted.size, written: changes.length - removed, removed }
  }
  const audit = (tenantId: string, clusterId: string, ctx: MutationContext, o: SyncOutcome) =>
    auditEntry(tenantId, ctx, 'cluster.namespaces.sync', `clusters/${clusterId}/namespaces`, o)

  return {
    async get(tenantId, clusterId, name) {
      if (!isId(clusterId) || !NamespaceName.safeParse(name).success) return err('notFound')
      const item = await get(db, namespaceKeys.entry(tenantId, clusterId, name))
      return item ? ok(NamespaceEntry.parse(item)) : err('notFound')
    },
    async list(tenantId, clusterId, page) {
      if (!(await clusterExists(tenantId, clusterId))) return err('notFound')
      const out = await queryPage(db, namespaceKeys.partition(tenantId, clusterId), PREFIX, page, 'asc')
      return ok({ items: out.items.map((i) => NamespaceEntry.parse(i)), cursor: out.cursor })
    },
    async replace(tenantId, clusterId, namespaces, ctx) {
      const wanted = syncInput(namespaces)
      if (!isId(clusterId)) return err('notFound')
      const pk = namespaceKeys.partition(tenantId, clusterId)
      const small = await optimistic<{ large: Change[] } | { done: SyncOutcome }, 'notFound'>(db, async () => {
        if (!(await clusterExists(tenantId, clusterId))) return err('notFound')
        const changes = diff(await readAll(db, pk), wanted, ctx.at)
        if (changes.length > namespaceLimits.atomicChanges) return ok({ large: changes })
        const o = outcome(wanted, changes)
        const writes: TransactWriteItem[] = changes.map((c) =>
          'put' in c ? { Put: { TableName: db.table, Item: entryItem(tenantId, clusterId, c.put) } } : { Delete: { TableName: db.table, Key: namespaceKeys.entry(tenantId, clusterId, c.delete) } },
        )
        // The cluster must still exist when the entries land, so a sync never outlives its cluster's delete.
        const check: TransactWriteItem = { ConditionCheck: { TableName: db.table, Key: keys.cluster(tenantId, clusterId), ConditionExpression: 'attribute_exists(PK)' } }
        return {
          write: [check, ...writes, auditWrite(db, audit(tenantId, clusterId, ctx, o))],
          value: { done: o },
          failed: (codes) => (codes[0] === 'ConditionalCheckFailed' ? 'notFound' : undefined),
        }
      })
      if (!small.ok) return small
      if ('done' in small.value) return ok(small.value.done)
      // Too many changes for one transaction: entry by entry, then the audit entry.
      const changes = small.value.large
      await batchWrite(
        db,
        changes.map((c) => ('put' in c ? { PutRequest: { Item: entryItem(tenantId, clusterId, c.put) } } : { DeleteRequest: { Key: namespaceKeys.entry(tenantId, clusterId, c.delete) } })),
      )
      const o = outcome(wanted, changes)
      const entry = audit(tenantId, clusterId, ctx, o)
      await db.client.send(new PutCommand({ TableName: db.table, Item: toItem(keys.audit(tenantId, entry.id), 'audit', entry) }))
      return ok(o)
    },
    async record(tenantId, clusterId, namespace, at) {
      const ns = NamespaceInput.parse(namespace)
      await db.client.send(new PutCommand({ TableName: db.table, Item: entryItem(tenantId, clusterId, { name: ns.name, labels: ns.labels, source: 'admission', updatedAt: at }) }))
    },
    async forget(tenantId, clusterId, name) {
      await db.client.send(new DeleteCommand({ TableName: db.table, Key: namespaceKeys.entry(tenantId, clusterId, name) }))
    },
  }
}
