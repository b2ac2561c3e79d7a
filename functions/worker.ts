/**
 * Cloudflare Worker entry point: DynamoDB is the system of record, Workers KV (`SNAPSHOTS`) holds
 * the published policy-set snapshots the evaluation paths read first. Bindings: see infra/wrangler.toml.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { ExecutionContext } from 'hono'
import { createApp } from '../shared/api/app.ts'
import { TuningVars } from '../shared/api/tuning.ts'
import { createDynamoStores, createDynamoVerdictLog } from '../shared/store/dynamodb/index.ts'
import { createKvSnapshots, type KvPort } from '../shared/store/kv/index.ts'

export type Env = {
  SNAPSHOTS: KvPort
  VERDICT_DYNAMODB_TABLE: string
  /** Only for DynamoDB Local; unset in production. */
  VERDICT_DYNAMODB_ENDPOINT?: string
  AWS_REGION: string
  AWS_ACCESS_KEY_ID: string
  AWS_SECRET_ACCESS_KEY: string
  VERDICT_ROOT_TOKEN_HASH?: string
  VERDICT_PUBLIC_URL?: string
  /** Admission answer budget, ms (default 2,000); as a number or its text. */
  VERDICT_ADMISSION_BUDGET_MS?: string | number
  /** How long an isolate reuses a compiled set or a webhook-key lookup, ms (default 5,000). */
  VERDICT_CACHE_TTL_MS?: string | number
}

// One app (and its per-isolate caches) per env object. `waitUntil` is per request, so it is not a
// dep: Hono hands the request's ExecutionContext to the routes, which publish through it.
const apps = new WeakMap<Env, ReturnType<typeof createApp>>()

function appFor(env: Env): ReturnType<typeof createApp> {
  let app = apps.get(env)
  if (!app) {
    const client = new DynamoDBClient({
      region: env.AWS_REGION,
      endpoint: env.VERDICT_DYNAMODB_ENDPOINT || undefined,
      credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
    })
    app = createApp({
      stores: createDynamoStores({ client, tableName: env.VERDICT_DYNAMODB_TABLE }),
      // The log too: written per request from that request's waitUntil, never queued in the isolate.
      verdictLog: createDynamoVerdictLog({ client, tableName: env.VERDICT_DYNAMODB_TABLE }),
      snapshots: createKvSnapshots(env.SNAPSHOTS),
      rootTokenHash: env.VERDICT_ROOT_TOKEN_HASH || undefined,
      publicUrl: env.VERDICT_PUBLIC_URL || undefined,
      ...TuningVars.parse(env),
    })
    apps.set(env, app)
  }
  return app
}

export default {
  fetch: (req: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> => appFor(env).fetch(req, env, ctx),
}
