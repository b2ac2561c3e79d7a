/**
 * The store contract against the DynamoDB adapter, through the real AWS SDK against AWS's
 * DynamoDB Local (started here, in memory; dynalite lacks transactions and TTL). Each test gets a
 * fresh table created from `table.ts`, exactly as infra creates the real one.
 */
import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb'
import { describe, expect, it } from 'vitest'
import { createDynamoStores } from '../../shared/store/dynamodb/index.ts'
import { runStoreContract } from './contract.ts'
import { useDynamoDBLocal } from './dynamodb-local.ts'

const running = useDynamoDBLocal()

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
