/**
 * Agreement rates over the conformance rows: Kyverno-CLI `ok` and `strict`, overall, per
 * INDEX.json category, and the headline target: strict agreement over the classic, validate-only
 * cases (engine `classic`, every rule type `validate.*`, none `validate.podSecurity`).
 */
import type { CaseInfo } from './known-failures.ts'

/** Row counts behind one agreement rate. */
export interface Rate {
  rows: number
  ok: number
  strict: number
}

/** All rates of one conformance run. */
export interface Rates {
  overall: Rate
  byCategory: Map<string, Rate>
  headline: Rate & { cases: number }
}

/** True for the cases the headline figure is measured on. */
export function isHeadlineCase(info: CaseInfo): boolean {
  return info.engine === 'classic' && info.ruleTypes.length > 0 && info.ruleTypes.every((t) => t.startsWith('validate.') && t !== 'validate.podSecurity')
}

const empty = (): Rate => ({ rows: 0, ok: 0, strict: 0 })

function add(rate: Rate, row: { ok: boolean; strict: boolean }): void {
  rate.rows++
  if (row.ok) rate.ok++
  if (row.strict) rate.strict++
}

/** Computes every rate; rows from directories INDEX.json does not know are filed under `unindexed`. */
export function computeRates(rows: ReadonlyArray<{ dir: string; ok: boolean; strict: boolean }>, cases: ReadonlyMap<string, CaseInfo>): Rates {
  const out: Rates = { overall: empty(), byCategory: new Map(), headline: { ...empty(), cases: 0 } }
  for (const row of rows) {
    const info = cases.get(row.dir)
    add(out.overall, row)
    const category = info?.category ?? 'unindexed'
    const rate = out.byCategory.get(category) ?? empty()
    out.byCategory.set(category, rate)
    add(rate, row)
    if (info && isHeadlineCase(info)) add(out.headline, row)
  }
  out.headline.cases = [...cases.values()].filter(isHeadlineCase).length
  return out
}

/** `97.1% (34/35)`; `n/a` when there is nothing to measure. */
export function percent(part: number, whole: number): string {
  return whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)}% (${part}/${whole})`
}

/** The printed summary: overall, per category (sorted), then the headline. */
export function formatRates(r: Rates): string {
  const line = (label: string, rate: Rate) => `  ${label.padEnd(26)} ok ${percent(rate.ok, rate.rows).padEnd(22)} strict ${percent(rate.strict, rate.rows)}`
  const lines = [line('overall', r.overall)]
  for (const [category, rate] of [...r.byCategory.entries()].sort(([a], [b]) => a.localeCompare(b))) lines.push(line(category, rate))
  lines.push('', `Headline: strict agreement on classic validate-only cases: ${percent(r.headline.strict, r.headline.rows)} of rows, over ${r.headline.cases} cases`)
  return `${lines.join('\n')}\n`
}
