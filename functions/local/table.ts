/**
 * @module functions/local/table — creates the store's table from `table.ts` when it is missing, so
 * a fresh data directory (or a fresh DynamoDB Local in a test) holds exactly what infra creates.
 */
import { CreateTableCommand, DescribeTableCommand, UpdateTimeToLiveCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { tableDefinition, timeToLive } from '../../shared/store/dynamodb/table.ts'

/** Creates the table from {@link tableDefinition} and enables TTL on it. */
export async function createTable(client: DynamoDBClient, name: string): Promise<void> {
  await client.send(new CreateTableCommand({ ...tableDefinition, TableName: name }))
  // Real DynamoDB refuses UpdateTimeToLive while the table is CREATING; Local is ACTIVE at once.
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1 }, { TableName: name })
  await client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: timeToLive }))
}

/** Creates the table unless it exists; says which happened. */
export async function ensureTable(client: DynamoDBClient, name: string): Promise<'created' | 'existed'> {
  try {
    await client.send(new DescribeTableCommand({ TableName: name }))
    return 'existed'
  } catch (e) {
    // By name, not instanceof: the error class may come from another copy of the SDK.
    if (!(e instanceof Error && e.name === 'ResourceNotFoundException')) throw e
  }
  await createTable(client, name)
  return 'created'
}
