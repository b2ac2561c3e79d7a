/**
 * The tests' DynamoDB Local: the launcher `npm start` uses (functions/local/dynamodb-local.ts),
 * in memory, plus a helper that creates a fresh table from `table.ts` exactly as infra does.
 */
import { startDynamoDBLocal as launch, localClient } from '../../functions/local/dynamodb-local.ts'
import type { DynamoDBLocalProcess } from '../../functions/local/dynamodb-local.ts'
import { createTable } from '../../functions/local/table.ts'

export { localClient }

export type DynamoDBLocal = DynamoDBLocalProcess & {
  /** Creates a fresh table from `tableDefinition` (with TTL enabled) and returns its name. */
  createTable(name?: string): Promise<string>
}

/** Starts an in-memory DynamoDB Local; rejects with a clear message when java is missing. */
export async function startDynamoDBLocal(): Promise<DynamoDBLocal> {
  const local = await launch()
  let tables = 0
  return {
    ...local,
    async createTable(name = `verdict-${++tables}`) {
      await createTable(local.client, name)
      return name
    },
  }
}
