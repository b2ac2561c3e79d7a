/**
 * The store contract against the DynamoDB adapter, through the real AWS SDK against AWS's
 * DynamoDB Local (started here, in memory; dynalite lacks transactions and TTL). Each test gets a
 * fresh table created from `table.ts`, exactly as infra creates the real one.
 */
import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDynamoStores } from '../../shared/store/dynamodb/index.ts'
import { runStoreContract } from './contract.ts'
import { startDynamoDBLocal } from './dynamodb-local.ts'
import type { DynamoDBLocal } from './dynamodb-local.ts'

let local: DynamoDBLocal | undefined

beforeAll(async () => {
  local = await startDynamoDBLocal()
}, 40_000)

afterAll(async () => {
  await local?.stop()
})

function running(): DynamoDBLocal {
  if (!local) throw new Error('DynamoDB Local is not running (see beforeAll)')
  return local
}

runStoreContract({
  name: 'dynamodb',
  create: async () => {
    const ddb = running()
    return createDynamoStores({ client: ddb.client, tableName: await ddb.createTable() })
  },
})

describe('dynamodb table definition', () => {
  it('creates the table infra will create: PK/SK, on demand, TTL on `ttl`', async () => {
    const ddb = running()
    const name = await ddb.createTable('verdict-definition')
    const { Table } = await ddb.client.send(new DescribeTableCommand({ TableName: name }))
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ])
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST')
    const ttl = await ddb.client.send(new DescribeTimeToLiveCommand({ TableName: name }))
    expect(ttl.TimeToLiveDescription).toMatchObject({ AttributeName: 'ttl', TimeToLiveStatus: 'ENABLED' })
  })
})
