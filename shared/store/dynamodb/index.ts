/**
 * @module store/dynamodb — the DynamoDB adapter of every storage port: the system of record on
 * every runtime (Lambda, Workers through the AWS SDK's fetch handler, Node). One table, described
 * in `table.ts`; conditional TransactWriteItems for every mutation.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { Stores } from '../ports.ts'
import { dynamoAudit, dynamoClusters } from './clusters.ts'
import { dynamoKeys, dynamoTenants } from './keys.ts'
import { dynamoPolicySets } from './policy-sets.ts'
import { dynamoNamespaces } from './namespaces.ts'

export { attributes, keys, tableDefinition, timeToLive } from './table.ts'
export { StoreBusyError } from './tx.ts'
export { createDynamoVerdictLog, type DynamoVerdictLogOptions } from './log.ts'

/** Options of {@link createDynamoStores}. */
export type DynamoStoresOptions = {
  /** A configured client (region, credentials, endpoint); a plain client is wrapped in a document client. */
  client: DynamoDBDocumentClient | DynamoDBClient
  /** The table created from `tableDefinition`. */
  tableName: string
}

/**
 * Every store, backed by one DynamoDB table. Reads no environment: the entry point builds the
 * client and passes the table name.
 *
 * @example
 * const client = new DynamoDBClient({ region: 'eu-west-1' })
 * const stores = createDynamoStores({ client, tableName: 'verdict' })
 */
export function createDynamoStores(options: DynamoStoresOptions): Stores {
  const client =
    options.client instanceof DynamoDBDocumentClient
      ? options.client
      : DynamoDBDocumentClient.from(options.client, { marshallOptions: { removeUndefinedValues: true } })
  const db = { client, table: options.tableName }
  return {
    tenants: dynamoTenants(db),
    keys: dynamoKeys(db),
    policySets: dynamoPolicySets(db),
    clusters: dynamoClusters(db),
    audit: dynamoAudit(db),
    namespaces: dynamoNamespaces(db),
  }
}
