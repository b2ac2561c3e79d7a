/**
 * The dashboard end to end: the real app on Node (@hono/node-server, 127.0.0.1:0) over DynamoDB
 * Local, verdicts seeded by POSTing AdmissionReviews from three clusters through the real admission
 * endpoint, and the page driven in headless Chromium. What the page shows (matrix, totals, trend,
 * top workloads, drill-down) must equal what the read API returns for the same key and window, and
 * the API's figures must equal what the seeded reviews add up to. Every run saves its screenshots
 * to test/e2e/results/ (git-ignored, to look at); with VERDICT_UPDATE_SCREENSHOTS=1 they replace
 * the README's in test/e2e/screenshots/, so a plain `npm test` leaves the tree clean.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { serve, type ServerType } from '@hono/node-server'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../shared/api/app.ts'
import { hashSecret, mintSecret } from '../../shared/api/auth/secrets.ts'
import { Summary, VerdictPage, type VerdictRecord } from '../../shared/api/reports/schemas.ts'
import { createDynamoStores } from '../../shared/store/dynamodb/index.ts'
import { createDynamoVerdictLog } from '../../shared/store/dynamodb/log.ts'
import { startDynamoDBLocal, type DynamoDBLocal } from '../stores/dynamodb-local.ts'
import { browserAvailability, launchChromium } from './browser.ts'
import { Api, buildWorld, PLAN_MINUTES, SILENT_CLUSTER, XSS_NAME, type World } from './world.ts'

// The callbacks page.evaluate runs in Chromium see the DOM; this project's Node typings have no DOM lib.
declare const document: any, window: any, sessionStorage: any, localStorage: any
type Element = any

const SCREENSHOTS = join(__dirname, process.env.VERDICT_UPDATE_SCREENSHOTS === '1' ? 'screenshots' : 'results')
const ROOT = mintSecret('root')
const availability = browserAvailability()
if (!availability.run) console.warn(`dashboard e2e: ${availability.fail ? 'FAILING' : 'skipped'}: ${availability.reason}`)

let ddb: DynamoDBLocal | undefined
let server: ServerType | undefined
let browser: Browser | undefined
let api: Api
let world: World
let summary: Summary

/** Every verdict matching `query`, all pages, as the API returns them. */
async function allVerdicts(query: Record<string, string>): Promise<VerdictRecord[]> {
  const items: VerdictRecord[] = []
  let cursor: string | null = null
  do {
    const q = new URLSearchParams({ ...query, limit: '100', ...(cursor ? { cursor } : {}) })
    const page = VerdictPage.parse(await api.ok('GET', `/v1/verdicts?${q}`, world.readKey))
    items.push(...page.items)
    cursor = page.cursor
  } while (cursor)
  return items
}

/** Polls until `read` returns true: the log is written after the admission answer. */
async function eventually(what: string, read: () => Promise<boolean>, seen: () => unknown, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await read())) {
    if (Date.now() > deadline) throw new Error(`${what}: not settled after ${ms} ms (last seen: ${JSON.stringify(seen())})`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

const pct = (pass: number, fail: number): string => {
  if (pass + fail === 0) return '—'
  const v = (pass / (pass + fail)) * 100
  return v >= 100 ? '100%' : v <= 0 ? '0%' : v < 1 ? '<1%' : `${Math.floor(v)}%`
}
type Counts = { pass: number; fail: number; warn: number; error: number }
/** A cell's second line: what did not pass, or how many passed. */
function countsText(c: Counts): string {
  const parts = (['fail', 'warn', 'error'] as const).filter((k) => c[k] > 0).map((k) => `${c[k]} ${k}`)
  return parts.length ? parts.join(' · ') : c.pass ? `${c.pass} pass` : 'no results'
}
/** The counts a cell's accessible name states ("… 3 pass, 1 fail, 0 warn, 0 error …"). */
function countsOf(label: string): Counts {
  const m = /(\d+) pass, (\d+) fail, (\d+) warn, (\d+) error/.exec(label)
  if (!m) throw new Error(`no counts in ${JSON.stringify(label)}`)
  return { pass: Number(m[1]), fail: Number(m[2]), warn: Number(m[3]), error: Number(m[4]) }
}

/** The matrix as a user sees it: column headers, and per row its header and each cell's text and label. */
async function readMatrix(page: Page) {
  return page.evaluate(() => {
    const text = (e: Element | null) => (e?.textContent ?? '').trim()
    const head = [...document.querySelectorAll('#matrix thead th.policy')].map((th) => ({ policy: text(th.querySelector('span')), set: text(th.querySelector('small')) }))
    const rows = [...document.querySelectorAll('#matrix tbody tr')].map((tr) => ({
      name: text(tr.querySelector('th .name')),
      silent: tr.querySelector('th .badge') !== null,
      cells: [...tr.querySelectorAll('td')].map((td) => {
        const b = td.querySelector('button.cell, span.cell.static')
        return b ? { pct: text(b.querySelector('.pct')), cnt: text(b.querySelector('.cnt')), label: b.getAttribute('aria-label') ?? '' } : null
      }),
    }))
    return { head, rows }
  })
}

beforeAll(async () => {
  if (!availability.run) {
    if (availability.fail) throw new Error(`dashboard e2e cannot run: ${availability.reason}`)
    return
  }
  ddb = await startDynamoDBLocal()
  const tableName = await ddb.createTable()
  const stores = createDynamoStores({ client: ddb.client, tableName })
  // The app's clock: the seeded traffic spans hours (so one cluster can fall silent), played in seconds.
  let clock = Date.now() - (PLAN_MINUTES + 5) * 60_000
  const app = createApp({ stores, verdictLog: createDynamoVerdictLog({ client: ddb.client, tableName }), rootTokenHash: await hashSecret(ROOT), now: () => new Date(clock) })
  server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 })
  await new Promise<void>((r) => (server!.listening ? r() : server!.once('listening', () => r())))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  api = new Api(`http://127.0.0.1:${address.port}`)
  let writer: Record<string, number> = {}
  const drained = () =>
    eventually(
      'verdict log writer',
      async () => {
        writer = (await api.ok('GET', '/healthz', null)).verdictLog
        return writer.inFlight === 0
      },
      () => writer,
    )
  const [w, b] = await Promise.all([buildWorld(api, ROOT, { advance: (ms) => (clock += ms), settled: drained }), launchChromium()])
  clock += 60_000
  world = w
  browser = b

  // Every write made it (none retried to exhaustion, none lost).
  expect(writer).toMatchObject({ batches: world.sent.length, written: world.sent.length, failed: 0, lost: 0 })
  let logged = 0
  await eventually('verdict log', async () => (logged = (await allVerdicts({})).length) === world.sent.length, () => ({ logged, sent: world.sent.length }))
  const counted = [...world.expected.values()].reduce((a, c) => a + c.pass + c.fail, 0)
  let totals: unknown
  await eventually(
    'summary rollups',
    async () => {
      const s = Summary.parse(await api.ok('GET', '/v1/reports/summary', world.readKey))
      totals = s.totals
      return s.totals.pass + s.totals.fail === counted
    },
    () => ({ totals, counted }),
  )
  summary = Summary.parse(await api.ok('GET', '/v1/reports/summary', world.readKey))
  mkdirSync(SCREENSHOTS, { recursive: true })
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await new Promise((r) => (server ? server.close(r) : r(undefined)))
  await ddb?.stop()
})

describe.skipIf(!availability.run && !availability.fail)('dashboard in headless Chromium', () => {
  let page: Page
  const cspViolations: string[] = []
  const pageErrors: string[] = []

  it('the API’s summary matches the seeded reviews (so the page is checked against correct figures)', () => {
    const bySourcePolicy = new Map<string, { pass: number; fail: number }>()
    for (const r of summary.rows) {
      const key = `${r.source}/${r.policy}`
      const c = bySourcePolicy.get(key) ?? { pass: 0, fail: 0 }
      c.pass += r.pass
      c.fail += r.fail
      bySourcePolicy.set(key, c)
    }
    expect(bySourcePolicy).toEqual(world.expected)
    expect(summary.clusters.map((c) => [c.clusterId, c.name]).sort()).toEqual(Object.entries(world.clusters).sort())
    expect(summary.clusters.filter((c) => c.silent).map((c) => c.clusterId)).toEqual([SILENT_CLUSTER])
  })

  it('opens with a strict CSP, asks for a key, and keeps it in sessionStorage only', async () => {
    const context = await browser!.newContext({ viewport: { width: 1360, height: 900 }, deviceScaleFactor: 1 })
    page = await context.newPage()
    await page.addInitScript(() => {
      window.__csp = []
      document.addEventListener('securitypolicyviolation', (e: { violatedDirective: string; blockedURI: string }) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`))
    })
    page.on('pageerror', (e) => pageErrors.push(e.message))
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text())
    })
    const res = await page.goto(`${api.base}/dashboard`)
    expect(res?.status()).toBe(200)
    expect(res?.headers()['content-security-policy']).toContain("default-src 'none'")
    expect(await page.locator('#app').isHidden()).toBe(true)
    expect(await page.locator('label[for=key]').textContent()).toBe('Read API key')

    await page.fill('#key', world.readKey)
    await page.click('#key-form button[type=submit]')
    await page.waitForSelector('#matrix tbody tr')
    expect(await page.inputValue('#key')).toBe('')
    expect(page.url()).toBe(`${api.base}/dashboard`)
    const storage = await page.evaluate(() => ({ session: { ...sessionStorage }, local: localStorage.length, cookie: document.cookie }))
    expect(Object.values(storage.session)).toEqual([world.readKey])
    expect(storage.local).toBe(0)
    expect(storage.cookie).toBe('')
  })

  it('shows the clusters × policies matrix exactly as the API computes it', async () => {
    const m = await readMatrix(page)
    // Columns: each (set, policy) of the summary, named with its set since two sets are in the window.
    const columns = [...new Set(summary.rows.map((r) => JSON.stringify([r.policy, r.policySet])))].map((k) => JSON.parse(k) as [string, string]).sort()
    expect(m.head.map((h) => [h.policy, h.set])).toEqual(columns)
    // Rows: every registered cluster by display name, the hostile one as plain text.
    expect(m.rows.map((r) => r.name)).toEqual(Object.values(world.clusters).sort())
    expect(m.rows.find((r) => r.name === XSS_NAME)).toBeDefined()

    const nameOf = new Map(summary.clusters.map((c) => [c.name, c.clusterId]))
    let cellsChecked = 0
    for (const row of m.rows) {
      const source = nameOf.get(row.name)!
      const expectedRow = { pass: 0, fail: 0, warn: 0, error: 0 }
      columns.forEach(([policy, set], i) => {
        const rules = summary.rows.filter((r) => r.source === source && r.policy === policy && r.policySet === set)
        const cell = row.cells[i]
        if (rules.length === 0) return expect(cell, `${row.name} × ${set}/${policy}`).toBeNull()
        const c = rules.reduce((a, r) => ({ pass: a.pass + r.pass, fail: a.fail + r.fail, warn: a.warn + r.warn, error: a.error + r.error }), { pass: 0, fail: 0, warn: 0, error: 0 })
        for (const k of ['pass', 'fail', 'warn', 'error'] as const) expectedRow[k] += c[k]
        expect(cell?.pct, `${row.name} × ${set}/${policy}`).toBe(pct(c.pass, c.fail))
        expect(countsOf(cell!.label)).toEqual(c)
        expect(cell!.cnt).toBe(countsText(c))
        cellsChecked++
      })
      const total = row.cells.at(-1)!
      expect(total.pct).toBe(pct(expectedRow.pass, expectedRow.fail))
      expect(total.cnt).toBe(countsText(expectedRow))
    }
    expect(cellsChecked).toBe(6)
  })

  it('shows the totals, the trend per day and the top workloads from the API', async () => {
    const t = summary.totals
    expect(await page.textContent('#totals-compliance')).toBe(pct(t.pass, t.fail))
    expect(t.compliance).toBeCloseTo((t.pass / (t.pass + t.fail)) * 100)
    expect(await page.textContent('#totals-pass')).toBe(String(t.pass))
    expect(await page.textContent('#totals-fail')).toBe(String(t.fail))
    expect(await page.textContent('#totals-warn')).toBe(String(t.warn))
    expect(await page.textContent('#totals-error')).toBe(String(t.error))
    const silent = summary.clusters.filter((c) => c.silent).length
    expect(await page.textContent('#totals-silent')).toBe(`${silent} of 3`)
    expect(silent).toBe(1)
    const flagged = (await readMatrix(page)).rows.filter((r) => r.silent).map((r) => r.name)
    expect(flagged).toEqual([world.clusters[SILENT_CLUSTER]])

    const bars = await page.$$eval('#trend svg g.bar', (gs) => gs.map((g) => ({ day: g.getAttribute('data-day'), fail: Number(g.getAttribute('data-fail')), title: g.querySelector('title')?.textContent })))
    expect(bars.map((b) => ({ day: b.day, fail: b.fail }))).toEqual(summary.days.map((d) => ({ day: d.day, fail: d.fail })))
    expect(summary.days.reduce((a, d) => a + d.fail, 0)).toBe(t.fail)
    // The busiest day's bar is drawn (has height), as the chart's description says.
    expect(await page.locator('#trend rect.fail').count()).toBeGreaterThan(0)

    const top = await page.$$eval('#top-body tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)))
    const clusterName = (s: string) => (s === 'ci' ? 'CI' : world.clusters[s])
    expect(top).toEqual(summary.topWorkloads.map((w, i) => [String(i + 1), clusterName(w.source), w.kind, w.namespace ?? '(cluster)', w.name, String(w.fail), String(w.warn)]))
    expect(top.length).toBeGreaterThan(0)
    // The most-failing workload of the seed: prod-us's checkout (three reviews, two failing rules each).
    expect(top[0]?.slice(1, 5)).toEqual([XSS_NAME, 'Pod', 'shop', 'checkout'])

    // The heartbeat lists every registered cluster, flagged silent exactly when the API says so.
    const beats = await page.$$eval('#heartbeat li', (lis) => lis.map((li) => [li.querySelector('strong')?.textContent, li.querySelector('code')?.textContent, li.querySelector('.badge')?.textContent]))
    expect(beats.map(([, id, badge]) => [id, badge === 'silent']).sort()).toEqual(summary.clusters.map((c) => [c.clusterId, c.silent]).sort())
    expect(beats.map(([name]) => name).sort()).toEqual(Object.values(world.clusters).sort())

    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard.png'), fullPage: true })
  })

  it('drills down from a cell to its verdicts, page by page', async () => {
    const staging = summary.rows.find((r) => r.source === 'staging' && r.policy === 'require-team')!
    await page.getByRole('button', { name: /^Staging × require-team:/ }).click()
    expect(await page.textContent('#drill-h')).toBe('Verdicts: Staging × require-team')
    await page.waitForFunction(() => document.querySelectorAll('#drill-body tr').length === 50)
    expect(await page.locator('#more').isVisible()).toBe(true)

    const wanted = await allVerdicts({ cluster: 'staging', policy: 'require-team', from: summary.from, to: summary.to })
    expect(wanted).toHaveLength(staging.fail)
    const shown = () => page.$$eval('#drill-body tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')))
    const asShown = (v: VerdictRecord) => [`${v.time.slice(0, 19).replace('T', ' ')} UTC`, 'Staging', `Pod ${v.resource.namespace}/${v.resource.name}`, v.operation]
    expect((await shown()).map((r) => r.slice(0, 4))).toEqual(wanted.slice(0, 50).map(asShown))

    await page.click('#more')
    await page.waitForFunction(() => document.querySelectorAll('#drill-body tr').length === 60)
    expect((await shown()).map((r) => r.slice(0, 4))).toEqual(wanted.map(asShown))
    expect(await page.locator('#more').isHidden()).toBe(true)
    expect(await page.textContent('#drill-status')).toBe('Showing 60 (all).')
  })

  it('shows a cell’s verdicts with their messages as text, denied and dry-run marked', async () => {
    await page.getByRole('button', { name: /^Prod EU × require-team:/ }).click()
    const wanted = await allVerdicts({ cluster: 'prod-eu', policy: 'require-team', from: summary.from, to: summary.to })
    // cron and worker failed it; so did the dry run, which is listed but was never counted.
    expect(wanted.map((v) => [v.resource.name, v.dryRun]).sort()).toEqual([['cron', false], ['trial', true], ['worker', false]])
    await page.waitForFunction((n) => document.querySelectorAll('#drill-body tr').length === n, wanted.length)
    const rows = await page.$$eval('#drill-body tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')))
    expect(rows.map((r) => r[2])).toEqual(wanted.map((v) => `Pod ops/${v.resource.name}`))
    for (const [i, v] of wanted.entries()) {
      expect(rows[i]![4]).toBe(v.dryRun ? 'denieddry run' : 'denied')
      const result = v.results.find((r) => r.policy === 'require-team')!
      expect(result.message).toContain('pods need a <b>team</b> label & an owner')
      expect(rows[i]![5]).toBe(`fail team-label Enforce${result.message}`)
    }
    expect(await page.locator('#more').isHidden()).toBe(true)
    await page.locator('#drill').scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-drilldown.png'), fullPage: true })
  })

  it('finds clusters by name or id among the matrix rows', async () => {
    expect(await page.textContent('#matrix-count')).toBe('Showing 3 of 3 clusters.')
    await page.fill('#find', 'STAG')
    expect((await readMatrix(page)).rows.map((r) => r.name)).toEqual(['Staging'])
    expect(await page.textContent('#matrix-count')).toBe('Showing 1 of 1 clusters matching "STAG" (3 in all).')
    await page.fill('#find', 'prod-us')
    expect((await readMatrix(page)).rows.map((r) => r.name)).toEqual([XSS_NAME])
    await page.fill('#find', '')
    expect((await readMatrix(page)).rows).toHaveLength(3)
  })

  it('applies the window and policy-set filters on the server', async () => {
    await page.selectOption('#policy-set', 'prod')
    await page.click('#filters button[type=submit]')
    await page.locator('#window', { hasText: 'policy set prod' }).waitFor()
    const prod = Summary.parse(await api.ok('GET', `/v1/reports/summary?${new URLSearchParams({ from: summary.from.slice(0, 10) + 'T00:00:00.000Z', to: summary.to.slice(0, 10) + 'T23:59:59.999Z', policySet: 'prod' })}`, world.readKey))
    expect(new Set(prod.rows.map((r) => r.policySet))).toEqual(new Set(['prod']))
    expect(await page.textContent('#totals-fail')).toBe(String(prod.totals.fail))
    const m = await readMatrix(page)
    expect(m.head.map((h) => h.policy)).toEqual(['disallow-latest', 'require-team'])
    // Staging runs another set: its row stays (it is registered) but has no cells.
    expect(m.rows.find((r) => r.name === 'Staging')?.cells.slice(0, 2)).toEqual([null, null])

    // A day before anything was logged: nothing to show.
    const first = summary.days.find((d) => d.pass + d.fail > 0)!.day
    const before = new Date(Date.parse(`${first}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
    await page.fill('#from', before)
    await page.fill('#to', before)
    await page.selectOption('#policy-set', '')
    await page.click('#filters button[type=submit]')
    await page.locator('#matrix-empty').waitFor({ state: 'visible' })
    expect(await page.textContent('#totals-fail')).toBe('0')
    expect(await page.textContent('#totals-compliance')).toBe('—')
  })

  it('ran without script errors, CSP violations or injected markup', async () => {
    expect(pageErrors).toEqual([])
    expect(cspViolations).toEqual([])
    expect(await page.evaluate(() => window.__csp)).toEqual([])
    expect(await page.evaluate(() => window.__xss)).toBeUndefined()
    expect(await page.locator('img, b').count()).toBe(0)
  })

  it('remembers the key in this tab only, forgets it on request, and reports a refused key', async () => {
    await page.reload()
    await page.waitForSelector('#matrix tbody tr')
    // Another tab of the same browser context does not share sessionStorage.
    const other = await page.context().newPage()
    await other.goto(`${api.base}/dashboard`)
    expect(await other.locator('#app').isHidden()).toBe(true)
    await other.fill('#key', 'vdk_' + 'x'.repeat(43))
    await other.click('#key-form button[type=submit]')
    await other.locator('#error', { hasText: '(401)' }).waitFor()
    expect(await other.evaluate(() => sessionStorage.length)).toBe(0)
    await other.close()

    await page.click('#forget')
    expect(await page.locator('#app').isHidden()).toBe(true)
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0)
    await page.context().close()
  })
})
