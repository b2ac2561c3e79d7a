/**
 * The tests' DynamoDB Local: the launcher `npm start` uses (functions/local/dynamodb-local.ts),
 * in memory, plus a helper that creates a fresh table from `table.ts` exactly as infra does.
 */
import { startDynamoDBLocal as launch, localClient } from '../../functions/local/dynamodb-local.ts'
import type { DynamoDBLocalProcess } from '../../functions/local/dynamodb-local.ts'
import { afterAll, beforeAll } from 'vitest'
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

/**
 * One DynamoDB Local for the calling test file: started before its tests, stopped after them.
 * The returned accessor throws when a test runs without it (e.g. java missing made beforeAll fail).
 */
export function useDynamoDBLocal(): () => DynamoDBLocal {
  let local: DynamoDBLocal | undefined
  beforeAll(async () => {
    local = await startDynamoDBLocal()
  }, 40_000)
  afterAll(async () => {
    await local?.stop()
  })
  return () => {
    if (!local) throw new Error('DynamoDB Local is not running (see beforeAll)')
    return local
  }
}
