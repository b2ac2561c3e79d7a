/**
 * Section 8 — the verdict log's report summary: `GET /v1/reports/summary` query time with 10k vs
 * 1M logged verdicts (it reads rollups, so it should not grow with the log). In-memory log
 * adapter, in a process of its own (test/bench/servers/summary-child.ts). Quick runs compare 5k
 * with 25k (5× growth instead of 100×) and say so.
 */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { scaled, type BenchOptions } from './lib/options.ts'
import { fmt, fmtBytes, ratio, type SectionResult } from './lib/report.ts'

interface ChildOut {
  small: number
  large: number
  summarySmallMs: number
  summaryLargeMs: number
  summaryBytes: number
  writeUsPerRecord: number
  heapBytes: number
}

export async function runVerdictLog(opts: BenchOptions): Promise<SectionResult> {
  const small = scaled(opts, 10_000, 5_000)
  const large = scaled(opts, 1_000_000, 25_000)
  const out = execFileSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', join(opts.root, 'test/bench/servers/summary-child.ts')], {
    cwd: opts.root,
    env: { ...process.env, VERDICT_SHARED_DIR: opts.shared, BENCH_SMALL: String(small), BENCH_LARGE: String(large) },
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  })
  const r = JSON.parse(out.trim().split('\n').at(-1) as string) as ChildOut
  if (r.small !== small || r.large !== large) throw new Error(`summary child: unexpected output ${out.slice(0, 300)}`)
  const label = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`)
  const figures = {
    ...r,
    largeIsScaled: opts.quick,
    summaryLargeToSmallRatio: ratio(r.summaryLargeMs, r.summarySmallMs, 'summary large/small'),
  }
  return {
    id: 'verdictLog',
    title: '8. Verdict log: report summary as the log grows',
    figures,
    tables: [
      {
        title: 'GET /v1/reports/summary (7-day window, 3 clusters), median of 6 after one warm-up',
        columns: ['logged verdicts', 'summary ms', 'ratio'],
        rows: [
          [label(small), fmt(r.summarySmallMs, 2), '1.00'],
          [`${label(large)}${opts.quick ? ' (quick: scaled down from 10k vs 1M)' : ''}`, fmt(r.summaryLargeMs, 2), fmt(figures.summaryLargeToSmallRatio)],
        ],
      },
    ],
    headline: [[`Report summary, ${label(large)} / ${label(small)} logged verdicts${opts.quick ? ' (quick)' : ''}`, `${fmt(figures.summaryLargeToSmallRatio)} ×`, 'flat (≈ 1 ×)']],
    notes: [
      `In-memory log adapter (the DynamoDB adapter's query time is not measured here); records from real admission decisions, written at ${fmt(r.writeUsPerRecord, 1)} µs each; process heap at the end ${fmtBytes(r.heapBytes)}.`,
    ],
  }
}
