/**
 * The admission budget: whatever the store does (hang, throw, report itself busy) an admission
 * answer arrives within the budget, decided by the cluster's failure mode, and is never a 500 with
 * internals. A second app instance on the same data (cold caches, as a fresh isolate or Lambda)
 * gets stores with a fault switched in after setup. The elapsed-time bound is a behaviour check
 * (the answer does not wait for the store), not a benchmark: budget 100 ms, bound 1 s.
 */
import { afterEach, beforeEach, expect, vi, type MockInstance } from 'vitest'
import { StoreBusyError } from '../../../shared/store/dynamodb/index.ts'
import type { Stores } from '../../../shared/store/ports.ts'
import type { ContractTest, Kit } from '../contract.ts'
import { expectError, expectReview, expectReviewError, type Harness } from './helpers.ts'
import { admissionPath, pod, review } from './fixtures.ts'
import { setupTenant, type TenantWorld } from './world.ts'

const BUDGET_MS = 100
const BOUND_MS = 1_000

type Fault = 'hang' | 'throw' | 'busy'
type Where = 'snapshot' | 'clusters.get' | 'findByHash' | 'policySets.list'

/** A store call that never settles, throws like a broken connection, or gives up like a contended DynamoDB. */
function failing<T>(fault: Fault): Promise<T> {
  if (fault === 'hang') return new Promise<T>(() => undefined)
  if (fault === 'busy') return Promise.reject(new StoreBusyError('gave up after 30 attempts: too many concurrent writers'))
  return Promise.reject(new Error('ECONNRESET: connection to the store was reset at /srv/secret/path.ts:12'))
}

/** `inner` with one call replaced by a fault. */
function faulty(inner: Stores, where: Where, fault: Fault): Stores {
  const policySets = { ...inner.policySets }
  const clusters = { ...inner.clusters }
  const keys = { ...inner.keys }
  if (where === 'snapshot') policySets.snapshot = () => failing(fault)
  if (where === 'policySets.list') policySets.list = () => failing(fault)
  if (where === 'clusters.get') clusters.get = () => failing(fault)
  if (where === 'findByHash') keys.findByHash = () => failing(fault)
  return { ...inner, policySets, clusters, keys }
}

type Setup = { kit: Kit; h: Harness; a: TenantWorld }

/** A tenant whose cluster has `failureMode`, set up on healthy stores. */
async function healthy(kit: Kit, failureMode: 'fail-open' | 'fail-closed'): Promise<Setup> {
  const h = await kit.harness()
  return { kit, h, a: await setupTenant(h, 'acme', { failureMode }) }
}

/** A second app instance on the same data, with the fault in its stores. */
function broken(s: Setup, where: Where, fault: Fault): Promise<Harness> {
  const stores = faulty(s.h.stores, where, fault)
  return s.kit.harness({ share: { ...s.h, stores }, deps: { admissionBudgetMs: BUDGET_MS } })
}

async function timedAdmission(h: Harness, a: TenantWorld, uid: string) {
  const started = performance.now()
  const r = await h.call('POST', admissionPath(a.webhook.secret), { json: review(pod('web'), { uid }) })
  return { r, elapsed: performance.now() - started }
}

export function budgetContract(test: ContractTest): void {
  let errors: MockInstance<typeof console.error>
  // The app logs unexpected failures; keep them out of the test output, and check what they say.
  beforeEach(() => {
    errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
  })
  afterEach(() => {
    errors.mockRestore()
  })
  const logged = () => errors.mock.calls.map((c) => c.map(String).join(' ')).join('\n')

  test('a fail-open cluster whose set never loads is allowed in time, with a verdict: warning', async (kit) => {
    const s = await healthy(kit, 'fail-open')
    const h = await broken(s, 'snapshot', 'hang')
    const { r, elapsed } = await timedAdmission(h, s.a, 'open-1')
    const review = expectReview(r, 200)
    expect(review.response).toMatchObject({ uid: 'open-1', allowed: true })
    expect(review.response.warnings?.[0]).toMatch(new RegExp(`^verdict: no decision within ${BUDGET_MS} ms; allowed because the cluster's failure mode is fail-open`))
    expect(elapsed).toBeLessThan(BOUND_MS)
  })

  test('a fail-closed cluster whose set never loads is denied in time with 503', async (kit) => {
    const s = await healthy(kit, 'fail-closed')
    const h = await broken(s, 'snapshot', 'hang')
    const { r, elapsed } = await timedAdmission(h, s.a, 'closed-1')
    const review = expectReview(r, 200)
    expect(review.response).toMatchObject({ uid: 'closed-1', allowed: false, status: { code: 503, reason: 'ServiceUnavailable' } })
    expect(review.response.status?.message).toMatch(/^verdict: no decision within 100 ms; denied because the cluster's failure mode is fail-closed/)
    expect(elapsed).toBeLessThan(BOUND_MS)
  })

  for (const fault of ['throw', 'busy'] as const) {
    test(`a store that fails (${fault}) gets the failure-mode answer, never a 500 with internals`, async (kit) => {
      for (const mode of ['fail-open', 'fail-closed'] as const) {
        const s = await healthy(kit, mode)
        const h = await broken(s, 'snapshot', fault)
        const { r, elapsed } = await timedAdmission(h, s.a, `${fault}-${mode}`)
        const review = expectReview(r, 200)
        expect(review.response.allowed).toBe(mode === 'fail-open')
        const said = review.response.warnings?.[0] ?? review.response.status?.message ?? ''
        expect(said).toMatch(/^verdict: internal error while deciding/)
        expect(r.text).not.toMatch(/ECONNRESET|secret\/path|\.ts:\d+|StoreBusy/)
        expect(elapsed).toBeLessThan(BOUND_MS)
      }
      // The failure is logged for operators, without the webhook key.
      expect(logged()).toMatch(/"route":"admission"/)
      expect(logged()).not.toMatch(/vwh_/)
    })
  }

  test('when the cluster itself cannot be read, a 503 AdmissionReview lets the API server apply its failurePolicy', async (kit) => {
    const s = await healthy(kit, 'fail-open')
    for (const [where, fault] of [
      ['clusters.get', 'hang'],
      ['findByHash', 'hang'],
      ['findByHash', 'throw'],
      ['clusters.get', 'busy'],
    ] as const) {
      const h = await broken(s, where, fault)
      const { r, elapsed } = await timedAdmission(h, s.a, `${where}-${fault}`)
      const review = expectReviewError(r, 503, /^verdict: (no decision within 100 ms|internal error while deciding)$/)
      expect(review.response.uid).toBe(`${where}-${fault}`)
      expect(elapsed, `${where} ${fault}`).toBeLessThan(BOUND_MS)
    }
  })

  test('API routes: a busy store is a 503 `unavailable`, a broken one a bare 500 `internal`', async (kit) => {
    const s = await healthy(kit, 'fail-open')
    const busy = await broken(s, 'policySets.list', 'busy')
    const r = await busy.call('GET', '/v1/policysets', { key: s.a.read.secret })
    expectError(r, 503, 'unavailable')
    expect(r.headers.get('retry-after')).toBe('1')
    const thrown = await broken(s, 'policySets.list', 'throw')
    const e = expectError(await thrown.call('GET', '/v1/policysets', { key: s.a.read.secret }), 500, 'internal')
    expect(e.message).toBe('internal error')
    expect(logged()).toContain(e.requestId ?? 'no request id')
  })
}
