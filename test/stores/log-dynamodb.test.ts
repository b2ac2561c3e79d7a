/**
 * The verdict-log contract against the DynamoDB adapter, through the real AWS SDK against DynamoDB
 * Local, on a table created from `table.ts` exactly as infra creates it (the stores' own table:
 * the log shares it).
 */
import { createDynamoVerdictLog } from '../../shared/store/dynamodb/log.ts'
import { runLogContract } from './log-contract.ts'
import { useDynamoDBLocal } from './dynamodb-local.ts'

const running = useDynamoDBLocal()

runLogContract({
  name: 'dynamodb',
  create: async () => {
    const local = running()
    return createDynamoVerdictLog({ client: local.client, tableName: await local.createTable() })
  },
  runs: 25,
})
