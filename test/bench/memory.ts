/**
 * Section 5 — memory: the heap a loaded 300-policy set takes, and heap growth over 100k admission
 * decisions (flat is the target). Measured in a fresh process started with --expose-gc
 * (test/bench/servers/memory-child.ts), heap read after full collections.
 */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { scaled, type BenchOptions } from './lib/options.ts'
import { fmt, fmtBytes, ratio, type SectionResult } from './lib/report.ts'

interface ChildOut {
  setPolicies: number
  heapBeforeSetBytes: number
  heapAfterSetBytes: number
  setHeapBytes: number
  libraryPolicies: number
  evaluations: number
  heapAfterWarmupBytes: number
  heapAfterEvaluationsBytes: number
  failing: number
}

export async function runMemory(opts: BenchOptions): Promise<SectionResult> {
  const evaluations = scaled(opts, 100_000, 5_000)
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(opts.root, 'test/bench/servers/memory-child.ts')], {
    cwd: opts.root,
    env: { ...process.env, VERDICT_SHARED_DIR: opts.shared, BENCH_EVALUATIONS: String(evaluations) },
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  })
  const r = JSON.parse(out.trim().split('\n').at(-1) as string) as ChildOut
  if (r.setPolicies !== 300 || r.evaluations !== evaluations || r.failing === 0) throw new Error(`memory child: unexpected output ${out.slice(0, 300)}`)
  const growth = r.heapAfterEvaluationsBytes - r.heapAfterWarmupBytes
  const figures = {
    ...r,
    heapGrowthBytes: growth,
    heapGrowthBytesPerEvaluation: growth / evaluations,
    heapGrowthRatio: ratio(r.heapAfterEvaluationsBytes, r.heapAfterWarmupBytes, 'heap after/before evaluations'),
    quickScaled: opts.quick,
  }
  return {
    id: 'memory',
    title: '5. Memory (fresh process, heap after full GC)',
    figures,
    tables: [
      {
        title: 'Heap',
        columns: ['figure', 'value'],
        rows: [
          ['heap taken by a loaded and compiled 300-policy set (30 Pod + 270 other-kind)', fmtBytes(r.setHeapBytes)],
          ['process heap after loading it', fmtBytes(r.heapAfterSetBytes)],
          [`heap after warm-up → after ${evaluations.toLocaleString('en-US')} decisions (library restricted PSS + runtime profiles, bench mix)`, `${fmtBytes(r.heapAfterWarmupBytes)} → ${fmtBytes(r.heapAfterEvaluationsBytes)}`],
          ['growth per decision', `${fmt(figures.heapGrowthBytesPerEvaluation, 2)} B (${fmt(figures.heapGrowthRatio, 3)} ×)`],
        ],
      },
    ],
    headline: [
      ['Heap of a loaded 300-policy set', fmtBytes(r.setHeapBytes), '—'],
      [`Heap growth over ${evaluations.toLocaleString('en-US')} decisions`, `${fmt(figures.heapGrowthBytesPerEvaluation, 2)} B/decision (${fmt(figures.heapGrowthRatio, 3)} ×)`, 'flat'],
    ],
    notes: opts.quick ? [`quick: ${evaluations.toLocaleString('en-US')} decisions instead of 100,000.`] : [],
  }
}
