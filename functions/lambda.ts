/**
 * @module functions/lambda — AWS Lambda behind an API Gateway HTTP API (payload 2.0), on the
 * DynamoDB store. Environment: `VERDICT_TABLE` (required), `VERDICT_ROOT_TOKEN_HASH` (hex SHA-256
 * of the operator token; without it tenant creation is refused), `VERDICT_PUBLIC_URL` (default:
 * the request's origin). Region, credentials and endpoint come from the SDK's own chain (the
 * Lambda role; `AWS_ENDPOINT_URL_DYNAMODB` in tests), so nothing here branches on where it runs.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { handle } from 'hono/aws-lambda'
import { createApp } from '../shared/api/app.ts'
import { createDynamoStores, createDynamoVerdictLog } from '../shared/store/dynamodb/index.ts'

/** Misconfiguration fails the cold start with the variable's name, not the first request. */
function setting(name: string, pattern?: RegExp): string | undefined {
  const value = process.env[name] || undefined
  if (value !== undefined && pattern && !pattern.test(value)) throw new Error(`${name} must match ${pattern}`)
  return value
}

const tableName = setting('VERDICT_TABLE')
if (!tableName) throw new Error('VERDICT_TABLE is not set: the name of the DynamoDB table created from infra/dynamodb-table.json')

// Module scope runs once per container: one client, and its kept-alive connections, serve every invocation.
const client = new DynamoDBClient({})

// Lambda freezes the container once the handler returns: work queued for after the response (the
// verdict log) gets up to 300 ms more, then resumes at the next thaw (or is lost with the container).
const pending = new Set<Promise<unknown>>()
const waitUntil = (work: Promise<unknown>): void => {
  const tracked: Promise<unknown> = work
    .catch((e: unknown) => console.error(JSON.stringify({ level: 'error', message: `background work failed: ${String(e)}` })))
    .finally(() => pending.delete(tracked))
  pending.add(tracked)
}

const app = createApp({
  stores: createDynamoStores({ client, tableName }),
  verdictLog: createDynamoVerdictLog({ client, tableName }),
  rootTokenHash: setting('VERDICT_ROOT_TOKEN_HASH', /^[0-9a-f]{64}$/),
  publicUrl: setting('VERDICT_PUBLIC_URL', /^https?:\/\//),
  waitUntil,
})
const serve = handle(app)

/** The Lambda entry point (`dist/lambda/index.handler` once bundled by `npm run build:lambda`). */
export const handler: typeof serve = async (event, context) => {
  const response = await serve(event, context)
  await Promise.race([Promise.all(pending), new Promise((resolve) => setTimeout(resolve, 300))])
  return response
}
