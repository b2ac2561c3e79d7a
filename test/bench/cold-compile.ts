/**
 * Section 1b — loading and compiling a 300-policy set in a cold isolate, against the 10 ms CPU
 * budget of the Workers free plan. workerd freezes its clocks while a request runs (no timing
 * from inside), so each sample starts a fresh workerd (Miniflare) with the snapshot bundled in,
 * wakes the isolate with `/noop`, then times `/compile` and a second `/noop` from outside: their
 * difference is the compile's time in the isolate, JIT-cold as on a real cold start. A fresh
 * `node` process measuring its own CPU time is the cross-check.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'esbuild'
import type { JsonObject } from '../../shared/lib/json.ts'
import { median } from './lib/measure.ts'
import { scaled, type BenchOptions } from './lib/options.ts'
import { otherKindPolicy, podPolicy } from './lib/policies.ts'
import { fmt, ratio, type SectionResult } from './lib/report.ts'
import { bundleWorker, freshIsolate, timedFetch } from './lib/workerd.ts'

const FREE_PLAN_CPU_MS = 10

function snapshotOf(docs: readonly JsonObject[]): string {
  return JSON.stringify({ policies: docs.map((d) => ({ name: String((d.metadata as JsonObject).name), document: d })) })
}

async function inWorkerd(opts: BenchOptions, snapshot: string, samples: number): Promise<number[]> {
  const bundle = await bundleWorker(join(opts.root, 'test/bench/workers/compile-worker.ts'), { __SNAPSHOT__: JSON.stringify(snapshot) })
  const out: number[] = []
  for (let i = 0; i < samples; i++) {
    const mf = freshIsolate({ script: bundle.text })
    try {
      await mf.ready
      await timedFetch(mf, 'http://bench/noop')
      const compile = await timedFetch(mf, 'http://bench/compile')
      const noop = await timedFetch(mf, 'http://bench/noop')
      if (!compile.body.startsWith('300 ')) throw new Error(`compile worker answered "${compile.body}"`)
      out.push(Math.max(0, compile.ms - noop.ms))
    } finally {
      await mf.dispose()
    }
  }
  return out
}

async function inNode(opts: BenchOptions, snapshot: string, samples: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'verdict-bench-'))
  try {
    const file = join(dir, 'compile.mjs')
    const out = await build({
      entryPoints: [join(opts.root, 'test/bench/workers/compile-node.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      define: { __SNAPSHOT__: JSON.stringify(snapshot) },
      write: false,
      logLevel: 'silent',
    })
    writeFileSync(file, out.outputFiles[0]!.contents)
    return Array.from({ length: samples }, () => {
      const r = JSON.parse(execFileSync(process.execPath, [file], { encoding: 'utf8' })) as { policies: number; cpuMs: number }
      if (r.policies !== 300) throw new Error(`node compile: ${r.policies} policies`)
      return r.cpuMs
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export async function runColdCompile(opts: BenchOptions): Promise<SectionResult> {
  const samples = scaled(opts, 5, 1)
  const sets = {
    mixed300: Array.from({ length: 300 }, (_, i) => (i < 30 ? podPolicy(i) : otherKindPolicy(i - 30))),
    pod300: Array.from({ length: 300 }, (_, i) => podPolicy(i)),
  }
  const figures: Record<string, unknown> = { samples, freePlanCpuMs: FREE_PLAN_CPU_MS }
  const rows: (string | number)[][] = []
  for (const [key, docs] of Object.entries(sets)) {
    const snap = snapshotOf(docs)
    const workerd = median(await inWorkerd(opts, snap, samples))
    const node = median(await inNode(opts, snap, samples))
    figures[key] = {
      snapshotBytes: Buffer.byteLength(snap),
      workerdMs: workerd,
      nodeCpuMs: node,
      workerdToFreePlanBudgetRatio: ratio(workerd, FREE_PLAN_CPU_MS, 'workerd compile / budget'),
      nodeToFreePlanBudgetRatio: ratio(node, FREE_PLAN_CPU_MS, 'node compile / budget'),
    }
    rows.push([key === 'mixed300' ? '30 Pod + 270 other-kind policies' : '300 Pod policies', fmt(workerd, 1), fmt(node, 1), `${fmt(workerd / FREE_PLAN_CPU_MS)} × (workerd)`])
  }
  return {
    id: 'coldCompile',
    title: '1b. Loading and compiling a 300-policy set in a cold isolate',
    figures,
    tables: [{ title: `Median of ${samples} fresh isolates / processes, against the ${FREE_PLAN_CPU_MS} ms CPU budget of the Workers free plan`, columns: ['set', 'workerd ms', 'fresh node CPU ms', '× 10 ms budget'], rows }],
    headline: [
      [
        'Load + compile 300 policies, cold workerd isolate',
        `${fmt((figures.mixed300 as { workerdMs: number }).workerdMs, 1)} ms (${fmt((figures.mixed300 as { workerdToFreePlanBudgetRatio: number }).workerdToFreePlanBudgetRatio)} × budget)`,
        `≤ ${FREE_PLAN_CPU_MS} ms (free-plan CPU)`,
      ],
    ],
    notes: [
      'workerd: wall time of /compile minus a /noop on the same warm isolate (workerd freezes timers inside a request; the compile does no I/O, so wall ≈ CPU). The compile parses the KV snapshot JSON, loads every policy and builds the kind index, as the first admission request of a cold isolate does.',
      'node: a fresh process measuring its own CPU time (process.cpuUsage) around the same work: a proxy with the same JIT-cold start.',
    ],
  }
}
