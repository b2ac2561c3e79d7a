/**
 * The verdict-log contract every adapter passes (memory, DynamoDB Local through the real SDK):
 * paging, filters, idempotency per uid, retention, latest state, heartbeats, isolation, pages
 * that stay stable while others write, and — as a property over random batches, chunkings and
 * retries — rollups that equal a recount of the raw records.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { VerdictLog, VerdictRecord } from '../../shared/store/ports.ts'
import { at, BASE, cellMap, day, heartbeatMap, listAll, record, recount, recountHeartbeats, recountWorkloads, workloadMap } from './log-fixtures.ts'

export type LogContractOptions = {
  name: string
  /** A log over fresh (or fresh-enough: tests use their own tenant ids) storage. */
  create: () => Promise<VerdictLog>
  /** fast-check runs of the rollup property. */
  runs: number
}

const KEEP = { retentionDays: 30 }
const NOW = at(4)
let tenants = 0
const tenant = (what: string) => `${what}-${++tenants}-${Math.random().toString(36).slice(2, 8)}`

export function runLogContract(o: LogContractOptions): void {
  describe(`verdict log contract: ${o.name}`, () => {
    it('lists newest first in exact pages, within the window', async () => {
      const log = await o.create()
      const t = tenant('paging')
      const times = [at(0, '10:00:00'), at(0, '10:00:01'), at(0, '10:00:01'), at(0, '11:30:00'), at(1), at(1, '09:00:00'), at(2, '09:00:00')]
      const records = times.map((time) => record({ time }))
      expect(await log.write(t, records, KEEP)).toEqual({ written: 7, duplicates: 0 })
      const expected = [...records].sort((a, b) => (a.id < b.id ? 1 : -1)).map((r) => r.id)
      const seen: string[] = []
      let before: string | undefined
      for (let i = 0; i < 10; i++) {
        const page = await log.list(t, { from: at(0), to: at(3), limit: 3, now: NOW, ...(before ? { before } : {}) })
        seen.push(...page.items.map((r) => r.id))
        expect(page.items.length).toBeLessThanOrEqual(3)
        if (page.next === null) break
        before = page.next
      }
      expect(seen).toEqual(expected)
      // The last page says so: a full final page has a null cursor too.
      const six = await log.list(t, { from: at(0), to: at(3), limit: 7, now: NOW })
      expect(six.next).toBeNull()
      // The window is inclusive on both ends, on record time.
      const window = await log.list(t, { from: at(0, '10:00:01'), to: at(1), limit: 10, now: NOW })
      expect(window.items.map((r) => r.time)).toEqual([at(1), at(0, '11:30:00'), at(0, '10:00:01'), at(0, '10:00:01')])
      // Records come back exactly as written.
      expect(window.items.find((r) => r.id === records[3]!.id)).toEqual(records[3])
    })

    it('reads a source timeline, a policy timeline and applies match', async () => {
      const log = await o.create()
      const t = tenant('filters')
      const a = record({ cluster: 'c1', fails: [{ policy: 'p1', rule: 'r1' }] })
      const b = record({ cluster: 'c2', fails: [{ policy: 'p2', rule: 'r1' }], passes: [{ policy: 'p1', rule: 'r1' }] })
      const c = record({ cluster: null, label: 'repo-x', fails: [{ policy: 'p1', rule: 'r2', status: 'warn' }, { policy: 'p2', rule: 'r1' }] })
      const d = record({ cluster: 'ci', namespace: 'kube-system' })
      await log.write(t, [a, b, c, d], KEEP)
      const q = { from: at(-59), to: at(275), limit: 50, now: NOW }
      const ids = async (extra: object) => (await log.list(t, { ...q, ...extra })).items.map((r) => r.id).sort()
      expect(await ids({ source: { type: 'cluster', clusterId: 'c1' } })).toEqual([a.id])
      // A cluster named `ci` is not the CI source.
      expect(await ids({ source: { type: 'ci' } })).toEqual([c.id])
      expect(await ids({ source: { type: 'cluster', clusterId: 'ci' } })).toEqual([d.id])
      // The policy timeline holds records with a non-pass result of that policy (b only passed p1).
      expect(await ids({ policy: 'p1' })).toEqual([a.id, c.id].sort())
      expect(await ids({ policy: 'p2' })).toEqual([b.id, c.id].sort())
      expect(await ids({ policy: 'p2', source: { type: 'cluster', clusterId: 'c2' } })).toEqual([b.id])
      expect(await ids({ match: (r: VerdictRecord) => r.resource.namespace === 'kube-system' })).toEqual([d.id])
    })

    it('stores and counts a retried batch once, and drops another record with a logged uid', async () => {
      const log = await o.create()
      const t = tenant('idempotent')
      const batch = [record({ uid: 'u-1', fails: [{ policy: 'p', rule: 'r' }] }), record({ uid: 'u-2', passes: [{ policy: 'p', rule: 'r' }] })]
      expect(await log.write(t, batch, KEEP)).toEqual({ written: 2, duplicates: 0 })
      // The same write again (a retry after a timeout that had in fact committed).
      expect(await log.write(t, batch, KEEP)).toEqual({ written: 0, duplicates: 0 })
      // The API server retrying a review: same uid and source, a new record.
      const again = record({ uid: 'u-1', fails: [{ policy: 'p', rule: 'r' }] })
      // A uid repeated inside one batch counts once; the same uid from another source is another request.
      const elsewhere = record({ uid: 'u-1', cluster: 'c2' })
      expect(await log.write(t, [again, elsewhere, { ...elsewhere, id: `${elsewhere.id}x` }], KEEP)).toEqual({ written: 1, duplicates: 1 })
      const all = await listAll(log, t, NOW)
      expect(all.map((r) => r.id).sort()).toEqual([batch[0]!.id, batch[1]!.id, elsewhere.id].sort())
      const cells = cellMap(await log.rollups(t, { granularity: 'day', from: day(0), to: day(0), now: NOW }))
      expect(cells).toEqual({
        [`${day(0)}|cluster:c1|prod`]: { requests: 2, rules: { 'p/r': { pass: 1, fail: 1, warn: 0, error: 0 } } },
        [`${day(0)}|cluster:c2|prod`]: { requests: 1, rules: {} },
      })
    })

    it('rollups, workloads and heartbeats equal a recount of the stored records (property)', async () => {
      const log = await o.create()
      const policies = ['p1', 'p2', 'ns-a/p3']
      const rules = ['r1', 'r 2', 'r#3']
      const rule = fc.record({ policy: fc.constantFrom(...policies), rule: fc.constantFrom(...rules) })
      const arbRecord = fc.record({
        cluster: fc.constantFrom('c1', 'c2', null),
        set: fc.constantFrom('prod', 'dev'),
        hour: fc.integer({ min: 0, max: 60 }),
        uid: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'),
        dryRun: fc.boolean(),
        name: fc.constantFrom('web', 'db', 'job#1'),
        namespace: fc.constantFrom('default', 'team-a', null),
        fails: fc.array(fc.record({ policy: fc.constantFrom(...policies), rule: fc.constantFrom(...rules), status: fc.constantFrom('fail', 'warn', 'error', 'skip') as fc.Arbitrary<'fail' | 'warn' | 'error' | 'skip'> }), { maxLength: 4 }),
        passes: fc.array(rule, { maxLength: 4 }),
      })
      const scenario = fc.record({
        records: fc.array(arbRecord, { minLength: 1, maxLength: 30 }),
        cuts: fc.array(fc.integer({ min: 1, max: 29 }), { maxLength: 4 }),
        retries: fc.array(fc.nat(), { maxLength: 3 }),
      })
      await fc.assert(
        fc.asyncProperty(scenario, async (s) => {
          const t = tenant('prop')
          const base = BASE
          // Written in time order, as a log is; the retries below re-send earlier batches.
          const records = s.records
            .map((x) => record({ ...x, time: new Date(base + x.hour * 3_600_000 + Math.floor(x.hour * 997) % 3_600_000).toISOString(), uid: `uid-${x.uid}` }))
            .sort((a, b) => (a.id < b.id ? -1 : 1))
          const cuts = [...new Set(s.cuts.filter((c) => c < records.length))].sort((a, b) => a - b)
          const batches = [0, ...cuts].map((start, i) => records.slice(start, [...cuts, records.length][i]))
          for (const b of batches) await log.write(t, b, KEEP)
          for (const r of s.retries) await log.write(t, batches[r % batches.length] as VerdictRecord[], KEEP)
          const stored = await listAll(log, t, NOW)
          // The first record of each (source, uid) is the one kept.
          const firsts = new Map<string, VerdictRecord>()
          for (const r of records) firsts.set(`${r.source.type === 'ci' ? 'ci' : r.source.clusterId}|${r.uid}`, firsts.get(`${r.source.type === 'ci' ? 'ci' : r.source.clusterId}|${r.uid}`) ?? r)
          expect(stored.map((r) => r.id).sort()).toEqual([...firsts.values()].map((r) => r.id).sort())
          const range = { now: NOW }
          expect(cellMap(await log.rollups(t, { granularity: 'hour', from: `${day(-1)}T00`, to: `${day(3)}T00`, ...range }))).toEqual(recount(stored, 'hour'))
          expect(cellMap(await log.rollups(t, { granularity: 'day', from: day(-1), to: day(3), ...range }))).toEqual(recount(stored, 'day'))
          expect(workloadMap(await log.workloads(t, { fromDay: day(-1), toDay: day(3), ...range }))).toEqual(recountWorkloads(stored))
          expect(heartbeatMap(await log.heartbeats(t, { fromDay: day(-1), toDay: day(3), ...range }))).toEqual(recountHeartbeats(stored))
        }),
        { numRuns: o.runs },
      )
    }, 240_000)

    it('stores dryRun verdicts but counts them nowhere but the heartbeat', async () => {
      const log = await o.create()
      const t = tenant('dryrun')
      await log.write(t, [record({ dryRun: true, fails: [{ policy: 'p', rule: 'r' }] }), record({ passes: [{ policy: 'p', rule: 'r' }] })], KEEP)
      expect((await listAll(log, t, NOW)).length).toBe(2)
      expect(cellMap(await log.rollups(t, { granularity: 'day', from: day(0), to: day(0), now: NOW }))).toEqual({
        [`${day(0)}|cluster:c1|prod`]: { requests: 1, rules: { 'p/r': { pass: 1, fail: 0, warn: 0, error: 0 } } },
      })
      expect(await log.workloads(t, { fromDay: day(0), toDay: day(0), now: NOW })).toEqual([])
      expect((await log.heartbeats(t, { fromDay: day(0), toDay: day(0), now: NOW }))[0]?.requests).toBe(2)
    })

    it('reads expired records, rollups and state as absent, with retention per tenant', async () => {
      const log = await o.create()
      const short = tenant('short')
      const long = tenant('long')
      const mk = () => [record({ time: at(0, '10:00:00'), fails: [{ policy: 'p', rule: 'r' }] })]
      await log.write(short, mk(), { retentionDays: 1 })
      await log.write(long, mk(), { retentionDays: 30 })
      const read = async (t: string, now: string) => ({
        records: (await listAll(log, t, now)).length,
        hours: (await log.rollups(t, { granularity: 'hour', from: `${day(0)}T00`, to: `${day(0)}T23`, now })).length,
        days: (await log.rollups(t, { granularity: 'day', from: day(0), to: day(0), now })).length,
        workloads: (await log.workloads(t, { fromDay: day(0), toDay: day(0), now })).length,
        heartbeats: (await log.heartbeats(t, { fromDay: day(0), toDay: day(0), now })).length,
        latest: (await log.latest(t, 'c1', { now })).length,
      })
      const all = { records: 1, hours: 1, days: 1, workloads: 1, heartbeats: 1, latest: 1 }
      const none = { records: 0, hours: 0, days: 0, workloads: 0, heartbeats: 0, latest: 0 }
      expect(await read(short, at(1, '09:59:00'))).toEqual(all)
      // A day after the record and its buckets ended: gone for the 1-day tenant, kept for the other.
      expect(await read(short, at(2, '00:00:01'))).toEqual(none)
      expect(await read(long, at(2, '00:00:01'))).toEqual(all)
      expect(await read(long, at(31, '00:00:01'))).toEqual(none)
    })

    it('keeps the newest record per resource, whatever the write order; DELETE removes it', async () => {
      const log = await o.create()
      const t = tenant('latest')
      const older = record({ time: at(0, '10:00:00'), name: 'web', fails: [{ policy: 'p', rule: 'r' }] })
      const newer = record({ time: at(0, '11:00:00'), name: 'web', operation: 'UPDATE', passes: [{ policy: 'p', rule: 'r' }] })
      const other = record({ time: at(0, '09:00:00'), name: 'db', namespace: 'data' })
      const node = record({ time: at(0, '09:00:00'), name: 'n1', kind: 'Node', namespace: null })
      const ignored = [
        record({ name: 'dry', dryRun: true }),
        record({ name: 'exec', operation: 'CONNECT' }),
        record({ name: '' }),
        record({ name: 'ci-only', cluster: null }),
        record({ name: 'elsewhere', cluster: 'c2' }),
      ]
      await log.write(t, [newer, node, ...ignored], KEEP)
      await log.write(t, [older, other], KEEP)
      const latest = async () => (await log.latest(t, 'c1', { now: NOW })).map((r) => r.id).sort()
      expect(await latest()).toEqual([newer.id, other.id, node.id].sort())
      const gone = record({ time: at(0, '12:00:00'), name: 'db', namespace: 'data', operation: 'DELETE' })
      await log.write(t, [gone], KEEP)
      // A late CREATE older than the DELETE does not bring it back.
      await log.write(t, [record({ time: at(0, '11:59:00'), name: 'db', namespace: 'data' })], KEEP)
      expect(await latest()).toEqual([newer.id, node.id].sort())
    })

    it('counts heartbeats per cluster and day, CI excluded', async () => {
      const log = await o.create()
      const t = tenant('beats')
      await log.write(t, [record({ time: at(0, '08:00:00') }), record({ time: at(0, '09:30:00'), cluster: 'c2' })], KEEP)
      await log.write(t, [record({ time: at(0, '10:00:00') }), record({ time: at(1, '01:00:00'), dryRun: true }), record({ cluster: null })], KEEP)
      expect(heartbeatMap(await log.heartbeats(t, { fromDay: day(0), toDay: day(1), now: NOW }))).toEqual({
        [`c1|${day(0)}`]: { clusterId: 'c1', day: day(0), requests: 2, firstAt: at(0, '08:00:00'), lastAt: at(0, '10:00:00') },
        [`c2|${day(0)}`]: { clusterId: 'c2', day: day(0), requests: 1, firstAt: at(0, '09:30:00'), lastAt: at(0, '09:30:00') },
        [`c1|${day(1)}`]: { clusterId: 'c1', day: day(1), requests: 1, firstAt: at(1, '01:00:00'), lastAt: at(1, '01:00:00') },
      })
    })

    it('keeps a heartbeat\u2019s first and last time right when writes arrive out of order', async () => {
      // Writers commit in any order (requests are logged after their answers, concurrently): the
      // bounds must be the min and max of the request times, not of whichever write came first.
      const log = await o.create()
      const t = tenant('beats-order')
      await log.write(t, [record({ time: at(0, '09:00:00') })], KEEP)
      await log.write(t, [record({ time: at(0, '08:00:00') })], KEEP)
      await log.write(t, [record({ time: at(0, '10:00:00') })], KEEP)
      await log.write(t, [record({ time: at(0, '09:30:00') })], KEEP)
      expect(heartbeatMap(await log.heartbeats(t, { fromDay: day(0), toDay: day(0), now: NOW }))).toEqual({
        [`c1|${day(0)}`]: { clusterId: 'c1', day: day(0), requests: 4, firstAt: at(0, '08:00:00'), lastAt: at(0, '10:00:00') },
      })
    })

    it('creates settings once with the defaults, per tenant, and changes retention', async () => {
      const log = await o.create()
      const t = tenant('settings')
      const [first, racing] = await Promise.all([log.settings(t), log.settings(t)])
      expect(first.retentionDays).toBe(30)
      expect(first.cursorKey.length).toBeGreaterThanOrEqual(32)
      // Two instances racing to create them agree on one cursor key.
      expect(racing.cursorKey).toBe(first.cursorKey)
      expect((await log.settings(tenant('other'))).cursorKey).not.toBe(first.cursorKey)
      expect(await log.updateSettings(t, { retentionDays: 7 })).toEqual({ retentionDays: 7, cursorKey: first.cursorKey })
      expect(await log.settings(t)).toEqual({ retentionDays: 7, cursorKey: first.cursorKey })
      await expect(log.updateSettings(t, { retentionDays: 0 })).rejects.toThrow()
    })

    it('keeps every page stable while others write', async () => {
      const log = await o.create()
      const t = tenant('stable')
      const base = BASE
      const existing = Array.from({ length: 40 }, (_, i) => record({ time: new Date(base + i * 60_000).toISOString(), uid: `old-${i}` }))
      await log.write(t, existing, KEEP)
      const seen: string[] = []
      let before: string | undefined
      let fresh = 0
      for (let pages = 0; pages < 50; pages++) {
        // Newer verdicts land while we page, in parallel with the read.
        const writes = log.write(t, [record({ time: new Date(base + 3_600_000 + fresh * 1000).toISOString(), uid: `new-${fresh++}` }), record({ time: new Date(base + 3_600_000 + fresh * 1000).toISOString(), uid: `new-${fresh++}` })], KEEP)
        const page = await log.list(t, { from: at(0), to: at(1), limit: 7, now: NOW, ...(before ? { before } : {}) })
        await writes
        seen.push(...page.items.map((r) => r.id))
        if (page.next === null) break
        before = page.next
      }
      expect(new Set(seen).size).toBe(seen.length)
      expect(seen).toEqual([...seen].sort().reverse())
      // Every record that existed when paging began is there exactly once; newer ones only before it.
      const old = new Set(existing.map((r) => r.id))
      expect(seen.filter((id) => old.has(id))).toEqual(existing.map((r) => r.id).reverse())
      expect(seen.slice(seen.length - existing.length)).toEqual(existing.map((r) => r.id).reverse())
    }, 60_000)

    it('counts every record once under concurrent writers of the same cells', async () => {
      const log = await o.create()
      const t = tenant('contended')
      const records = Array.from({ length: 24 }, (_, i) => record({ time: at(0, '10:00:00'), uid: `c-${i}`, fails: [{ policy: 'p', rule: 'r' }], passes: [{ policy: 'q', rule: 'r' }] }))
      // Each write also retried once at the same time, as a timed-out writer would.
      const outcomes = await Promise.all(records.flatMap((r) => [log.write(t, [r], KEEP), log.write(t, [r], KEEP)]))
      expect(outcomes.reduce((n, x) => n + x.written, 0)).toBe(24)
      expect(cellMap(await log.rollups(t, { granularity: 'hour', from: `${day(0)}T10`, to: `${day(0)}T10`, now: NOW }))).toEqual({
        [`${day(0)}T10|cluster:c1|prod`]: { requests: 24, rules: { 'p/r': { pass: 0, fail: 24, warn: 0, error: 0 }, 'q/r': { pass: 24, fail: 0, warn: 0, error: 0 } } },
      })
      expect((await log.heartbeats(t, { fromDay: day(0), toDay: day(0), now: NOW }))[0]?.requests).toBe(24)
    }, 60_000)

    it('writes a CI batch larger than one transaction', async () => {
      const log = await o.create()
      const t = tenant('big')
      const many = Array.from({ length: 130 }, (_, i) =>
        record({ cluster: null, label: 'pipeline', name: `r${i}`, fails: [{ policy: `p${i % 7}`, rule: 'r', status: i % 3 === 0 ? 'warn' : 'fail' }], passes: [{ policy: 'ok', rule: 'r' }] }),
      )
      expect(await log.write(t, many, KEEP)).toEqual({ written: 130, duplicates: 0 })
      const stored = await listAll(log, t, NOW)
      expect(stored.length).toBe(130)
      expect(cellMap(await log.rollups(t, { granularity: 'day', from: day(0), to: day(0), now: NOW }))).toEqual(recount(stored, 'day'))
      expect((await log.list(t, { from: at(-59), to: at(275), policy: 'p3', limit: 100, now: NOW })).items.length).toBe(many.filter((_, i) => i % 7 === 3).length)
    }, 60_000)

    it('never shows one tenant the records, rollups or state of another', async () => {
      const log = await o.create()
      const a = tenant('a')
      const b = tenant('b')
      await log.write(a, [record({ fails: [{ policy: 'p', rule: 'r' }] })], KEEP)
      expect(await listAll(log, b, NOW)).toEqual([])
      expect(await log.rollups(b, { granularity: 'day', from: day(-59), to: day(305), now: NOW })).toEqual([])
      expect(await log.workloads(b, { fromDay: day(0), toDay: day(0), now: NOW })).toEqual([])
      expect(await log.heartbeats(b, { fromDay: day(0), toDay: day(0), now: NOW })).toEqual([])
      expect(await log.latest(b, 'c1', { now: NOW })).toEqual([])
      // The same uid in another tenant is another request.
      expect(await log.write(b, [record({ uid: (await listAll(log, a, NOW))[0]!.uid })], KEEP)).toEqual({ written: 1, duplicates: 0 })
    })
  })
}
