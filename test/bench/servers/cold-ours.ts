/**
 * Cold-start entry for Verdict on Node (bench only): the real app with in-memory stores and
 * verdict log instead of DynamoDB Local, so java's start-up is not measured. Seeds a tenant with
 * the bundled policy set through the app's own API, listens on loopback, and prints its port,
 * webhook key and how long seeding took (the bench subtracts it).
 */
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { createApp } from '../../../shared/api/app.ts'
import { hashSecret, mintSecret } from '../../../shared/api/auth/secrets.ts'
import type { JsonObject } from '../../../shared/lib/json.ts'
import { createMemoryStores } from '../../../shared/store/memory/index.ts'
import { createMemoryVerdictLog } from '../../../shared/store/memory/log.ts'
import { tenantWithSet } from '../lib/tenant.ts'

declare const __POLICIES__: JsonObject[]

const root = mintSecret('root')
const app = createApp({ stores: createMemoryStores(), verdictLog: createMemoryVerdictLog(), rootTokenHash: await hashSecret(root) })
const s0 = performance.now()
const key = await tenantWithSet(app, root, 'cold', __POLICIES__)
const seedMs = performance.now() - s0
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 })
server.once('listening', () => {
  process.stdout.write(JSON.stringify({ port: (server.address() as AddressInfo).port, path: `/v1/admission/${key}/validate`, seedMs }) + '\n')
})
