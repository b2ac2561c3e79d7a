/**
 * Section 4 — the Worker: bundle size (raw and gzip) of functions/worker.ts built as wrangler
 * builds it (esbuild, workerd/worker/browser conditions, minified), and the time to first
 * response of a fresh workerd isolate (Miniflare) against a hello-world Worker.
 */
import { join } from 'node:path'
import { median, nowMs } from './lib/measure.ts'
import { scaled, type BenchOptions } from './lib/options.ts'
import { fmt, fmtBytes, ratio, type SectionResult } from './lib/report.ts'
import { bundleWorker, freshIsolate, timedFetch, type IsolateOptions } from './lib/workerd.ts'

/** Fresh workerd each sample: start-up (process + isolate + module evaluation) until ready, then the first request. */
async function firstResponse(iso: IsolateOptions, path: string, samples: number) {
  const ready: number[] = []
  const first: number[] = []
  for (let i = 0; i < samples; i++) {
    const t0 = nowMs()
    const mf = freshIsolate(iso)
    try {
      await mf.ready
      ready.push(nowMs() - t0)
      first.push((await timedFetch(mf, `http://bench${path}`)).ms)
    } finally {
      await mf.dispose()
    }
  }
  const r = median(ready)
  const f = median(first)
  return { startupMs: r, firstRequestMs: f, totalMs: median(ready.map((x, i) => x + (first[i] as number))) }
}

export async function runWorker(opts: BenchOptions): Promise<SectionResult> {
  const samples = scaled(opts, 7, 2)
  const ours = await bundleWorker(join(opts.root, 'functions/worker.ts'))
  const hello = await bundleWorker(join(opts.root, 'test/bench/workers/hello-worker.ts'))
  const bindings = { VERDICT_DYNAMODB_TABLE: 'verdict', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench' }
  // /healthz needs no store: the first response measures isolate start, module evaluation and the app's construction.
  // Same Miniflare configuration for both (bindings, KV namespace): only the script differs.
  const oursT = await firstResponse({ script: ours.text, bindings, kvNamespaces: ['SNAPSHOTS'] }, '/healthz', samples)
  const helloT = await firstResponse({ script: hello.text, bindings, kvNamespaces: ['SNAPSHOTS'] }, '/', samples)
  const budgetBytes = 400 * 1024
  const figures = {
    samples,
    bundleBytes: ours.bytes,
    bundleGzipBytes: ours.gzipBytes,
    helloBundleBytes: hello.bytes,
    gzipToBudgetRatio: ratio(ours.gzipBytes, budgetBytes, 'gzip bundle / 400 KiB'),
    ours: oursT,
    hello: helloT,
    firstResponseToHelloRatio: ratio(oursT.totalMs, helloT.totalMs, 'first response vs hello'),
    firstRequestToHelloRatio: ratio(oursT.firstRequestMs, helloT.firstRequestMs, 'first request vs hello'),
  }
  return {
    id: 'worker',
    title: '4. Worker bundle and cold start (workerd via Miniflare)',
    figures,
    tables: [
      {
        title: 'Bundle (esbuild as wrangler, minified)',
        columns: ['bundle', 'raw', 'gzip', 'gzip vs 400 KiB target'],
        rows: [
          ['functions/worker.ts', fmtBytes(ours.bytes), fmtBytes(ours.gzipBytes), `${fmt(figures.gzipToBudgetRatio)} ×`],
          ['hello-world Worker', fmtBytes(hello.bytes), fmtBytes(hello.gzipBytes), '—'],
        ],
      },
      {
        title: `Time to first response, fresh workerd each time (median of ${samples})`,
        columns: ['Worker', 'start-up ms', 'first request ms', 'total ms', '× hello'],
        rows: [
          ['Verdict (GET /healthz)', fmt(oursT.startupMs, 0), fmt(oursT.firstRequestMs, 1), fmt(oursT.totalMs, 0), fmt(figures.firstResponseToHelloRatio)],
          ['hello world', fmt(helloT.startupMs, 0), fmt(helloT.firstRequestMs, 1), fmt(helloT.totalMs, 0), '1.00'],
        ],
      },
    ],
    headline: [
      ['Worker bundle, gzip', fmtBytes(ours.gzipBytes), '< 400 KiB'],
      ['Worker time to first response / hello-world Worker', `${fmt(figures.firstResponseToHelloRatio)} ×`, '—'],
    ],
    notes: [
      'start-up: new Miniflare until ready (workerd process, isolate, module evaluation); first request: the first dispatched fetch (for Verdict, building the app). Miniflare adds its own process start and loopback hop, the same for both Workers.',
    ],
  }
}
