/**
 * Section 6 — cold start on Node: process start to first answered admission request, ours against
 * a bare Hono server. Both entries are bundled with esbuild (as a deployment would ship them) and
 * started as fresh `node` processes. Ours uses in-memory stores (test/bench/servers/cold-ours.ts),
 * so DynamoDB Local's java start-up is excluded; its seeding of a tenant through the API is
 * measured inside the process and subtracted.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { build } from 'esbuild'
import { review } from './admission.ts'
import { median, nowMs } from './lib/measure.ts'
import { scaled, type BenchOptions } from './lib/options.ts'
import { enforcing } from './lib/policies.ts'
import { kyvernoScenarioPolicies } from './lib/pss17.ts'
import { fmt, ratio, type SectionResult } from './lib/report.ts'

interface Ready {
  port: number
  path: string
  seedMs: number
}

/** Spawn → first answered request, wall ms; and the part the process spent seeding. */
async function coldStart(file: string): Promise<{ totalMs: number; seedMs: number; listenMs: number }> {
  const t0 = nowMs()
  const proc = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  proc.stderr.on('data', (d: Buffer) => void (stderr += d.toString()))
  try {
    const ready = await new Promise<Ready>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${file}: not listening within 30 s; ${stderr}`)), 30_000)
      createInterface({ input: proc.stdout }).once('line', (l) => {
        clearTimeout(timer)
        resolve(JSON.parse(l) as Ready)
      })
      proc.once('exit', (code) => reject(new Error(`${file} exited (${code}); ${stderr}`)))
    })
    const listenMs = nowMs() - t0
    const res = await fetch(`http://127.0.0.1:${ready.port}${ready.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: review })
    const body = (await res.json()) as { response?: { allowed?: boolean } }
    const totalMs = nowMs() - t0
    if (res.status !== 200 || body.response?.allowed !== true) throw new Error(`${file}: first request answered ${res.status} ${JSON.stringify(body).slice(0, 200)}`)
    return { totalMs, seedMs: ready.seedMs, listenMs }
  } finally {
    proc.kill('SIGKILL')
  }
}

export async function runColdStart(opts: BenchOptions): Promise<SectionResult> {
  const samples = scaled(opts, 10, 2)
  const dir = mkdtempSync(join(tmpdir(), 'verdict-cold-'))
  try {
    const policies = kyvernoScenarioPolicies(opts.shared).map(enforcing)
    const files: Record<'ours' | 'bare', string> = { ours: join(dir, 'ours.mjs'), bare: join(dir, 'bare.mjs') }
    for (const [name, entry] of [['ours', 'cold-ours.ts'], ['bare', 'cold-bare.ts']] as const) {
      const out = await build({
        entryPoints: [join(opts.root, 'test/bench/servers', entry)],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        define: { __POLICIES__: JSON.stringify(policies) },
        // Bundled CommonJS dependencies call require(); give the ESM bundle one.
        banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
        write: false,
        logLevel: 'silent',
      })
      writeFileSync(files[name], out.outputFiles[0]!.contents)
    }
    const ours: Array<{ totalMs: number; seedMs: number; listenMs: number }> = []
    const bare: Array<{ totalMs: number; listenMs: number }> = []
    for (let i = 0; i < samples; i++) {
      ours.push(await coldStart(files.ours))
      bare.push(await coldStart(files.bare))
    }
    const oursMs = median(ours.map((s) => s.totalMs - s.seedMs))
    const bareMs = median(bare.map((s) => s.totalMs))
    const figures = {
      samples,
      policies: policies.length,
      oursFirstAnswerMs: oursMs,
      oursFirstAnswerWithSeedingMs: median(ours.map((s) => s.totalMs)),
      oursSeedMs: median(ours.map((s) => s.seedMs)),
      oursListenMs: median(ours.map((s) => s.listenMs - s.seedMs)),
      bareFirstAnswerMs: bareMs,
      bareListenMs: median(bare.map((s) => s.listenMs)),
      coldStartToBareRatio: ratio(oursMs, bareMs, 'cold start vs bare'),
    }
    return {
      id: 'coldStart',
      title: '6. Cold start on Node (process start to first answered admission request)',
      figures,
      tables: [
        {
          title: `Fresh node process each time, esbuild bundles (median of ${samples})`,
          columns: ['server', 'listening ms', 'first answer ms', '× bare'],
          rows: [
            [`Verdict (in-memory stores, ${policies.length} PSS policies, set compiled on the first request)`, fmt(figures.oursListenMs, 0), fmt(oursMs, 0), fmt(figures.coldStartToBareRatio)],
            ['bare Hono, fixed AdmissionReview', fmt(figures.bareListenMs, 0), fmt(bareMs, 0), '1.00'],
          ],
        },
      ],
      headline: [['Node cold start to first admission answer / bare Hono', `${fmt(figures.coldStartToBareRatio)} × (${fmt(oursMs, 0)} ms)`, '—']],
      notes: [
        `Ours runs a bench-only entry (test/bench/servers/cold-ours.ts): the real app over in-memory stores, so DynamoDB Local's java start-up is excluded. Seeding the tenant through the API (${fmt(figures.oursSeedMs, 0)} ms) is measured inside the process and subtracted.`,
      ],
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
