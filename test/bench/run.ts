/**
 * `npm run bench [-- --quick]`: every benchmark side by side in one run on this machine. Writes
 * test/bench/results/latest.json (raw figures, machine, commit, every ratio under a `…Ratio` key)
 * and latest.md, and prints the same tables. A measurement that cannot be taken fails the run;
 * nothing is written then. `--only=engine,peers` runs some sections and writes nothing (development).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runAdmission } from './admission.ts'
import { runColdCompile } from './cold-compile.ts'
import { runColdStart } from './cold-start.ts'
import { runEngine } from './engine.ts'
import { runKyvernoScenario } from './kyverno-scenario.ts'
import { runMemory } from './memory.ts'
import { runPeers } from './peers.ts'
import { runVerdictLog } from './verdict-log.ts'
import { runWorker } from './worker.ts'
import { checkFigures, gitInfo, machineInfo, markdownTable, type SectionResult } from './lib/report.ts'
import { readOptions, type BenchOptions } from './lib/options.ts'
import { nowMs } from './lib/measure.ts'

const sections: Array<{ id: string; run: (o: BenchOptions) => Promise<SectionResult> }> = [
  { id: 'engine', run: runEngine },
  { id: 'coldCompile', run: runColdCompile },
  { id: 'peers', run: runPeers },
  { id: 'admission', run: runAdmission },
  { id: 'worker', run: runWorker },
  { id: 'memory', run: runMemory },
  { id: 'coldStart', run: runColdStart },
  { id: 'kyvernoScenario', run: runKyvernoScenario },
  { id: 'verdictLog', run: runVerdictLog },
]

function render(s: SectionResult): string {
  const parts = [`## ${s.title}`]
  for (const t of s.tables) parts.push(`**${t.title}**\n\n${markdownTable(t)}`)
  if (s.notes.length > 0) parts.push(s.notes.map((n) => `- ${n}`).join('\n'))
  return parts.join('\n\n')
}

async function main(): Promise<void> {
  const opts = readOptions(process.argv.slice(2))
  const unknown = opts.only.filter((id) => !sections.some((s) => s.id === id))
  if (unknown.length > 0) throw new Error(`unknown section(s): ${unknown.join(', ')} (known: ${sections.map((s) => s.id).join(', ')})`)
  const git = gitInfo(opts.root)
  const machine = machineInfo()
  const started = nowMs()
  const header = `# Verdict bench${opts.quick ? ' (quick: scaled sizes and durations)' : ''}\n\ncommit ${git.commit.slice(0, 12)}${git.dirty ? ' (uncommitted changes)' : ''} · ${machine.os} · ${machine.cpus} × ${machine.cpuModel} · Node ${machine.node}`
  console.log(header + '\n')
  const results: SectionResult[] = []
  for (const s of sections) {
    if (opts.only.length > 0 && !opts.only.includes(s.id)) continue
    const t0 = nowMs()
    const r = await s.run(opts)
    checkFigures(r.figures, `sections.${r.id}`)
    results.push(r)
    console.log(render(r))
    console.log(`\n_(${((nowMs() - t0) / 1000).toFixed(1)} s)_\n`)
  }
  const result = {
    quick: opts.quick,
    commit: git.commit,
    dirty: git.dirty,
    date: new Date().toISOString(),
    durationSeconds: (nowMs() - started) / 1000,
    machine,
    sections: Object.fromEntries(results.map((r) => [r.id, r.figures])),
  }
  checkFigures(result, 'result')
  const summary = `## Summary\n\n${markdownTable({ title: 'Summary', columns: ['figure', 'measured', 'target / reference'], rows: results.flatMap((r) => r.headline) })}`
  console.log(summary + '\n')
  if (opts.only.length > 0) {
    console.log(`partial run (--only=${opts.only.join(',')}): results not written`)
    return
  }
  mkdirSync(opts.resultsDir, { recursive: true })
  writeFileSync(join(opts.resultsDir, 'latest.json'), JSON.stringify(result, null, 2) + '\n')
  writeFileSync(join(opts.resultsDir, 'latest.md'), [header, summary, ...results.map(render)].join('\n\n') + '\n')
  console.log(`wrote test/bench/results/latest.json and latest.md in ${result.durationSeconds.toFixed(0)} s`)
}

main().catch((e: unknown) => {
  console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`)
  process.exitCode = 1
})
