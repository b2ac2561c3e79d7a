/**
 * The verdict-log contract against the DynamoDB adapter, through the real AWS SDK against DynamoDB
 * Local, on a table created from `table.ts` exactly as infra creates it (the stores' own table:
 * the log shares it).
 */
import { afterAll, beforeAll } from 'vitest'
import { createDynamoVerdictLog } from '../../shared/store/dynamodb/log.ts'
import { runLogContract } from './log-contract.ts'
import { startDynamoDBLocal, type DynamoDBLocal } from './dynamodb-local.ts'

let local: DynamoDBLocal | undefined

beforeAll(async () => {
  local = await startDynamoDBLocal()
}, 40_000)

afterAll(async () => {
  await local?.stop()
})

runLogContract({
  name: 'dynamodb',
  create: async () => {
    if (!local) throw new Error('DynamoDB Local is not running (see beforeAll)')
    return createDynamoVerdictLog({ client: local.client, tableName: await local.createTable() })
  },
  runs: 25,
})
