/**
 * The HTTP contract against the DynamoDB adapter, through the real AWS SDK against DynamoDB Local
 * (the harness the store contract uses). Every harness gets a fresh table, so tests never see each
 * other's data.
 */
import { createDynamoStores } from '../../shared/store/dynamodb/index.ts'
import { createDynamoVerdictLog } from '../../shared/store/dynamodb/log.ts'
import { useDynamoDBLocal } from '../stores/dynamodb-local.ts'
import { runHttpContract } from './contract.ts'

const running = useDynamoDBLocal()

runHttpContract({
  name: 'dynamodb',
  createStores: async () => {
    const local = running()
    return createDynamoStores({ client: local.client, tableName: await local.createTable() })
  },
  createLog: async () => {
    const local = running()
    return createDynamoVerdictLog({ client: local.client, tableName: await local.createTable() })
  },
})
