/**
 * The log over time and under failure: pages that stay stable while verdicts arrive, retention,
 * silent clusters (these two move the clock by hours and days, so need the in-process app) and a
 * log outage that must not touch the admission answer (it swaps the app's log for one on a dead
 * endpoint, so also in process only).
 */
import { createServer } from 'node:net'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { expect, vi } from 'vitest'
import { createDynamoVerdictLog } from '../../../shared/store/dynamodb/log.ts'
import type { Summary } from '../../../shared/api/reports/schemas.ts'
import type { ContractTest } from '../contract.ts'
import { expectError, expectIssue, expectReview } from './helpers.ts'
import { pod } from './fixtures.ts'
import { admit, aheadOfTheMachine, allVerdicts, DAY, logged, query, type Page } from './reports-helpers.ts'
import { setupTenant } from './world.ts'

export function reportsLifecycleContract(test: ContractTest): void {
  test('pages stay stable while new verdicts arrive', async (kit) => {
    const h = await kit.harness()
    await aheadOfTheMachine(h)
    const a = await setupTenant(h, 'acme')
    for (let i = 0; i < 7; i++) expectReview(await admit(h, a, pod(`before-${i}`), { uid: `before-${i}` }))
    const existing = (await logged(kit, h, a.read.secret, 7)).map((r) => r.id)
    const seen: string[] = []
    let cursor: string | undefined
    for (let i = 0; i < 20; i++) {
      const r = (await h.call('GET', `/v1/verdicts${query({ limit: 2, cursor })}`, { key: a.read.secret })).json<Page>()
      seen.push(...r.items.map((x) => x.id))
      // Between pages, more requests are admitted and logged.
      expectReview(await admit(h, a, pod(`during-${i}`), { uid: `during-${i}` }))
      await kit.settle?.(h)
      if (r.cursor === null) break
      cursor = r.cursor
    }
    expect(seen).toEqual(existing)
  })

  test('retention: a verdict older than the tenant retention is gone from every read', async (kit) => {
    const h = await kit.harness()
    await aheadOfTheMachine(h)
    const a = await setupTenant(h, 'acme')
    expectError(await h.call('PUT', '/v1/reports/settings', { key: a.read.secret, json: { retentionDays: 2 } }), 403, 'forbidden')
    expect((await h.call('GET', '/v1/reports/settings', { key: a.read.secret })).json()).toEqual({ retentionDays: 30 })
    const set = await h.call('PUT', '/v1/reports/settings', { key: a.admin.secret, json: { retentionDays: 2 } })
    expect(set.json()).toEqual({ retentionDays: 2 })
    expectReview(await admit(h, a, pod('short-lived', { seccomp: 'none' })))
    await logged(kit, h, a.read.secret, 1)
    const reads = async () => {
      const summary = (await h.call('GET', `/v1/reports/summary${query({ from: h.clock.iso(-4 * DAY) })}`, { key: a.read.secret })).json<Summary>()
      const report = (await h.call('GET', `/v1/clusters/${a.clusterId}/policyreport?format=json`, { key: a.read.secret })).json<{ items: Array<{ results: unknown[] }> }>()
      const exported = (await h.call('GET', `/v1/reports/export${query({ from: h.clock.iso(-4 * DAY) })}`, { key: a.read.secret })).json<{ count: number }>()
      return {
        verdicts: (await allVerdicts(h, a.read.secret)).length,
        exported: exported.count,
        counted: summary.totals.fail,
        workloads: summary.topWorkloads.length,
        reported: report.items.reduce((n, d) => n + d.results.length, 0),
      }
    }
    expect(await reads()).toEqual({ verdicts: 1, exported: 1, counted: 1, workloads: 1, reported: 1 })
    await h.clock.advance(DAY)
    expect((await reads()).verdicts).toBe(1)
    await h.clock.advance(2 * DAY)
    expect(await reads()).toEqual({ verdicts: 0, exported: 0, counted: 0, workloads: 0, reported: 0 })
    expectIssue(expectError(await h.call('PUT', '/v1/reports/settings', { key: a.admin.secret, json: { retentionDays: 366 } }), 400), 'body.retentionDays')
  })

  test('a cluster that usually calls and then goes quiet is reported silent', async (kit) => {
    const h = await kit.harness()
    await aheadOfTheMachine(h)
    const a = await setupTenant(h, 'acme')
    // A second cluster that never calls: no rate, never silent.
    const idle = await h.call('POST', '/v1/clusters', { key: a.admin.secret, json: { clusterId: 'acme-idle', displayName: 'idle', policySetId: a.setId, failureMode: 'fail-open', kubernetesVersion: '1.30' } })
    expect(idle.status).toBe(201)
    // Every 10 minutes for two hours: a usual rate of 6 per hour.
    for (let i = 0; i < 13; i++) {
      expectReview(await admit(h, a, pod(`tick-${i}`), { uid: `tick-${i}` }))
      await h.clock.advance(10 * 60_000 - 1000)
    }
    await logged(kit, h, a.read.secret, 13)
    const pulse = async () => {
      const s = (await h.call('GET', '/v1/reports/summary', { key: a.read.secret })).json<Summary>()
      return Object.fromEntries(s.clusters.map((c) => [c.clusterId, c]))
    }
    const now = await pulse()
    expect(now[a.clusterId]).toMatchObject({ silent: false, lastSeen: expect.any(String) })
    expect(now[a.clusterId]!.usualPerHour).toBeCloseTo(6, 1)
    expect(now['acme-idle']).toEqual({ clusterId: 'acme-idle', name: 'idle', lastSeen: null, usualPerHour: null, silent: false })
    // Quiet for 20 minutes: within 3 usual gaps (30 minutes).
    await h.clock.advance(10 * 60_000)
    expect((await pulse())[a.clusterId]!.silent).toBe(false)
    // Quiet for 40 minutes: silent.
    await h.clock.advance(20 * 60_000)
    expect((await pulse())[a.clusterId]).toMatchObject({ silent: true })
    // It calls again: no longer silent.
    expectReview(await admit(h, a, pod('back')))
    await kit.settle?.(h)
    expect((await pulse())[a.clusterId]!.silent).toBe(false)
  })

  test('a log outage never fails or delays the admission answer; the lost write is counted', async (kit) => {
    // A real SDK client pointed at a port nothing listens on.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port
        s.close(() => resolve(p))
      })
    })
    const dead = createDynamoVerdictLog({
      client: new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
      tableName: 'verdict',
    })
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const pending: Array<Promise<unknown>> = []
    const h = await kit.harness({ deps: { verdictLog: dead, waitUntil: (p) => void pending.push(p), verdictLogWriter: { attempts: 3, backoffMs: 100, attemptTimeoutMs: 2_000 } } })
    const a = await setupTenant(h, 'acme')
    for (const [name, seccomp, allowed] of [['fine', 'pod', true], ['bare', 'none', false]] as const) {
      const started = performance.now()
      const r = expectReview(await admit(h, a, pod(name, { seccomp }), { uid: `outage-${name}` }))
      const elapsed = performance.now() - started
      expect(r.response.allowed).toBe(allowed)
      // Answered while the write is still failing and retrying (its backoff alone is longer).
      expect(elapsed).toBeLessThan(1_000)
    }
    const during = (await h.call('GET', '/healthz')).json<{ verdictLog: { inFlight: number } }>()
    expect(during.verdictLog.inFlight).toBeGreaterThan(0)
    await Promise.all(pending)
    const after = (await h.call('GET', '/healthz')).json<{ verdictLog: { batches: number; failed: number; lost: number; retries: number; inFlight: number; written: number } }>()
    expect(after.verdictLog).toMatchObject({ batches: 2, failed: 2, lost: 2, retries: 4, inFlight: 0, written: 0 })
    // The report routes say the store failed, in the error envelope, without internals.
    const r = await h.call('GET', '/v1/verdicts', { key: a.read.secret })
    expect(r.status).toBeGreaterThanOrEqual(500)
    expectError(r, r.status)
    // Each lost batch was reported once, with its tenant and the cause.
    const given = errors.mock.calls.map((c) => String(c[0])).filter((line) => line.includes('verdict log write given up'))
    errors.mockRestore()
    expect(given).toHaveLength(2)
    expect(given[0]).toMatch(/"tenantId":"acme".*ECONNREFUSED/)
  }, 30_000)
}
