/**
 * The verdict log on DynamoDB, in the same table as every other store (layout: `log-keys.ts`).
 * Workers KV is the wrong place for it: one write per second per key and up to a minute to
 * propagate suit immutable policy snapshots, not an append-heavy log read back at once.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { DEFAULT_RETENTION_DAYS, RetentionDays, VerdictRecord } from '../verdict-log.ts'
import type { LogSettings, VerdictLog } from '../verdict-log.ts'
import { uniqueByUid } from '../verdict-log-rollup.ts'
import { newToken } from '../rules.ts'
import { logKeys } from './log-keys.ts'
import { listPage, readHeartbeats, readLatest, readRollups, readWorkloads } from './log-read.ts'
import { writeBatch } from './log-write.ts'
import { get } from './tx.ts'
import type { Db } from './tx.ts'

export type DynamoVerdictLogOptions = {
  /** A configured client; a plain client is wrapped in a document client. */
  client: DynamoDBDocumentClient | DynamoDBClient
  /** The table created from `tableDefinition` (the stores' table). */
  tableName: string
}

function settingsOf(item: Record<string, unknown>): LogSettings {
  return { retentionDays: RetentionDays.parse(item.retentionDays), cursorKey: String(item.cursorKey) }
}

/**
 * The verdict log over the stores' table.
 *
 * @example
 * const log = createDynamoVerdictLog({ client: new DynamoDBClient({}), tableName: 'verdict' })
 */
export function createDynamoVerdictLog(options: DynamoVerdictLogOptions): VerdictLog {
  const client =
    options.client instanceof DynamoDBDocumentClient
      ? options.client
      : DynamoDBDocumentClient.from(options.client, { marshallOptions: { removeUndefinedValues: true } })
  const db: Db = { client, table: options.tableName }

  const settings = async (tenantId: string): Promise<LogSettings> => {
    const found = await get(db, logKeys.settings(tenantId))
    if (found) return settingsOf(found)
    const fresh = { ...logKeys.settings(tenantId), type: 'logsettings', retentionDays: DEFAULT_RETENTION_DAYS, cursorKey: newToken() + newToken() }
    try {
      await db.client.send(new PutCommand({ TableName: db.table, Item: fresh, ConditionExpression: 'attribute_not_exists(PK)' }))
      return settingsOf(fresh)
    } catch (e) {
      if (!(e instanceof Error && e.name === 'ConditionalCheckFailedException')) throw e
      // Another instance created them first: theirs are the settings (and the cursor key) everyone uses.
      const winner = await get(db, logKeys.settings(tenantId))
      if (!winner) throw e
      return settingsOf(winner)
    }
  }

  return {
    write: (tenantId, records, { retentionDays }) => writeBatch(db, tenantId, uniqueByUid(records.map((r) => VerdictRecord.parse(r))), RetentionDays.parse(retentionDays)),
    list: (tenantId, query) => listPage(db, tenantId, query),
    rollups: (tenantId, query) => readRollups(db, tenantId, query),
    workloads: (tenantId, query) => readWorkloads(db, tenantId, query),
    heartbeats: (tenantId, query) => readHeartbeats(db, tenantId, query),
    latest: (tenantId, clusterId, query) => readLatest(db, tenantId, clusterId, query),
    settings,
    async updateSettings(tenantId, patch) {
      const retentionDays = RetentionDays.parse(patch.retentionDays)
      await settings(tenantId)
      const out = await db.client.send(
        new UpdateCommand({
          TableName: db.table,
          Key: logKeys.settings(tenantId),
          UpdateExpression: 'SET #d = :d',
          ExpressionAttributeNames: { '#d': 'retentionDays' },
          ExpressionAttributeValues: { ':d': retentionDays },
          ReturnValues: 'ALL_NEW',
        }),
      )
      return settingsOf(out.Attributes ?? {})
    },
  }
}
