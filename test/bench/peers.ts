/**
 * Section 2 — peers on identical input in the same process: Verdict, Monokle's Pod Security
 * plugin and the CEL baseline on the shared bench manifests. Parse, evaluation and result building
 * are timed separately (interleaved across tools, CPU time); verdicts are compared per resource
 * and control at each level, over the controls each peer checks.
 */
import { usPerItemEachAsync } from './lib/measure.ts'
import { benchText } from './lib/corpus.ts'
import { scaled, type BenchOptions } from './lib/options.ts'
import { fmt, ratio, type Cell, type SectionResult } from './lib/report.ts'
import { LEVELS, type Failing } from './peers/controls.ts'
import { loadCelRules, prepareCel } from './peers/cel.ts'
import { diagnose, type Difference } from './peers/diagnose.ts'
import { prepareMonokle } from './peers/monokle.ts'
import { blockNetwork } from './peers/network.ts'
import { prepareOurs } from './peers/ours.ts'
import type { PeerRun } from './peers/types.ts'
import { parseAllDocuments } from 'yaml'
import { isObject, type JsonObject } from '../../shared/lib/json.ts'

/** The first `n` documents of a multi-document YAML text, as written (quick runs). */
function firstDocuments(text: string, n: number): string {
  const docs = parseAllDocuments(text)
  if (docs.length <= n) return text
  return text.slice(0, (docs[n] as { range: [number, number, number] }).range[0])
}

interface FileResult {
  file: string
  resources: number
  tools: Record<string, { phasesUsPerResource: Record<string, number>; totalUsPerResource: number }>
  differences: Difference[]
}

function compare(file: string, objects: readonly JsonObject[], ours: readonly Failing[], peer: PeerRun, peerVerdicts: readonly Failing[]): Difference[] {
  if (!peer.coverage) throw new Error('compare: the peer has no coverage')
  if (peerVerdicts.length !== ours.length) throw new Error(`${file}: ${peer.tool} saw ${peerVerdicts.length} resources, Verdict ${ours.length}`)
  const out: Difference[] = []
  objects.forEach((object, i) => {
    for (const level of LEVELS) {
      for (const control of [...peer.coverage![level]].sort()) {
        const o = (ours[i] as Failing)[level].has(control)
        const p = (peerVerdicts[i] as Failing)[level].has(control)
        if (o === p) continue
        const meta = isObject(object.metadata) ? object.metadata : {}
        out.push({ file, index: i, resource: `${String(object.kind)}/${String(meta.name ?? '')}`, level, control, peer: peer.tool, ours: o ? 'fail' : 'pass', theirs: p ? 'fail' : 'pass', ...diagnose(object, level, control, o, peer.tool) })
      }
    }
  })
  return out
}

export async function runPeers(opts: BenchOptions): Promise<SectionResult> {
  const rounds = scaled(opts, 7, 3)
  const limit = scaled(opts, Infinity, 50)
  const files = ['pods-1000.yaml', 'pods-1000-compliant.yaml', 'handcheck-5.yaml']
  const net = blockNetwork()
  const results: FileResult[] = []
  let celCompileMs = 0
  let celPolicies = 0
  try {
    const cel = loadCelRules(opts.shared)
    celCompileMs = cel.compileMs
    celPolicies = cel.policies
    for (const file of files) {
      const text = Number.isFinite(limit) ? firstDocuments(benchText(opts.shared, file), limit) : benchText(opts.shared, file)
      const objects = parseAllDocuments(text)
        .map((d) => d.toJS() as unknown)
        .filter(isObject)
      const runs = [prepareOurs(text, file), await prepareMonokle(text, file), prepareCel(cel.rules, text)]
      for (const r of runs) if (r.resources !== objects.length) throw new Error(`${file}: ${r.tool} read ${r.resources} resources, expected ${objects.length}`)
      const works = runs.flatMap((r) => r.phases.map((p) => p.work))
      const timings = await usPerItemEachAsync(rounds, works)
      const tools: FileResult['tools'] = {}
      let k = 0
      for (const r of runs) {
        const phases: Record<string, number> = {}
        for (const p of r.phases) phases[p.name] = timings[k++] as number
        tools[r.tool] = { phasesUsPerResource: phases, totalUsPerResource: Object.values(phases).reduce((a, b) => a + b, 0) }
      }
      const [ours, ...peers] = runs as [PeerRun, ...PeerRun[]]
      const ourVerdicts = await ours.verdicts()
      const differences: Difference[] = []
      for (const p of peers) differences.push(...compare(file, objects, ourVerdicts, p, await p.verdicts()))
      results.push({ file, resources: objects.length, tools, differences })
    }
  } finally {
    net.restore()
  }
  const attempts = net.attempts()
  if (attempts.length > 0) throw new Error(`a peer tried to use the network during the bench: ${attempts.slice(0, 3).join('; ')}`)

  const figures: Record<string, unknown> = { rounds, celPolicies, celCompileMs, networkAttempts: 0, files: {} as Record<string, unknown> }
  const timingRows: Cell[][] = []
  const verdictRows: Cell[][] = []
  const diffRows: Cell[][] = []
  const totals = { ours: 0, monokle: 0, cel: 0, oursEval: 0, celEval: 0, oursEvalBuild: 0, monokleEvalBuild: 0, n: 0 }
  const wrong: Record<string, number> = { Verdict: 0, Monokle: 0, 'CEL (cel-js)': 0 }
  for (const r of results) {
    const ours = r.tools.Verdict!
    const mon = r.tools.Monokle!
    const cel = r.tools['CEL (cel-js)']!
    const monokleToOursRatio = ratio(mon.totalUsPerResource, ours.totalUsPerResource, `${r.file} Monokle/ours`)
    const celToOursRatio = ratio(cel.totalUsPerResource, ours.totalUsPerResource, `${r.file} CEL/ours`)
    const oursToCelEvaluationRatio = ratio(ours.phasesUsPerResource.evaluate as number, cel.phasesUsPerResource.evaluate as number, `${r.file} ours/CEL evaluation`)
    const oursEvalBuild = (ours.phasesUsPerResource.evaluate as number) + (ours.phasesUsPerResource.build as number)
    const monokleToOursEvaluateBuildRatio = ratio(mon.phasesUsPerResource['evaluate+build'] as number, oursEvalBuild, `${r.file} Monokle/ours evaluate+build`)
    for (const d of r.differences) {
      if (d.rightByPss === 'Verdict') wrong[d.peer] = (wrong[d.peer] ?? 0) + 1
      else if (d.rightByPss === d.peer) wrong.Verdict = (wrong.Verdict ?? 0) + 1
    }
    ;(figures.files as Record<string, unknown>)[r.file] = {
      resources: r.resources,
      tools: r.tools,
      monokleToOursRatio,
      celToOursRatio,
      oursToCelEvaluationRatio,
      monokleToOursEvaluateBuildRatio,
      differences: r.differences.length,
    }
    totals.n += r.resources
    totals.ours += ours.totalUsPerResource * r.resources
    totals.monokle += mon.totalUsPerResource * r.resources
    totals.cel += cel.totalUsPerResource * r.resources
    totals.oursEval += (ours.phasesUsPerResource.evaluate as number) * r.resources
    totals.celEval += (cel.phasesUsPerResource.evaluate as number) * r.resources
    totals.oursEvalBuild += oursEvalBuild * r.resources
    totals.monokleEvalBuild += (mon.phasesUsPerResource['evaluate+build'] as number) * r.resources
    for (const [tool, t] of Object.entries(r.tools)) {
      const p = t.phasesUsPerResource
      const evalCell = p['evaluate+build'] !== undefined ? `${fmt(p['evaluate+build'])} (eval+build)` : fmt(p.evaluate as number)
      timingRows.push([`${r.file} (${r.resources})`, tool, fmt(p.parse as number), evalCell, p.build !== undefined ? fmt(p.build) : '—', fmt(t.totalUsPerResource), tool === 'Verdict' ? '1.00' : fmt(t.totalUsPerResource / ours.totalUsPerResource)])
    }
    const byPeer = (peer: string) => r.differences.filter((d) => d.peer === peer).length
    verdictRows.push([r.file, r.resources, byPeer('Monokle'), byPeer('CEL (cel-js)')])
  }
  // Differences grouped: same peer, control, level, direction and diagnosis.
  const groups = new Map<string, { d: Difference; n: number; examples: string[] }>()
  for (const r of results) {
    for (const d of r.differences) {
      const key = [d.peer, d.level, d.control, d.ours, d.theirs, d.reason].join('|')
      const g = groups.get(key) ?? { d, n: 0, examples: [] }
      g.n++
      if (g.examples.length < 2) g.examples.push(`${d.file}#${d.index} ${d.resource}`)
      groups.set(key, g)
    }
  }
  for (const g of groups.values()) {
    diffRows.push([g.d.peer, `${g.d.control} @${g.d.level}`, `ours ${g.d.ours} / theirs ${g.d.theirs}`, g.n, g.d.rightByPss, g.d.reason, g.examples.join(', ')])
  }
  const differences = [...groups.values()].map((g) => ({ peer: g.d.peer, level: g.d.level, control: g.d.control, ours: g.d.ours, theirs: g.d.theirs, count: g.n, rightByPss: g.d.rightByPss, reason: g.d.reason, examples: g.examples }))
  Object.assign(figures, {
    differences,
    wrongVerdicts: wrong,
    overall: {
      resources: totals.n,
      oursUsPerResource: totals.ours / totals.n,
      monokleUsPerResource: totals.monokle / totals.n,
      celUsPerResource: totals.cel / totals.n,
      monokleToOursRatio: ratio(totals.monokle, totals.ours, 'Monokle/ours overall'),
      celToOursRatio: ratio(totals.cel, totals.ours, 'CEL/ours overall'),
      oursToCelEvaluationRatio: ratio(totals.oursEval, totals.celEval, 'ours/CEL evaluation overall'),
      monokleToOursEvaluateBuildRatio: ratio(totals.monokleEvalBuild, totals.oursEvalBuild, 'Monokle/ours evaluate+build overall'),
    },
  })
  const overall = figures.overall as Record<string, number>
  return {
    id: 'peers',
    title: '2. Peers on identical input (same process, network blocked)',
    figures,
    tables: [
      { title: 'µs per resource by phase (CPU time, median of interleaved rounds)', columns: ['input', 'tool', 'parse', 'evaluate', 'build', 'total', '× Verdict'], rows: timingRows },
      {
        title: 'Overall',
        columns: ['figure', 'value'],
        rows: [
          ['Monokle / Verdict, total µs per resource', `${fmt(overall.monokleToOursRatio as number)} ×`],
          ['Monokle / Verdict, evaluation + result building (YAML parsing excluded)', `${fmt(overall.monokleToOursEvaluateBuildRatio as number)} ×`],
          ['CEL / Verdict, total µs per resource', `${fmt(overall.celToOursRatio as number)} ×`],
          ['Verdict / CEL, evaluation only', `${fmt(overall.oursToCelEvaluationRatio as number)} ×`],
          ['wrong verdicts by the PSS (Verdict / Monokle / CEL)', `${wrong.Verdict} / ${wrong.Monokle} / ${wrong['CEL (cel-js)']}`],
        ],
      },
      { title: 'Verdict differences per input (resource × control × level)', columns: ['input', 'resources', 'vs Monokle', 'vs CEL'], rows: verdictRows },
      { title: 'Differences, grouped, and who is right by the Pod Security Standards', columns: ['peer', 'control @level', 'verdicts', 'count', 'right', 'why', 'examples'], rows: diffRows.length > 0 ? diffRows : [['—', '—', '—', 0, '—', 'no differences', '—']] },
    ],
    headline: [
      ['Monokle / Verdict per resource: total (incl. YAML parsing) · evaluation + results', `${fmt(overall.monokleToOursRatio as number)} × · ${fmt(overall.monokleToOursEvaluateBuildRatio as number)} ×`, '≥ 10 ×'],
      ['Verdict / CEL baseline, evaluation per resource', `${fmt(overall.oursToCelEvaluationRatio as number)} ×`, '≤ 1 ×'],
      ['Wrong verdicts by the PSS: Verdict / Monokle / CEL', `${wrong.Verdict} / ${wrong.Monokle} / ${wrong['CEL (cel-js)']}`, 'Verdict 0'],
    ],
    notes: [
      `Verdict: the library's pod-security-restricted set (one podSecurity rule, the standards as of Kubernetes v1.37), through parseResources → buildReport → SARIF. Monokle: @monokle/validation, pod-security-standards plugin only, all 17 rules on; its validate() evaluates and writes SARIF in one pass. CEL: @marcbachmann/cel-js on the ${celPolicies} pod-security-cel policies of the corpus (compiled once in ${fmt(celCompileMs, 1)} ms, not timed), results as JSON.`,
      'Each peer is compared only on the controls it checks at that level: CEL has no AppArmor, Seccomp or /proc Mount policy and no restricted capabilities (drop ALL) policy in the corpus; no peer checks host probes.',
      ...(opts.quick ? ['quick: the first 50 documents of each 1000-resource file.'] : []),
    ],
  }
}

