/**
 * The HTTP bench's server, in its own process so that the load generator (in the bench process)
 * does not share its event loop. Two listeners on loopback: one serves a bare Hono route answering
 * a fixed AdmissionReview beside our app with the verdict log off; the other our app with the
 * verdict log on (in memory). Tenants: 30 and 300 Pod policies, and Kyverno's 17 Pod Security
 * policies in Enforce. Prints one JSON line with ports and webhook keys, then serves until killed.
 */
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { createApp } from '../../../shared/api/app.ts'
import { hashSecret, mintSecret } from '../../../shared/api/auth/secrets.ts'
import { createMemoryStores } from '../../../shared/store/memory/index.ts'
import { createMemoryVerdictLog } from '../../../shared/store/memory/log.ts'
import { enforcing, podPolicy } from '../lib/policies.ts'
import { tenantWithSet } from '../lib/tenant.ts'
import { kyvernoScenarioPolicies } from '../lib/pss17.ts'
import { FIXED_RESPONSE } from '../lib/reviews.ts'

const shared = process.env.VERDICT_SHARED_DIR
if (!shared) throw new Error('admission-server: VERDICT_SHARED_DIR is required')
const root = mintSecret('root')
const rootTokenHash = await hashSecret(root)

async function build(log: boolean) {
  const app = createApp({ stores: createMemoryStores(), rootTokenHash, waitUntil: (work) => void work, ...(log ? { verdictLog: createMemoryVerdictLog() } : {}) })
  const keys = {
    pod30: await tenantWithSet(app, root, 't30', Array.from({ length: 30 }, (_, i) => podPolicy(i, 'Enforce'))),
    pod300: await tenantWithSet(app, root, 't300', Array.from({ length: 300 }, (_, i) => podPolicy(i, 'Enforce'))),
    pss17: await tenantWithSet(app, root, 'pss17', kyvernoScenarioPolicies(shared as string).map(enforcing)),
  }
  return { app, keys }
}

function listen(fetch: (req: Request) => Response | Promise<Response>): Promise<number> {
  const s = serve({ fetch, hostname: '127.0.0.1', port: 0 })
  return new Promise((resolve) => s.once('listening', () => resolve((s.address() as AddressInfo).port)))
}

const off = await build(false)
const on = await build(true)
const front = new Hono()
front.post('/bare', (c) => c.json(FIXED_RESPONSE))
front.route('/', off.app)
const portOff = await listen(front.fetch)
const portOn = await listen(on.app.fetch)
process.stdout.write(JSON.stringify({ ready: true, logOff: { port: portOff, keys: off.keys }, logOn: { port: portOn, keys: on.keys } }) + '\n')
