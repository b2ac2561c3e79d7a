/**
 * The dashboard's pure functions, evaluated from the very source text the page ships, over summaries
 * that satisfy the reports contract (parsed with its zod schema first, so the fixtures cannot drift).
 */
import { describe, expect, it } from 'vitest'
import { Summary } from '../reports/schemas.ts'
import { DASHBOARD_LOGIC, DASHBOARD_LOGIC_EXPORTS } from './client-logic.ts'

type Counts = { pass: number; fail: number; warn: number; error: number }
type Cell = Counts & { compliance: number | null }
type Matrix = {
  rows: Array<{ source: string; name: string; clusterId: string | null; silent: boolean; counts: Counts; compliance: number | null }>
  columns: Array<{ key: string; policySet: string; policy: string; counts: Counts; compliance: number | null }>
  multipleSets: boolean
  cell(source: string, colKey: string): Cell | null
}
type Geometry = {
  max: number
  bars: Array<{ day: string; x: number; width: number; failY: number; failH: number; warnY: number; warnH: number }>
  ticks: Array<{ value: number; y: number }>
  labels: Array<{ x: number; text: string }>
  plot: { left: number; top: number; width: number; height: number; bottom: number }
}
type Logic = {
  compliance(c: Counts): number | null
  formatPct(v: number | null): string
  band(v: number | null): string
  buildMatrix(s: Summary, sortBy?: string): Matrix
  filterRows<R extends { name: string; source: string }>(rows: R[], text: string): R[]
  niceCeil(v: number): number
  trendGeometry(days: Summary['days'], w: number, h: number): Geometry
  dayStart(d: string): string | null
  dayEnd(d: string): string | null
  summaryQuery(f: { from?: string; to?: string; policySet?: string }): string
  verdictQuery(cell: { source: string | null; policy: string }, w: { from: string; to: string }, cursor: string | null, limit: number): string
  inSet(v: { policySet: { name: string } }, set: string | null): boolean
  lastDay(to: string): string
  resultsFor(v: { results: Array<{ policy: string }> }, policy: string): Array<{ policy: string }>
  resourceName(r: { namespace: string | null; name: string }): string
}

const logic = new Function(`${DASHBOARD_LOGIC}\nreturn { ${DASHBOARD_LOGIC_EXPORTS.join(', ')} }`)() as Logic

const row = (source: string, policy: string, rule: string, c: Partial<Counts>, policySet = 'prod') => {
  const counts = { pass: 0, fail: 0, warn: 0, error: 0, ...c }
  return { source, policySet, policy, rule, ...counts, compliance: logic.compliance(counts), trend: [] }
}
function params(query: string): Record<string, string> {
  const o: Record<string, string> = {}
  new URLSearchParams(query).forEach((v, k) => (o[k] = v))
  return o
}
const day = (d: string, fail = 0, warn = 0) => ({ day: d, pass: 0, fail, warn, error: 0 })

function summary(rows: ReturnType<typeof row>[], clusters: Summary['clusters'] = []): Summary {
  return Summary.parse({
    from: '2026-05-01T00:00:00.000Z',
    to: '2026-05-07T23:59:59.999Z',
    rows,
    totals: { pass: 0, fail: 0, warn: 0, error: 0, compliance: null },
    days: [],
    topWorkloads: [],
    clusters,
  })
}

describe('dashboard logic (the shipped source)', () => {
  it('defines every name the tests evaluate', () => {
    for (const name of DASHBOARD_LOGIC_EXPORTS) expect(typeof logic[name as keyof Logic], name).toBe('function')
  })

  it('computes compliance as pass / (pass + fail), null when nothing was evaluated', () => {
    expect(logic.compliance({ pass: 3, fail: 1, warn: 7, error: 2 })).toBe(75)
    expect(logic.compliance({ pass: 0, fail: 0, warn: 4, error: 0 })).toBeNull()
    expect(logic.compliance({ pass: 0, fail: 2, warn: 0, error: 0 })).toBe(0)
  })

  it('formats percentages without rounding to 100% or to 0%', () => {
    expect(logic.formatPct(null)).toBe('—')
    expect(logic.formatPct(100)).toBe('100%')
    expect(logic.formatPct(99.99)).toBe('99%')
    expect(logic.formatPct(66.6667)).toBe('66%')
    expect(logic.formatPct(0.4)).toBe('<1%')
    expect(logic.formatPct(0)).toBe('0%')
    expect([100, 95, 80, 60, 10, null].map(logic.band)).toEqual(['b-100', 'b-90', 'b-75', 'b-50', 'b-0', 'b-none'])
  })

  it('sums rules into cluster × policy cells, rows, columns; silent and idle clusters get a row', () => {
    const s = summary(
      [
        row('c1', 'require-team', 'team-label', { pass: 3, fail: 1 }),
        row('c1', 'require-team', 'owner-label', { pass: 2, fail: 2, warn: 1 }),
        row('c1', 'no-latest', 'tag', { pass: 4 }),
        row('c2', 'no-latest', 'tag', { fail: 2, error: 1 }),
        row('ci', 'no-latest', 'tag', { warn: 5 }),
      ],
      [
        { clusterId: 'c1', name: 'Prod EU', lastSeen: '2026-05-07T10:00:00.000Z', usualPerHour: 12, silent: false },
        { clusterId: 'c2', name: 'Prod US', lastSeen: '2026-05-01T10:00:00.000Z', usualPerHour: 30, silent: true },
        { clusterId: 'c3', name: 'Idle', lastSeen: null, usualPerHour: null, silent: false },
      ],
    )
    const m = logic.buildMatrix(s)
    expect(m.multipleSets).toBe(false)
    expect(m.rows.map((r) => [r.source, r.name, r.silent])).toEqual([
      ['ci', 'CI', false],
      ['c3', 'Idle', false],
      ['c1', 'Prod EU', false],
      ['c2', 'Prod US', true],
    ])
    expect(m.columns.map((c) => c.policy)).toEqual(['no-latest', 'require-team'])
    const team = m.columns[1]!.key
    const latest = m.columns[0]!.key
    expect(m.cell('c1', team)).toEqual({ pass: 5, fail: 3, warn: 1, error: 0, compliance: 62.5 })
    expect(m.cell('c2', latest)).toEqual({ pass: 0, fail: 2, warn: 0, error: 1, compliance: 0 })
    expect(m.cell('c2', team)).toBeNull()
    expect(m.cell('ci', latest)?.compliance).toBeNull()
    expect(m.rows.find((r) => r.source === 'c1')).toMatchObject({ counts: { pass: 9, fail: 3, warn: 1, error: 0 }, compliance: 75 })
    expect(m.columns[0]).toMatchObject({ counts: { pass: 4, fail: 2, warn: 5, error: 1 } })
    expect(m.rows.find((r) => r.source === 'c3')).toMatchObject({ counts: { pass: 0, fail: 0, warn: 0, error: 0 }, compliance: null })

    // Worst first: lowest compliance, then most failures; nothing evaluated sorts last.
    expect(logic.buildMatrix(s, 'worst').rows.map((r) => r.source)).toEqual(['c2', 'c1', 'ci', 'c3'])
  })

  it('finds clusters by name or id, in any case', () => {
    const rows = [
      { name: 'Prod EU', source: 'prod-eu' },
      { name: 'Staging', source: 'stg-1' },
      { name: 'CI', source: 'ci' },
    ]
    expect(logic.filterRows(rows, '  ')).toBe(rows)
    expect(logic.filterRows(rows, 'STAG').map((r) => r.source)).toEqual(['stg-1'])
    expect(logic.filterRows(rows, 'stg').map((r) => r.name)).toEqual(['Staging'])
    expect(logic.filterRows(rows, 'prod eu').map((r) => r.source)).toEqual(['prod-eu'])
    expect(logic.filterRows(rows, 'nothing')).toEqual([])
  })

  it('keeps same-named policies of different sets apart, and says so', () => {
    const m = logic.buildMatrix(summary([row('c1', 'p', 'r', { pass: 1 }, 'a'), row('c1', 'p', 'r', { fail: 1 }, 'b')]))
    expect(m.multipleSets).toBe(true)
    expect(m.columns.map((c) => [c.policySet, c.policy])).toEqual([['a', 'p'], ['b', 'p']])
    expect(m.cell('c1', m.columns[1]!.key)?.fail).toBe(1)
  })

  it('never mixes up ids that only differ by a separator', () => {
    const m = logic.buildMatrix(summary([row('a', 'b/c', 'r', { pass: 1 }, 'x'), row('a/b', 'c', 'r', { fail: 1 }, 'x')]))
    expect(m.cell('a', m.columns.find((c) => c.policy === 'b/c')!.key)).toMatchObject({ pass: 1, fail: 0 })
    expect(m.cell('a/b', m.columns.find((c) => c.policy === 'b/c')!.key)).toBeNull()
  })

  it('builds a large matrix in one pass', () => {
    const rows = []
    for (let c = 0; c < 200; c++) for (let p = 0; p < 50; p++) rows.push(row(`cluster-${c}`, `policy-${p}`, 'r', { pass: c, fail: p }))
    const m = logic.buildMatrix(summary(rows))
    expect(m.rows).toHaveLength(200)
    expect(m.columns).toHaveLength(50)
    expect(m.cell('cluster-7', m.columns.find((c) => c.policy === 'policy-3')!.key)).toMatchObject({ pass: 7, fail: 3 })
    // Natural order: policy-2 before policy-10.
    expect(m.columns.slice(0, 3).map((c) => c.policy)).toEqual(['policy-0', 'policy-1', 'policy-2'])
    expect(m.rows.slice(9, 11).map((r) => r.source)).toEqual(['cluster-9', 'cluster-10'])
  })

  it('picks readable chart maxima and ticks', () => {
    expect([0, 1, 3, 7, 10, 11, 43, 120, 999].map(logic.niceCeil)).toEqual([1, 1, 5, 10, 10, 20, 50, 200, 1000])
    const g = logic.trendGeometry([day('2026-05-01', 3, 1), day('2026-05-02'), day('2026-05-03', 7)], 400, 200)
    expect(g.max).toBe(10)
    expect(g.ticks.map((t) => t.value)).toEqual([0, 2.5, 5, 7.5, 10])
    expect(g.ticks[0]!.y).toBe(g.plot.bottom)
    expect(g.ticks.at(-1)!.y).toBe(g.plot.top)
    const [a, b, c] = g.bars
    // Bar heights are proportional to the counts; warn is stacked on fail.
    expect(a!.failH / g.plot.height).toBeCloseTo(0.3)
    expect(a!.warnY + a!.warnH).toBeCloseTo(a!.failY)
    expect(b!.failH).toBe(0)
    expect(c!.failY).toBeCloseTo(g.plot.bottom - 0.7 * g.plot.height)
    expect(a!.x).toBeLessThan(b!.x)
    expect(c!.x + c!.width).toBeLessThanOrEqual(g.plot.left + g.plot.width)
    expect(g.labels.map((l) => l.text)).toEqual(['05-01', '05-02', '05-03'])
  })

  it('thins day labels so they never overlap, and copes with an empty or all-zero window', () => {
    const days = Array.from({ length: 90 }, (_, i) => day(new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10), i % 5))
    const g = logic.trendGeometry(days, 600, 200)
    expect(g.bars).toHaveLength(90)
    const xs = g.labels.map((l) => l.x)
    for (let i = 1; i < xs.length; i++) expect(xs[i]! - xs[i - 1]!).toBeGreaterThanOrEqual(48)
    expect(logic.trendGeometry([], 600, 200)).toMatchObject({ max: 1, bars: [], labels: [] })
    const flat = logic.trendGeometry([day('2026-05-01')], 600, 200)
    expect(flat.ticks.map((t) => t.value)).toEqual([0, 1])
    expect(flat.bars[0]!.failH).toBe(0)
  })

  it('turns UTC days into an inclusive window and builds the API queries', () => {
    expect(logic.dayStart('2026-05-01')).toBe('2026-05-01T00:00:00.000Z')
    expect(logic.dayEnd('2026-05-07')).toBe('2026-05-07T23:59:59.999Z')
    expect(logic.dayStart('05/01/2026')).toBeNull()
    expect(logic.summaryQuery({})).toBe('')
    expect(params(logic.summaryQuery({ from: '2026-05-01', to: '2026-05-07', policySet: 'prod & co' }))).toEqual({
      from: '2026-05-01T00:00:00.000Z',
      to: '2026-05-07T23:59:59.999Z',
      policySet: 'prod & co',
    })
    const w = { from: '2026-05-01T00:00:00.000Z', to: '2026-05-07T23:59:59.999Z' }
    expect(params(logic.verdictQuery({ source: 'c&1', policy: 'p=1' }, w, 'abc+/=', 50))).toEqual({
      cluster: 'c&1',
      policy: 'p=1',
      ...w,
      limit: '50',
      cursor: 'abc+/=',
    })
    expect(params(logic.verdictQuery({ source: null, policy: 'p' }, w, null, 10))).toEqual({ policy: 'p', ...w, limit: '10' })
    // CI is a source of its own in the log's filters, not a cluster.
    expect(params(logic.verdictQuery({ source: 'ci', policy: 'p' }, w, null, 10))).toEqual({ source: 'ci', policy: 'p', ...w, limit: '10' })
    expect(logic.lastDay('2026-05-08T00:00:00.000Z')).toBe('2026-05-07')
    expect(logic.lastDay('2026-05-07T14:00:00.000Z')).toBe('2026-05-07')
    expect(logic.inSet({ policySet: { name: 'a' } }, null)).toBe(true)
    expect(logic.inSet({ policySet: { name: 'a' } }, 'b')).toBe(false)
  })

  it('picks the drilled-down policy’s results and names resources', () => {
    const v = { results: [{ policy: 'a', rule: 'r1' }, { policy: 'b', rule: 'r2' }, { policy: 'a', rule: 'r3' }] }
    expect(logic.resultsFor(v, 'a')).toEqual([v.results[0], v.results[2]])
    expect(logic.resourceName({ namespace: 'shop', name: 'web' })).toBe('shop/web')
    expect(logic.resourceName({ namespace: null, name: 'node-1' })).toBe('node-1')
  })
})
