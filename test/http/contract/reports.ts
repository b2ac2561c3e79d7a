/**
 * The verdict log and the reports, through the API only: verdicts seeded by the real admission
 * endpoint and `POST /v1/evaluate`, read back through `/v1/verdicts`, the summary, the
 * PolicyReports, the export and what-if; bad queries, cursors that are tampered with or belong to
 * another tenant, isolation, retention, silent clusters and a log outage.
 *
 * Logging runs after the answer: in process the kit's `settle` awaits it; a runtime target (the
 * Worker) is polled until the expected verdicts are readable. Tests that move the clock by hours
 * or swap the app's log need the in-process app (see the skip lists of runtime targets).
 */
import { expect } from 'vitest'
import { parseAllDocuments } from 'yaml'
import type { Summary, VerdictRecord, WhatIf } from '../../../shared/api/reports/schemas.ts'
import type { ContractTest, Kit } from '../contract.ts'
import { expectError, expectIssue, expectReview, once, type Harness, type Reply } from './helpers.ts'
import { labelPolicy, pod, SECCOMP, SECCOMP_RULE, TEAM_LABEL_POLICY, TEAM_LABEL } from './fixtures.ts'
import { setupTenant, type TenantWorld } from './world.ts'
import { admit, allVerdicts, APP_LABEL, aheadOfTheMachine, DAY, HOUR, logged, query, type Page } from './reports-helpers.ts'
import { reportsLifecycleContract } from './reports-lifecycle.ts'

const UIDS = { ok: 'u-acme-ok', bare: 'u-acme-bare', nolabel: 'u-acme-nolabel', dry: 'u-acme-dry', globex: 'u-globex-1' } as const
type World = { h: Harness; a: TenantWorld; b: TenantWorld; uids: typeof UIDS }

/** Adds the Audit label policy to A's set (what-if needs a policy in Audit). */
async function withAuditPolicy(h: Harness, a: TenantWorld): Promise<void> {
  const r = await h.call('PUT', `/v1/policysets/${a.setId}/policies/${APP_LABEL}`, { key: a.write.secret, json: labelPolicy(APP_LABEL), headers: { 'if-none-match': '*' } })
  expect(r.status, r.text).toBe(201)
}


/**
 * A's verdicts: four admission requests (one dryRun) and a CI run of two resources; B's: one
 * admission request. Names start with the tenant, so a leak is visible in any text.
 */
async function seed(kit: Kit): Promise<World> {
  const h = await kit.harness()
  await aheadOfTheMachine(h)
  const a = await setupTenant(h, 'acme')
  const b = await setupTenant(h, 'globex', { policyYaml: TEAM_LABEL_POLICY, policyName: TEAM_LABEL })
  await withAuditPolicy(h, a)
  const uids = UIDS
  expect(expectReview(await admit(h, a, pod('acme-ok', { labels: { app: 'web' } }), { uid: uids.ok })).response.allowed).toBe(true)
  expect(expectReview(await admit(h, a, pod('acme-bare', { namespace: 'team-a', seccomp: 'none' }), { uid: uids.bare })).response.allowed).toBe(false)
  expect(expectReview(await admit(h, a, pod('acme-nolabel'), { uid: uids.nolabel })).response.allowed).toBe(true)
  expect(expectReview(await admit(h, a, pod('acme-dry', { seccomp: 'none' }), { uid: uids.dry, dryRun: true })).response.allowed).toBe(false)
  const ci = await h.call('POST', `/v1/evaluate${query({ policySet: a.setId, source: 'github.com/acme/shop' })}`, {
    key: a.evaluate.secret,
    yaml: [pod('acme-ci-ok', { labels: { app: 'x' } }), pod('acme-ci-bad', { seccomp: 'none' })].map((p) => JSON.stringify(p)).join('\n---\n'),
  })
  expect(ci.status, ci.text).toBe(200)
  expectReview(await admit(h, b, pod('globex-web'), { uid: uids.globex }))
  await logged(kit, h, a.read.secret, 6)
  await logged(kit, h, b.read.secret, 1)
  return { h, a, b, uids }
}

/** What names A: anything of it in B's answers is a leak. */
const marksOf = (a: TenantWorld) => [a.tenantId, a.setId, a.clusterId, 'acme-ok', 'acme-bare', 'acme-ci', 'u-acme', 'github.com/acme']

function counts(records: readonly VerdictRecord[]) {
  const rows: Record<string, { pass: number; fail: number; warn: number; error: number }> = {}
  for (const r of records) {
    if (r.dryRun) continue
    const source = r.source.type === 'ci' ? 'ci' : r.source.clusterId
    const bump = (policy: string, rule: string, status: 'pass' | 'fail' | 'warn' | 'error') => ((rows[`${source}|${r.policySet.name}|${policy}|${rule}`] ??= { pass: 0, fail: 0, warn: 0, error: 0 })[status] += 1)
    for (const p of r.passed ?? []) bump(p.policy, p.rule, 'pass')
    for (const x of r.results) if (x.status !== 'skip') bump(x.policy, x.rule, x.status)
  }
  return rows
}

export function reportsContract(test: ContractTest): void {
  let shared: (() => Promise<World>) | undefined
  const world = (kit: Kit) => (shared ??= once(() => seed(kit)))()

  test('admission decisions and CI evaluations are logged and listed newest first', async (kit) => {
    const { h, a, uids } = await world(kit)
    const all = await allVerdicts(h, a.read.secret)
    expect(all.length).toBe(6)
    expect(all.map((r) => r.id)).toEqual([...all.map((r) => r.id)].sort().reverse())
    const byUid = (uid: string) => all.find((r) => r.uid === uid) as VerdictRecord
    expect(byUid(uids.ok)).toMatchObject({
      source: { type: 'cluster', clusterId: a.clusterId },
      operation: 'CREATE',
      resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'acme-ok' },
      policySet: { name: a.setId, version: a.setVersion + 1 },
      results: [],
      passes: 2,
      allowed: true,
      dryRun: false,
    })
    expect(byUid(uids.ok).passed?.map((p) => `${p.policy}/${p.rule}`).sort()).toEqual([`${APP_LABEL}/check-app`, `${SECCOMP}/${SECCOMP_RULE}`])
    const bare = byUid(uids.bare)
    expect(bare).toMatchObject({ allowed: false, dryRun: false, resource: { namespace: 'team-a', name: 'acme-bare' } })
    expect(bare.results.map((x) => [x.policy, x.rule, x.status, x.action])).toEqual(
      expect.arrayContaining([
        [SECCOMP, SECCOMP_RULE, 'fail', 'Enforce'],
        [APP_LABEL, 'check-app', 'fail', 'Audit'],
      ]),
    )
    expect(bare.results.find((x) => x.policy === SECCOMP)?.message).toMatch(/seccompProfile/)
    expect(byUid(uids.dry)).toMatchObject({ dryRun: true, allowed: false })
    expect(bare.latencyMs).toBeGreaterThanOrEqual(0)
    const ci = all.filter((r) => r.source.type === 'ci')
    expect(ci.map((r) => [r.source, r.operation, r.resource.name, r.allowed])).toEqual([
      // One request, newest first within it: the input's later document first.
      [{ type: 'ci', label: 'github.com/acme/shop' }, 'EVALUATE', 'acme-ci-bad', false],
      [{ type: 'ci', label: 'github.com/acme/shop' }, 'EVALUATE', 'acme-ci-ok', true],
    ])
    expect(new Set(ci.map((r) => r.uid)).size).toBe(2)
  })

  test('filters select verdicts, and a cursor walks every page exactly once', async (kit) => {
    const { h, a, uids } = await world(kit)
    const key = a.read.secret
    const uidsOf = async (q: Record<string, string>) => (await allVerdicts(h, key, q)).map((r) => r.uid).sort()
    expect(await uidsOf({ cluster: a.clusterId })).toEqual([uids.ok, uids.bare, uids.nolabel, uids.dry].sort())
    expect((await allVerdicts(h, key, { source: 'ci' })).map((r) => r.resource.name).sort()).toEqual(['acme-ci-bad', 'acme-ci-ok'])
    expect(await uidsOf({ result: 'denied', source: 'cluster' })).toEqual([uids.bare, uids.dry].sort())
    expect(await uidsOf({ policy: SECCOMP, cluster: a.clusterId })).toEqual([uids.bare, uids.dry].sort())
    expect(await uidsOf({ policy: APP_LABEL, rule: 'check-app', result: 'fail', namespace: 'default', cluster: a.clusterId })).toEqual([uids.nolabel, uids.dry].sort())
    expect(await uidsOf({ policy: SECCOMP, result: 'pass', cluster: a.clusterId })).toEqual([uids.ok, uids.nolabel].sort())
    expect(await uidsOf({ namespace: 'team-a' })).toEqual([uids.bare])
    expect(await uidsOf({ kind: 'Deployment' })).toEqual([])
    // Limit 2: three pages, newest first, no repeats, the last cursor null.
    const seen: string[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const r = await h.call('GET', `/v1/verdicts${query({ limit: 2, cursor })}`, { key })
      expect(r.status).toBe(200)
      const page = r.json<Page>()
      expect(page.items.length).toBeLessThanOrEqual(2)
      seen.push(...page.items.map((x) => x.id))
      cursor = page.cursor ?? undefined
      pages++
    } while (cursor !== undefined && pages < 10)
    expect(pages).toBe(3)
    expect(seen).toEqual((await allVerdicts(h, key)).map((x) => x.id))
  })

  test('cursors are opaque, tamper-proof, and bound to the tenant and the query', async (kit) => {
    const { h, a, b } = await world(kit)
    const first = (await h.call('GET', '/v1/verdicts?limit=1', { key: a.read.secret })).json<Page>()
    const cursor = first.cursor as string
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
    // Opaque: it does not show the record it points at.
    expect(cursor).not.toContain(first.items[0]!.id)
    const bad = async (key: string, c: string, extra = '') => expectIssue(expectError(await h.call('GET', `/v1/verdicts?limit=1&cursor=${encodeURIComponent(c)}${extra}`, { key }), 400, 'bad_request'), 'query.cursor')
    const [position, mac] = cursor.split('.') as [string, string]
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1)
    await bad(a.read.secret, `${flip(position, 3)}.${mac}`)
    await bad(a.read.secret, `${position}.${flip(mac, 5)}`)
    // A cursor pointing at another (older) record of A's own log, with a MAC made up: still refused.
    await bad(a.read.secret, `${Buffer.from('1970-01-01T00:00:00.000Z').toString('base64url')}.${mac}`)
    await bad(a.read.secret, 'not-a-cursor')
    // Tenant B cannot use A's cursor (another key, another tenant in the MAC).
    await bad(b.read.secret, cursor)
    // Nor can A use it for a different query.
    await bad(a.read.secret, cursor, '&source=cluster')
    // The genuine one works, for the same query.
    expect((await h.call('GET', `/v1/verdicts?limit=1&cursor=${encodeURIComponent(cursor)}`, { key: a.read.secret })).status).toBe(200)
  })

  test('query parameters are validated: dates, order, windows, limits, names', async (kit) => {
    const { h, a } = await world(kit)
    const key = a.read.secret
    const refused = async (path: string, field: string) => expectIssue(expectError(await h.call('GET', path, { key }), 400, 'bad_request'), field)
    const set = a.setId
    for (const [path, field] of [
      ['/v1/verdicts?from=yesterday', 'query.from'],
      ['/v1/verdicts?to=2026-13-01T00:00:00Z', 'query.to'],
      ['/v1/verdicts?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z', 'query.from'],
      ['/v1/verdicts?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'query.from'],
      ['/v1/verdicts?limit=0', 'query.limit'],
      ['/v1/verdicts?limit=101', 'query.limit'],
      ['/v1/verdicts?limit=ten', 'query.limit'],
      ['/v1/verdicts?result=maybe', 'query.result'],
      ['/v1/verdicts?cluster=bad%20id', 'query.cluster'],
      ['/v1/verdicts?source=ci&cluster=c1', 'query.source'],
      ['/v1/verdicts?namespace=Not_A_Namespace', 'query.namespace'],
      ['/v1/verdicts?bogus=1', 'query.bogus'],
      [`/v1/verdicts?cursor=${'a'.repeat(900)}.b`, 'query.cursor'],
      ['/v1/reports/summary?from=2026-01-01T00:00:00Z&to=2026-06-01T00:00:00Z', 'query.from'],
      ['/v1/reports/summary?to=noon', 'query.to'],
      ['/v1/reports/summary?policySet=a%23b', 'query.policySet'],
      ['/v1/reports/export?format=xlsx', 'query.format'],
      ['/v1/reports/export?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z', 'query.from'],
      [`/v1/reports/what-if?policySet=${set}`, 'query.policy'],
      [`/v1/reports/what-if?policy=${APP_LABEL}`, 'query.policySet'],
      [`/v1/reports/what-if?policySet=${set}&policy=Bad_Name`, 'query.policy'],
      [`/v1/reports/what-if?policySet=${set}&policy=${APP_LABEL}&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z`, 'query.from'],
      [`/v1/clusters/${a.clusterId}/policyreport?format=pdf`, 'query.format'],
    ] as const) {
      await refused(path, field)
    }
    // Offsets are accepted: an hour ahead of UTC, written with +01:00, is the same instant.
    const yesterday = new Date(h.clock.now().getTime() - DAY + HOUR).toISOString().replace(/\.\d{3}Z$/, '+01:00')
    expect((await h.call('GET', `/v1/verdicts${query({ from: yesterday, limit: 1 })}`, { key })).status).toBe(200)
  })

  test('the summary counts exactly what the verdicts hold, dryRun left out', async (kit) => {
    const { h, a } = await world(kit)
    const verdicts = await allVerdicts(h, a.read.secret)
    const from = new Date(Date.parse(verdicts.at(-1)!.time) - 2 * HOUR).toISOString()
    const to = new Date(Date.parse(verdicts[0]!.time) + 2 * HOUR).toISOString()
    const r = await h.call('GET', `/v1/reports/summary${query({ from, to })}`, { key: a.read.secret })
    expect(r.status, r.text).toBe(200)
    const s = r.json<Summary>()
    const expected = counts(verdicts)
    expect(Object.fromEntries(s.rows.map((x) => [`${x.source}|${x.policySet}|${x.policy}|${x.rule}`, { pass: x.pass, fail: x.fail, warn: x.warn, error: x.error }]))).toEqual(expected)
    const seccomp = s.rows.find((x) => x.source === a.clusterId && x.policy === SECCOMP)!
    // acme-ok and acme-nolabel pass, acme-bare fails; the dryRun request is not counted.
    expect(seccomp).toMatchObject({ pass: 2, fail: 1, compliance: 66.67 })
    expect(seccomp.trend.reduce((n, d) => n + d.pass + d.fail, 0)).toBe(3)
    const sum = (k: 'pass' | 'fail' | 'warn' | 'error') => Object.values(expected).reduce((n, x) => n + x[k], 0)
    expect(s.totals).toMatchObject({ pass: sum('pass'), fail: sum('fail'), warn: sum('warn'), error: sum('error') })
    expect(s.days.reduce((n, d) => n + d.fail, 0)).toBe(sum('fail'))
    expect(s.days.map((d) => d.day)).toEqual([...new Set(s.days.map((d) => d.day))].sort())
    expect(s.topWorkloads[0]).toMatchObject({ source: expect.any(String), fail: expect.any(Number) })
    expect(s.topWorkloads.map((w) => w.name)).toContain('acme-bare')
    expect(s.topWorkloads.map((w) => w.name)).not.toContain('acme-dry')
    expect(s.clusters).toEqual([{ clusterId: a.clusterId, name: `${a.tenantId} production`, lastSeen: expect.any(String), usualPerHour: null, silent: false }])
    // Filters: CI only, and a set nobody used.
    const ci = (await h.call('GET', `/v1/reports/summary${query({ from, to, cluster: 'ci' })}`, { key: a.read.secret })).json<Summary>()
    expect(new Set(ci.rows.map((x) => x.source))).toEqual(new Set(['ci']))
    const none = (await h.call('GET', `/v1/reports/summary${query({ from, to, policySet: 'unused' })}`, { key: a.read.secret })).json<Summary>()
    expect(none.rows).toEqual([])
    expect(none.totals.compliance).toBeNull()
  })

  test("GET /v1/clusters/{id}/policyreport: each resource's latest verdict as PolicyReports", async (kit) => {
    const { h, a } = await world(kit)
    const r = await h.call('GET', `/v1/clusters/${a.clusterId}/policyreport`, { key: a.read.secret })
    expect(r.status, r.text).toBe(200)
    expect(r.headers.get('content-type')).toMatch(/^application\/yaml/)
    const docs = parseAllDocuments(r.text).map((d) => d.toJS() as { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; summary: Record<string, number>; results: Array<{ policy: string; rule: string; result: string; resources: Array<{ name: string; namespace?: string }> }> })
    expect(docs.map((d) => [d.apiVersion, d.kind, d.metadata.namespace ?? null])).toEqual([
      ['wgpolicyk8s.io/v1alpha2', 'ClusterPolicyReport', null],
      ['wgpolicyk8s.io/v1alpha2', 'PolicyReport', 'default'],
      ['wgpolicyk8s.io/v1alpha2', 'PolicyReport', 'team-a'],
    ])
    const teamA = docs[2]!
    expect(teamA.results.filter((x) => x.policy === SECCOMP).map((x) => [x.resources[0]?.name, x.result])).toEqual([['acme-bare', 'fail']])
    expect(teamA.summary).toMatchObject({ fail: 2, pass: 0 })
    const names = docs[1]!.results.map((x) => x.resources[0]?.name)
    // dryRun requests and CI runs are no cluster state.
    expect(new Set(names)).toEqual(new Set(['acme-ok', 'acme-nolabel']))
    const json = await h.call('GET', `/v1/clusters/${a.clusterId}/policyreport?format=json`, { key: a.read.secret })
    expect(json.json()).toEqual({ apiVersion: 'v1', kind: 'List', items: docs })
    expectError(await h.call('GET', '/v1/clusters/nowhere/policyreport', { key: a.read.secret }), 404, 'not_found')
  })

  test('GET /v1/reports/export: the window as JSON and CSV, formula cells neutralised', async (kit) => {
    const { h, a } = await world(kit)
    const verdicts = await allVerdicts(h, a.read.secret)
    const from = new Date(Date.parse(verdicts.at(-1)!.time) - HOUR).toISOString()
    const to = new Date(Date.parse(verdicts[0]!.time) + HOUR).toISOString()
    const j = await h.call('GET', `/v1/reports/export${query({ from, to })}`, { key: a.read.secret })
    expect(j.status, j.text).toBe(200)
    expect(j.json<{ count: number; items: VerdictRecord[] }>()).toMatchObject({ count: 6, items: verdicts })
    const csv = await h.call('GET', `/v1/reports/export${query({ format: 'csv', from, to })}`, { key: a.read.secret })
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/)
    const lines = csv.text.trimEnd().split('\r\n')
    expect(lines[0]).toBe('id,time,source,cluster,label,uid,operation,apiVersion,kind,namespace,name,policySet,policySetVersion,allowed,dryRun,latencyMs,passes,policy,rule,status,action,message')
    // One row per non-pass result, one for a verdict without any.
    expect(lines.length - 1).toBe(verdicts.reduce((n, v) => n + Math.max(1, v.results.length), 0))
    expect(lines.filter((l) => l.includes('acme-bare') && l.includes(`,${SECCOMP},`))).toHaveLength(1)
    // A CI label that a spreadsheet would run is written as text.
    const ci = await h.call('POST', `/v1/evaluate${query({ policySet: a.setId, source: '=HYPERLINK("http://x","y")' })}`, { key: a.evaluate.secret, yaml: JSON.stringify(pod('acme-formula')) })
    expect(ci.status).toBe(200)
    await logged(kit, h, a.read.secret, 7)
    const again = await h.call('GET', `/v1/reports/export${query({ format: 'csv', from, to: new Date(Date.parse(to) + DAY).toISOString() })}`, { key: a.read.secret })
    expect(again.text).toContain(`"'=HYPERLINK(""http://x"",""y"")"`)
    expect(again.text).not.toMatch(/,=HYPERLINK/)
  })

  test('GET /v1/reports/what-if: what an Audit policy would have denied, by cluster and namespace', async (kit) => {
    const { h, a } = await world(kit)
    const verdicts = await allVerdicts(h, a.read.secret)
    const from = new Date(Date.parse(verdicts.at(-1)!.time) - HOUR).toISOString()
    const to = new Date(Date.parse(verdicts[0]!.time) + HOUR).toISOString()
    const r = await h.call('GET', `/v1/reports/what-if${query({ policySet: a.setId, policy: APP_LABEL, from, to })}`, { key: a.read.secret })
    expect(r.status, r.text).toBe(200)
    // acme-bare (team-a, denied anyway by seccomp) and acme-nolabel (default) fail it in Audit; dryRun and CI do not count.
    expect(r.json<WhatIf>()).toMatchObject({
      policySet: a.setId,
      policy: APP_LABEL,
      wouldDeny: 2,
      alreadyDenied: 1,
      requests: 3,
      byCluster: [{ clusterId: a.clusterId, wouldDeny: 2 }],
      byNamespace: [
        { clusterId: a.clusterId, namespace: 'default', wouldDeny: 1 },
        { clusterId: a.clusterId, namespace: 'team-a', wouldDeny: 1 },
      ],
      truncated: false,
    })
    expectError(await h.call('GET', `/v1/reports/what-if${query({ policySet: a.setId, policy: 'not-in-the-set' })}`, { key: a.read.secret }), 404)
    expectError(await h.call('GET', `/v1/reports/what-if${query({ policySet: 'no-such-set', policy: APP_LABEL })}`, { key: a.read.secret }), 404)
  })

  test("tenant B never sees tenant A's verdicts: listing, summary, export, what-if, PolicyReports", async (kit) => {
    const { h, a, b } = await world(kit)
    const key = b.read.secret
    const answers: Reply[] = [
      await h.call('GET', '/v1/verdicts?limit=100', { key }),
      await h.call('GET', `/v1/verdicts?cluster=${a.clusterId}`, { key }),
      await h.call('GET', `/v1/verdicts?policy=${SECCOMP}`, { key }),
      await h.call('GET', '/v1/verdicts?source=ci', { key }),
      await h.call('GET', '/v1/reports/summary', { key }),
      await h.call('GET', `/v1/reports/summary?cluster=${a.clusterId}`, { key }),
      await h.call('GET', '/v1/reports/export', { key }),
      await h.call('GET', '/v1/reports/export?format=csv', { key }),
    ]
    for (const r of answers) {
      expect(r.status, r.text.slice(0, 200)).toBe(200)
      for (const mark of marksOf(a)) expect(r.text, `B's answer names A's ${mark}`).not.toContain(mark)
    }
    expect(answers[0]!.json<Page>().items.map((x) => x.uid)).toEqual(['u-globex-1'])
    expect(answers[1]!.json<Page>().items).toEqual([])
    expect(answers[2]!.json<Page>().items).toEqual([])
    expect(answers[3]!.json<Page>().items).toEqual([])
    expect(answers[5]!.json<Summary>()).toMatchObject({ rows: [], clusters: [], topWorkloads: [] })
    expect(answers[6]!.json<{ items: VerdictRecord[] }>().items.map((x) => x.uid)).toEqual(['u-globex-1'])
    // Naming A's set or cluster is the same 404 as naming nothing.
    expectError(await h.call('GET', `/v1/reports/what-if${query({ policySet: a.setId, policy: APP_LABEL })}`, { key }), 404)
    expectError(await h.call('GET', `/v1/clusters/${a.clusterId}/policyreport`, { key }), 404)
  })

  reportsLifecycleContract(test)
}
