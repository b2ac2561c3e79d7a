/**
 * The HTTP contract against the Worker as it runs on Cloudflare (functions/worker.ts bundled as
 * wrangler does, in workerd through Miniflare, KV for snapshots, DynamoDB Local as the record):
 * real requests through the Worker's fetch under the real clock, with a fresh table, KV namespace
 * and app per harness (see ./workerd-host.ts). Then what only the Worker does: KV healing itself
 * after a change written behind every Worker's back (as the Lambda or Node API writes), and the
 * admission budget holding in workerd when the store fails on the network (the contract's budget
 * section switches faults into store objects, which only runs in process).
 */
import { createServer, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pointerKey, snapshotKey } from '../../shared/store/kv/index.ts'
import { eventually } from '../eventually.ts'
import { runHttpContract } from './contract.ts'
import { expectError, expectReview, expectReviewError, TEST_CACHE_TTL_MS } from './contract/helpers.ts'
import { admissionPath, labelPolicy, pod, review, SECCOMP } from './contract/fixtures.ts'
import { setupTenant } from './contract/world.ts'
import { startWorkerd, type WorkerdHarness, type WorkerdHost } from './workerd-host.ts'

let host: WorkerdHost | undefined

beforeAll(async () => {
  host = await startWorkerd()
}, 60_000)

afterAll(async () => {
  await host?.stop()
})

runHttpContract({
  name: 'worker (workerd)',
  harness: (options) => {
    if (!host) throw new Error('workerd is not running (see beforeAll)')
    return host.harness(options)
  },
  skip: [
    {
      reason: 'crosses expiry and overlap windows of hours; workerd runs on the real clock, which a test cannot move (the window logic is the shared app\u2019s, covered in process)',
      tests: [
        'an expired key gets 401; expiries must be in the future',
        'webhook key rotation: both keys work within the overlap, the old one stops after it',
        'API key rotation: the old key works for overlapSeconds, then 401; a rotated key cannot rotate again',
      ],
    },
    {
      reason: 'switches faults into the stores of a second app on the same data; the Worker builds its stores from its bindings (covered in process)',
      tests: [
        'a fail-open cluster whose set never loads is allowed in time, with a verdict: warning',
        'a fail-closed cluster whose set never loads is denied in time with 503',
        'a store that fails (throw) gets the failure-mode answer, never a 500 with internals',
        'a store that fails (busy) gets the failure-mode answer, never a 500 with internals',
        'when the cluster itself cannot be read, a 503 AdmissionReview lets the API server apply its failurePolicy',
        'API routes: a busy store is a 503 `unavailable`, a broken one a bare 500 `internal`',
        'a namespace lookup that hangs or fails still gets a decision in time, on the name label, with a warning',
      ],
    },
    {
      reason: 'over a real connection workerd answers the 401 and resets the connection while the client still sends, so fetch reports the reset, not the answer',
      tests: ['the body of a request that fails authentication is not read'],
    },
    {
      reason: 'moves the clock by days and hours (retention, a cluster going quiet); workerd runs on the real clock (the logic is the shared app\u2019s, covered in process)',
      tests: [
        'retention: a verdict older than the tenant retention is gone from every read',
        'a cluster that usually calls and then goes quiet is reported silent',
      ],
    },
    {
      reason: 'swaps the app\u2019s verdict log for one on a dead endpoint; the Worker builds its log from its bindings (covered in process)',
      tests: ['a log outage never fails or delays the admission answer; the lost write is counted'],
    },
  ],
})


const pointer = async (h: WorkerdHarness, setId: string) => {
  const text = await h.kv.get(pointerKey('acme', setId))
  return text === null ? null : (JSON.parse(text) as { uid: string; version: number; deleted?: true })
}
const pointerAt = (h: WorkerdHarness, setId: string, version: number) => eventually(async () => ((await pointer(h, setId))?.version === version ? pointer(h, setId) : null))
/** A write as the Lambda or Node API makes it: to DynamoDB, publishing nothing. */
const behindTheBack = () => ({ actorKeyId: 'elsewhere', at: new Date().toISOString() })

describe('Worker (workerd): KV heals itself after a change no Worker published', () => {
  it('answers from the published version first, then republishes the store\u2019s and follows it', async () => {
    const h = await host!.harness()
    const a = await setupTenant(h, 'acme')
    const before = await pointerAt(h, a.setId, a.setVersion)
    // v3, written straight to DynamoDB: only an Audit policy, so the Pod below would be admitted.
    const changed = await h.stores.policySets.replace('acme', a.setId, [{ name: 'audit-only', document: labelPolicy('audit-only') }], { version: a.setVersion }, behindTheBack())
    expect(changed.ok && changed.value.set.version).toBe(a.setVersion + 1)

    // Past the TTL the app reads KV again, which still names v2: the first answer follows it.
    await h.clock.advance(TEST_CACHE_TTL_MS + 100)
    const bare = () => h.call('POST', admissionPath(a.webhook.secret), { json: review(pod('bare', { seccomp: 'none' })) })
    const first = expectReview(await bare())
    expect(first.response.allowed).toBe(false)
    expect(first.response.status?.message).toContain(SECCOMP)

    // After the response, the check found KV behind and published the store's version.
    const healed = await pointerAt(h, a.setId, a.setVersion + 1)
    expect(healed).toMatchObject({ uid: before.uid, version: 3 })
    expect(healed).not.toHaveProperty('deleted')
    const snap = JSON.parse((await h.kv.get(snapshotKey('acme', a.setId, before.uid, 3))) ?? 'null') as { version: number; policies: Array<{ name: string }> }
    expect(snap).toMatchObject({ version: 3, policies: [{ name: 'audit-only' }] })

    // And the app dropped its copy: the next answers follow v3, with no TTL to wait out.
    expect(expectReview(await bare()).response.allowed).toBe(true)
    const report = await h.call('POST', `/v1/evaluate?policySet=${a.setId}`, { key: a.evaluate.secret, json: pod('bare', { seccomp: 'none' }) })
    expect(report.json()).toMatchObject({ policySet: { name: a.setId, version: 3 }, verdict: 'pass' })
  })

  it('retracts a set deleted behind its back, so answers become "not found"', async () => {
    const h = await host!.harness()
    const a = await setupTenant(h, 'acme')
    const put = await h.call('PUT', '/v1/policysets/extra', { key: a.admin.secret, json: { policies: [labelPolicy('app-label')] } })
    expect(put.status, put.text).toBe(201)
    const live = await pointerAt(h, 'extra', 2)
    const gone = await h.stores.policySets.delete('acme', 'extra', { version: 2 }, behindTheBack())
    expect(gone.ok).toBe(true)

    const evaluate = () => h.call('POST', '/v1/evaluate?policySet=extra', { key: a.evaluate.secret, json: pod('web') })
    // The first read of the set in this app comes from KV, which still has it.
    expect((await evaluate()).json()).toMatchObject({ policySet: { name: 'extra', version: 2 } })
    const tombstone = await eventually(async () => ((await pointer(h, 'extra'))?.deleted ? pointer(h, 'extra') : null))
    expect(tombstone).toMatchObject({ uid: live.uid, version: 2, deleted: true })
    expectError(await evaluate(), 404, 'not_found')
  })
})

/** A TCP server that accepts connections and never answers, and a loopback port nothing listens on. */
async function badEndpoints(): Promise<{ hangs: string; refuses: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>()
  const hole = createServer((socket) => void sockets.add(socket))
  const listen = (server: ReturnType<typeof createServer>) =>
    new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)))
  const closed = createServer()
  const refusedPort = await listen(closed)
  await new Promise((r) => closed.close(r))
  const port = await listen(hole)
  return {
    hangs: `http://127.0.0.1:${port}`,
    refuses: `http://127.0.0.1:${refusedPort}`,
    close: async () => {
      for (const s of sockets) s.destroy()
      await new Promise((r) => hole.close(r))
    },
  }
}

describe('Worker (workerd): the admission budget when the store fails on the network', () => {
  it('a store that hangs or refuses: a 503 AdmissionReview within the budget; an API route a bare 500', async () => {
    const h = await host!.harness()
    const a = await setupTenant(h, 'acme', { failureMode: 'fail-open' })
    const bad = await badEndpoints()
    try {
      for (const endpoint of [bad.hangs, bad.refuses]) {
        // A fresh app (cold caches, as a new isolate) on the same data, whose store calls fail.
        const broken = host!.variant(h, { endpoint, deps: { admissionBudgetMs: 100 } })
        const started = performance.now()
        const r = await broken.call('POST', admissionPath(a.webhook.secret), { json: review(pod('web'), { uid: 'u-net' }) })
        const elapsed = performance.now() - started
        // The webhook key cannot be resolved, so the cluster (and its failure mode) is unknown.
        expectReviewError(r, 503, /^verdict: (no decision within 100 ms|internal error while deciding)$/)
        expect(expectReview(r, 503).response.uid).toBe('u-net')
        expect(elapsed, endpoint).toBeLessThan(1_000)
      }
      const refused = host!.variant(h, { endpoint: bad.refuses })
      const e = expectError(await refused.call('GET', '/v1/policysets', { key: a.read.secret }), 500, 'internal')
      expect(e.message).toBe('internal error')
      // Logged for operators under the request id (workerd's stderr arrives a little after the answer), never with a key.
      await eventually(async () => (host!.errors().includes(e.requestId ?? 'no request id') ? true : null))
      expect(host!.errors()).not.toMatch(/vwh_|vdk_/)
      // And the healthy app on the same data still answers.
      expect(expectReview(await h.call('POST', admissionPath(a.webhook.secret), { json: review(pod('web')) })).response.allowed).toBe(true)
    } finally {
      await bad.close()
    }
  })
})
