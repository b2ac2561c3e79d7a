/**
 * The HTTP contract against the DynamoDB adapter, through the real AWS SDK against DynamoDB Local
 * (the harness the store contract uses). Every harness gets a fresh table, so tests never see each
 * other's data.
 */
import { afterAll, beforeAll } from 'vitest'
import { createDynamoStores } from '../../shared/store/dynamodb/index.ts'
import { createDynamoVerdictLog } from '../../shared/store/dynamodb/log.ts'
import { startDynamoDBLocal, type DynamoDBLocal } from '../stores/dynamodb-local.ts'
import { runHttpContract } from './contract.ts'

let local: DynamoDBLocal | undefined

beforeAll(async () => {
  local = await startDynamoDBLocal()
}, 40_000)

afterAll(async () => {
  await local?.stop()
})

runHttpContract({
  name: 'dynamodb',
  createStores: async () => {
    if (!local) throw new Error('DynamoDB Local is not running (see beforeAll)')
    return createDynamoStores({ client: local.client, tableName: await local.createTable() })
  },
  createLog: async () => {
    if (!local) throw new Error('DynamoDB Local is not running (see beforeAll)')
    return createDynamoVerdictLog({ client: local.client, tableName: await local.createTable() })
  },
})
