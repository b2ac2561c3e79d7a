/**
 * Verdict on the peer inputs, the way `verdict evaluate` / `POST /v1/evaluate` runs: parse the
 * manifests (parseResources), evaluate into a report (buildReport), render SARIF (the format
 * Monokle answers in). The policy is the library's pod-security-restricted set (one podSecurity
 * rule); its pod-security-baseline set is evaluated untimed, only to read baseline-level verdicts.
 */
import { buildReport, formatReport, parseResources, type InputResource } from '../../../shared/report/index.ts'
import type { EvaluationReport } from '../../../shared/report/schema.ts'
import { librarySet } from '../lib/library.ts'
import { sink } from '../lib/measure.ts'
import { controlsInPssMessage, emptyFailing, type Failing, type Level } from './controls.ts'
import type { PeerRun } from './types.ts'

function parse(text: string, file: string): InputResource[] {
  const r = parseResources(text, { file })
  if (!r.ok) throw new Error(`${file}: ${r.error.message}`)
  return r.value
}

export function prepareOurs(text: string, file: string): PeerRun {
  const restricted = librarySet('pod-security-restricted')
  const baseline = librarySet('pod-security-baseline')
  const resources = parse(text, file)
  const report = buildReport(restricted, resources)
  return {
    tool: 'Verdict',
    resources: resources.length,
    phases: [
      { name: 'parse', work: { items: resources.length, fn: async () => void (sink.n += parse(text, file).length) } },
      { name: 'evaluate', work: { items: resources.length, fn: async () => void (sink.n += buildReport(restricted, resources).resources.length) } },
      { name: 'build', work: { items: resources.length, fn: async () => void (sink.n += formatReport(report, 'sarif').length) } },
    ],
    verdicts: async () => {
      const byLevel: Array<[Level, EvaluationReport]> = [
        ['baseline', buildReport(baseline, resources)],
        ['restricted', report],
      ]
      const out: Failing[] = resources.map(() => emptyFailing())
      for (const [level, rep] of byLevel) {
        rep.resources.forEach((res, i) => {
          for (const r of res.results) {
            if (r.status === 'error' || r.status === 'warn') throw new Error(`Verdict gave ${r.status} on ${file} resource ${i}: ${r.message}`)
            if (r.status === 'fail') for (const c of controlsInPssMessage(r.message)) (out[i] as Failing)[level].add(c)
          }
        })
      }
      return out
    },
    // Verdict's podSecurity rule runs every control Kubernetes defines, at both levels.
    coverage: null,
  }
}
