/**
 * @module functions/node — `npm start`: the API on 127.0.0.1:$PORT over an embedded DynamoDB Local
 * whose data lives in `./.verdict/` (or `$VERDICT_DATA_DIR`) and survives restarts. The port is
 * bound first, so a taken port fails before java starts; the URL is printed only once the store
 * answers; SIGINT/SIGTERM stop java before exiting. Settings: functions/local/config.ts.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { createApp } from '../shared/api/app.ts'
import { createDynamoStores, createDynamoVerdictLog } from '../shared/store/dynamodb/index.ts'
import { banner } from './local/banner.ts'
import { HOST, readLocalConfig } from './local/config.ts'
import { startDynamoDBLocal } from './local/dynamodb-local.ts'
import { listen } from './local/listen.ts'
import { resolveRootToken } from './local/root-token.ts'
import { ensureTable } from './local/table.ts'

async function main(): Promise<void> {
  const config = readLocalConfig(process.env, process.cwd())
  // The SDK is pinned; its notice that future releases need Node 22 would only bury the banner.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 })
  const http = await listen(config.port)
  const store = await startDynamoDBLocal({ dbPath: join(config.dataDir, 'dynamodb') })
  let stopping = false
  const stop = async () => {
    stopping = true
    http.close()
    await store.stop()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
  void store.exited.then(() => stopping || fail(new Error('DynamoDB Local exited unexpectedly')))
  await ensureTable(store.client, config.tableName)
  // Last, right before printing: a token generated and then lost to a failed start could never be shown again.
  const root = await resolveRootToken(config.dataDir, config.rootToken)
  const db = { client: store.client, tableName: config.tableName }
  // Node has no execution context: after-response work (log writes, cache checks) just runs on.
  http.serve(createApp({ stores: createDynamoStores(db), verdictLog: createDynamoVerdictLog(db), rootTokenHash: root.hash, publicUrl: config.publicUrl, waitUntil: (work) => void work }).fetch)
  console.log(banner(`http://${HOST}:${http.port}`, config.dataDir, root))
}

/** Exiting kills java too: its watchdog sees our end of its stdin pipe close. */
function fail(e: unknown): never {
  console.error(`verdict: ${e instanceof Error ? e.message : String(e)}`)
  process.exit(1)
}

main().catch(fail)
