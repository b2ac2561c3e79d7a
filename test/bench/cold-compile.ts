/**
 * Section 1b — what a cold isolate pays for a 300-policy set, against the 10 ms CPU budget of the
 * Workers free plan. The measured figure is the first admission request for a Pod on a cold
 * isolate: read the stored KV snapshot (format 2, with its kind index; JSON.parse and a structural
 * check), compile the set (lazily, as the app does) and decide. Loading and indexing the whole set
 * is kept as the reference. workerd freezes its clocks while a request runs (no timing from inside), so each sample starts a fresh
 * workerd (Miniflare) with the snapshot bundled in, wakes the isolate with `/noop`, then times the
 * cold path and a second `/noop` from outside: their difference is the path's time in the isolate,
 * JIT-cold as on a real cold start. A fresh `node` process measuring its own CPU time is the
 * cross-check. The two paths run in separate isolates/processes, so neither warms the other.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'esbuild'
import { withKindIndex } from '../../shared/api/admission/compile.ts'
import type { JsonObject } from '../../shared/lib/json.ts'
import { createKvSnapshots, createMemoryKv, snapshotKey } from '../../shared/store/kv/index.ts'
import { median } from './lib/measure.ts'
import { scaled, type BenchOptions } from './lib/options.ts'
import { otherKindPolicy, podPolicy } from './lib/policies.ts'
import { fmt, ratio, type SectionResult } from './lib/report.ts'
import { bundleWorker, freshIsolate, timedFetch } from './lib/workerd.ts'
import { BENCH_SET } from './workers/cold-admission.ts'

const FREE_PLAN_CPU_MS = 10

type Path = 'admit' | 'compile'

/** The snapshot as the app's publisher stores it in KV (format 2: with its kind index), for the real reader. */
async function snapshotOf(docs: readonly JsonObject[]): Promise<string> {
  const policies = docs.map((d) => ({ name: String((d.metadata as JsonObject).name), document: d, etag: 'e', version: 1, updatedAt: BENCH_SET.at }))
  const kv = createMemoryKv()
  await createKvSnapshots(kv).publish(withKindIndex({ ...BENCH_SET, policies }))
  const stored = kv.data.get(snapshotKey(BENCH_SET.tenantId, BENCH_SET.setId, BENCH_SET.uid, BENCH_SET.version))
  if (stored === undefined) throw new Error('the bench snapshot was not published')
  return stored
}

/** What each path answers for the bench sets: a sanity check that it did the work. */
function check(path: Path, answer: string, podPolicies: number): void {
  const ok = path === 'compile' ? answer.startsWith('300 ') : answer.startsWith(`${podPolicies} `)
  if (!ok) throw new Error(`cold ${path} answered "${answer}"`)
}

async function inWorkerd(opts: BenchOptions, snapshot: string, samples: number, path: Path, podPolicies: number): Promise<number[]> {
  const bundle = await bundleWorker(join(opts.root, 'test/bench/workers/compile-worker.ts'), { __SNAPSHOT__: JSON.stringify(snapshot) })
  const out: number[] = []
  for (let i = 0; i < samples; i++) {
    const mf = freshIsolate({ script: bundle.text })
    try {
      await mf.ready
      await timedFetch(mf, 'http://bench/noop')
      const cold = await timedFetch(mf, `http://bench/${path}`)
      const noop = await timedFetch(mf, 'http://bench/noop')
      check(path, cold.body, podPolicies)
      out.push(Math.max(0, cold.ms - noop.ms))
    } finally {
      await mf.dispose()
    }
  }
  return out
}

async function inNode(opts: BenchOptions, snapshot: string, samples: number, path: Path, podPolicies: number): Promise<number[]> {
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
      const r = JSON.parse(execFileSync(process.execPath, [file, path], { encoding: 'utf8' })) as { answer: string; cpuMs: number }
      check(path, r.answer, podPolicies)
      return r.cpuMs
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export async function runColdCompile(opts: BenchOptions): Promise<SectionResult> {
  const samples = scaled(opts, 5, 1)
  const sets = {
    mixed300: { label: '30 Pod + 270 other-kind policies', pod: 30, docs: Array.from({ length: 300 }, (_, i) => (i < 30 ? podPolicy(i) : otherKindPolicy(i - 30))) },
    pod300: { label: '300 Pod policies', pod: 300, docs: Array.from({ length: 300 }, (_, i) => podPolicy(i)) },
  }
  const figures: Record<string, unknown> = { samples, freePlanCpuMs: FREE_PLAN_CPU_MS }
  const rows: (string | number)[][] = []
  for (const [key, set] of Object.entries(sets)) {
    const snap = await snapshotOf(set.docs)
    const admitWorkerd = median(await inWorkerd(opts, snap, samples, 'admit', set.pod))
    const admitNode = median(await inNode(opts, snap, samples, 'admit', set.pod))
    const allWorkerd = median(await inWorkerd(opts, snap, samples, 'compile', set.pod))
    const allNode = median(await inNode(opts, snap, samples, 'compile', set.pod))
    figures[key] = {
      snapshotBytes: Buffer.byteLength(snap),
      firstPodDecisionWorkerdMs: admitWorkerd,
      firstPodDecisionNodeCpuMs: admitNode,
      firstPodDecisionWorkerdToFreePlanBudgetRatio: ratio(admitWorkerd, FREE_PLAN_CPU_MS, 'workerd first Pod decision / budget'),
      firstPodDecisionNodeToFreePlanBudgetRatio: ratio(admitNode, FREE_PLAN_CPU_MS, 'node first Pod decision / budget'),
      workerdMs: allWorkerd,
      nodeCpuMs: allNode,
      workerdToFreePlanBudgetRatio: ratio(allWorkerd, FREE_PLAN_CPU_MS, 'workerd load everything / budget'),
      nodeToFreePlanBudgetRatio: ratio(allNode, FREE_PLAN_CPU_MS, 'node load everything / budget'),
    }
    rows.push([set.label, fmt(admitWorkerd, 1), fmt(admitNode, 1), `${fmt(admitWorkerd / FREE_PLAN_CPU_MS)} × (workerd)`, fmt(allWorkerd, 1), fmt(allNode, 1)])
  }
  const mixed = figures.mixed300 as { firstPodDecisionWorkerdMs: number; firstPodDecisionWorkerdToFreePlanBudgetRatio: number }
  return {
    id: 'coldCompile',
    title: '1b. A 300-policy set in a cold isolate: the first Pod decision',
    figures,
    tables: [
      {
        title: `Median of ${samples} fresh isolates / processes per figure, against the ${FREE_PLAN_CPU_MS} ms CPU budget of the Workers free plan`,
        columns: ['set', 'first Pod decision, workerd ms', 'first Pod decision, node CPU ms', '× 10 ms budget', 'load everything, workerd ms', 'load everything, node CPU ms'],
        rows,
      },
    ],
    headline: [
      [
        'First Pod decision, 300-policy set, cold workerd isolate',
        `${fmt(mixed.firstPodDecisionWorkerdMs, 1)} ms (${fmt(mixed.firstPodDecisionWorkerdToFreePlanBudgetRatio)} × budget)`,
        `≤ ${FREE_PLAN_CPU_MS} ms (free-plan CPU)`,
      ],
    ],
    notes: [
      'First Pod decision: the stored KV snapshot (format 2, as the app publishes it: with its kind index) read through the real reader (JSON.parse and its structural check), the set compiled lazily as the app does (only documents whose match kinds or autogen controllers can select a Pod are loaded), and one Pod AdmissionRequest decided. Load everything (the reference): the same read, then every policy loaded and every named kind indexed, as the compile did before it went lazy.',
      'workerd: wall time of the cold request minus a /noop on the same warm isolate (workerd freezes timers inside a request; the work does no I/O, so wall ≈ CPU).',
      'node: a fresh process measuring its own CPU time (process.cpuUsage) around the same work: a proxy with the same JIT-cold start.',
    ],
  }
}
