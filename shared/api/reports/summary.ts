/**
 * The summary report from rollup cells (never raw records): per source × set × policy × rule
 * counts with a daily trend, totals, every day of the window, the top violating workloads and each
 * registered cluster's pulse. Pure; the route reads the cells.
 */
import type { Heartbeat, RollupCell, WorkloadCell } from '../../store/ports.ts'
import type { Summary } from './schemas.ts'
import { pulseOf } from './silence.ts'

type Counts = { pass: number; fail: number; warn: number; error: number }
const zero = (): Counts => ({ pass: 0, fail: 0, warn: 0, error: 0 })
const add = (to: Counts, c: Counts) => {
  to.pass += c.pass
  to.fail += c.fail
  to.warn += c.warn
  to.error += c.error
}

/** pass / (pass + fail) as a percentage with two decimals, `null` when nothing passed or failed. */
export function compliance(c: Pick<Counts, 'pass' | 'fail'>): number | null {
  const n = c.pass + c.fail
  return n === 0 ? null : Math.round((c.pass / n) * 10_000) / 100
}

export const TOP_WORKLOADS = 10

export type SummaryInput = {
  from: Date
  to: Date
  allDays: string[]
  /** Hour cells of the edges and day cells of whole days; each bucket counted once. */
  cells: readonly RollupCell[]
  workloads: readonly WorkloadCell[]
  clusters: ReadonlyArray<{ clusterId: string; name: string }>
  heartbeats: readonly Heartbeat[]
  filter: { source?: string | undefined; policySet?: string | undefined }
  now: Date
}

export function buildSummary(input: SummaryInput): Summary {
  const { filter } = input
  const keep = (source: string, set: string) => (filter.source === undefined || source === filter.source) && (filter.policySet === undefined || set === filter.policySet)
  const rows = new Map<string, { source: string; policySet: string; policy: string; rule: string; counts: Counts; trend: Map<string, Counts> }>()
  const byDay = new Map<string, Counts>(input.allDays.map((d) => [d, zero()]))
  const totals = zero()
  for (const cell of input.cells) {
    if (!keep(cell.source, cell.policySet)) continue
    const day = cell.bucket.slice(0, 10)
    for (const r of cell.rules) {
      const k = [cell.source, cell.policySet, r.policy, r.rule].join('\u001f')
      let row = rows.get(k)
      if (!row) rows.set(k, (row = { source: cell.source, policySet: cell.policySet, policy: r.policy, rule: r.rule, counts: zero(), trend: new Map() }))
      add(row.counts, r)
      const t = row.trend.get(day) ?? zero()
      add(t, r)
      row.trend.set(day, t)
      add(totals, r)
      const d = byDay.get(day)
      if (d) add(d, r)
    }
  }
  const workloads = new Map<string, Summary['topWorkloads'][number]>()
  for (const w of input.workloads) {
    if (!keep(w.source, w.policySet)) continue
    const k = [w.source, w.namespace ?? '', w.kind, w.name].join('\u001f')
    const seen = workloads.get(k) ?? { source: w.source, namespace: w.namespace, kind: w.kind, name: w.name, fail: 0, warn: 0 }
    seen.fail += w.fail
    seen.warn += w.warn
    workloads.set(k, seen)
  }
  const beats = new Map<string, Heartbeat[]>()
  for (const b of input.heartbeats) beats.set(b.clusterId, [...(beats.get(b.clusterId) ?? []), b])
  return {
    from: input.from.toISOString(),
    to: input.to.toISOString(),
    rows: [...rows.values()]
      .sort((a, b) => a.source.localeCompare(b.source) || a.policySet.localeCompare(b.policySet) || a.policy.localeCompare(b.policy) || a.rule.localeCompare(b.rule))
      .map((r) => ({
        source: r.source,
        policySet: r.policySet,
        policy: r.policy,
        rule: r.rule,
        ...r.counts,
        compliance: compliance(r.counts),
        // Sparse: only days with counts (the `days` axis has every day).
        trend: [...r.trend].sort(([a], [b]) => a.localeCompare(b)).map(([day, c]) => ({ day, ...c })),
      })),
    totals: { ...totals, compliance: compliance(totals) },
    days: [...byDay].map(([day, c]) => ({ day, ...c })),
    topWorkloads: [...workloads.values()]
      .filter((w) => w.fail + w.warn > 0)
      .sort((a, b) => b.fail + b.warn - (a.fail + a.warn) || b.fail - a.fail || a.name.localeCompare(b.name))
      .slice(0, TOP_WORKLOADS),
    clusters: input.clusters
      .filter((c) => filter.source === undefined || c.clusterId === filter.source)
      .map((c) => ({ clusterId: c.clusterId, name: c.name, ...pulseOf(beats.get(c.clusterId) ?? [], input.now) })),
  }
}
