/**
 * Section 1 — engine cost: µs per resource to decide admission for a realistic mix (Pods,
 * Deployments and CronJobs; 80 % violating) against the floor, `JSON.parse` + `JSON.stringify` of
 * the same AdmissionReview; then how the cost scales with the number of policies in a set.
 */
import { decideAdmission, compileSet, policiesForKind, type CompiledSet, type ClusterSettings } from '../../shared/api/admission/index.ts'
import { admissionResponse, parseAdmissionReview, type AdmissionRequest } from '../../shared/kube/admission.ts'
import type { JsonObject } from '../../shared/lib/json.ts'
import type { LoadedPolicy } from '../../shared/policy/load.ts'
import { benchObjects, corpusPodSecurityTexts, cronJobFrom, loadPolicies, reviewFor } from './lib/corpus.ts'
import { librarySet } from './lib/library.ts'
import { sink, usPerItemEach, type Work } from './lib/measure.ts'
import { scaled, type BenchOptions } from './lib/options.ts'
import { load, otherKindPolicy, podPolicy } from './lib/policies.ts'
import { fmt, ratio, type SectionResult } from './lib/report.ts'

const cluster: ClusterSettings = { id: 'bench', namespaceExclusions: [], failureMode: 'fail-closed' }

function requestOf(text: string): AdmissionRequest {
  const parsed = parseAdmissionReview(JSON.parse(text))
  if (!parsed.ok) throw new Error('bench review does not parse')
  return parsed.value.request as AdmissionRequest
}

/** The two works measured per set: the decision alone (requests pre-parsed), and review text to response text. */
function worksFor(set: CompiledSet, texts: readonly string[]): { decide: Work; endToEnd: Work; failing: number } {
  const requests = texts.map(requestOf)
  const decide: Work = {
    items: requests.length,
    fn: () => {
      for (const r of requests) sink.n += decideAdmission(r, set, cluster).results.length
    },
  }
  const endToEnd: Work = {
    items: texts.length,
    fn: () => {
      for (const t of texts) {
        const parsed = parseAdmissionReview(JSON.parse(t))
        if (!parsed.ok) throw new Error('unreachable: review parsed before')
        const d = decideAdmission(parsed.value.request as AdmissionRequest, set, cluster)
        sink.n += JSON.stringify(admissionResponse(parsed.value.version, d.response)).length
      }
    },
  }
  // Resources with a failing rule (the library sets install as Audit: they warn rather than deny).
  const failing = requests.filter((r) => decideAdmission(r, set, cluster).results.some((p) => p.rules.some((x) => x.status === 'fail'))).length
  return { decide, endToEnd, failing }
}

/** Rule responses a request gets from the set: what "cost per rule" divides by. */
function rulesEvaluated(set: CompiledSet, requests: readonly AdmissionRequest[]): number {
  let n = 0
  for (const r of requests) for (const p of decideAdmission(r, set, cluster).results) n += p.rules.length
  return n / requests.length
}

export async function runEngine(opts: BenchOptions): Promise<SectionResult> {
  const rounds = scaled(opts, 11, 5)
  const all = benchObjects(opts.shared, 'pods-1000.yaml')
  const base = opts.quick ? all.filter((_, i) => i % 15 === 0) : all
  const mix: JsonObject[] = [...base, ...base.filter((o) => o.kind === 'Deployment').map(cronJobFrom)]
  const texts = mix.map((o, i) => JSON.stringify(reviewFor(o, i)))
  const byKind = (k: string) => mix.filter((o) => o.kind === k).length

  const floorWork: Work = {
    items: texts.length,
    fn: () => {
      for (const t of texts) sink.n += JSON.stringify(JSON.parse(t)).length
    },
  }

  const sets: Array<{ key: string; label: string; policies: LoadedPolicy[] }> = [
    { key: 'podSecurityRestricted', label: 'PSS restricted (library set: one podSecurity rule)', policies: librarySet('pod-security-restricted') },
    { key: 'podSecurityRestrictedPerControl', label: 'PSS restricted (library set: one rule per control)', policies: librarySet('pod-security-restricted-per-control') },
    { key: 'runtimeProfiles', label: 'runtime security profiles (library set: seccomp + AppArmor)', policies: librarySet('runtime-security-profiles') },
    { key: 'podSecurityPatterns', label: "Kyverno's own PSS pattern policies (corpus baseline + restricted)", policies: loadPolicies(corpusPodSecurityTexts(opts.shared), 'corpus pod-security') },
  ]
  const prepared = sets.map((s) => ({ ...s, ...worksFor(compileSet(s.key, 1, s.policies), texts) }))
  const [floor, ...timed] = usPerItemEach(rounds, [floorWork, ...prepared.flatMap((p) => [p.decide, p.endToEnd])]) as [number, ...number[]]
  const perSet: Record<string, unknown> = {}
  const rows: (string | number)[][] = [['floor: JSON.parse + JSON.stringify of the review', '—', fmt(floor), '—', '1.00']]
  prepared.forEach((s, i) => {
    const decide = timed[2 * i] as number
    const endToEnd = timed[2 * i + 1] as number
    const engineToFloorRatio = ratio(decide, floor, `${s.key} engine/floor`)
    const endToEndToFloorRatio = ratio(endToEnd, floor, `${s.key} end-to-end/floor`)
    perSet[s.key] = { policies: s.policies.length, decideUsPerResource: decide, endToEndUsPerResource: endToEnd, resourcesFailing: s.failing, engineToFloorRatio, endToEndToFloorRatio }
    rows.push([s.label, s.policies.length, fmt(decide), fmt(endToEnd), `${fmt(engineToFloorRatio)} (e2e ${fmt(endToEndToFloorRatio)})`])
  })

  // Scaling, on the Pods of the mix: the kind index should make policies for other kinds free, and
  // the cost per rule should not grow with the number of rules.
  const pods = mix.filter((o) => o.kind === 'Pod').slice(0, scaled(opts, 500, 20)).map((o, i) => requestOf(JSON.stringify(reviewFor(o, i))))
  const pod30 = compileSet('pod30', 1, load(Array.from({ length: 30 }, (_, i) => podPolicy(i)), 'pod30'))
  const mixed300 = compileSet('mixed300', 1, [...pod30.policies, ...load(Array.from({ length: 270 }, (_, i) => otherKindPolicy(i)), 'other270')])
  const pod300 = compileSet('pod300', 1, load(Array.from({ length: 300 }, (_, i) => podPolicy(i)), 'pod300'))
  if (policiesForKind(mixed300, 'Pod').length !== 30) throw new Error('scaling: the mixed set should select exactly 30 policies for a Pod')
  const podWork = (set: CompiledSet): Work => ({
    items: pods.length,
    fn: () => {
      for (const r of pods) sink.n += decideAdmission(r, set, cluster).results.length
    },
  })
  const [t30, tMixed, t300] = usPerItemEach(rounds, [podWork(pod30), podWork(mixed300), podWork(pod300)]) as [number, number, number]
  const rules30 = rulesEvaluated(pod30, pods)
  const rules300 = rulesEvaluated(pod300, pods)
  const perRule30 = t30 / rules30
  const perRule300 = t300 / rules300
  const scaling = {
    podRequests: pods.length,
    pod30UsPerPod: t30,
    mixed300UsPerPod: tMixed,
    pod300UsPerPod: t300,
    rulesPerPod30: rules30,
    rulesPerPod300: rules300,
    usPerRule30: perRule30,
    usPerRule300: perRule300,
    mixed300To30Ratio: ratio(tMixed, t30, 'mixed300/30'),
    pod300To30Ratio: ratio(t300, t30, 'pod300/30'),
    perRule300To30Ratio: ratio(perRule300, perRule30, 'per-rule 300/30'),
  }

  return {
    id: 'engine',
    title: '1. Engine cost per resource (admission decision, in process)',
    figures: {
      resources: mix.length,
      kinds: { Pod: byKind('Pod'), Deployment: byKind('Deployment'), CronJob: byKind('CronJob') },
      rounds,
      floorUsPerResource: floor,
      sets: perSet,
      // The headline ratio: the library's restricted Pod Security set, as a tenant installs it.
      engineToFloorRatio: (perSet.podSecurityRestricted as { engineToFloorRatio: number }).engineToFloorRatio,
      scaling,
    },
    tables: [
      { title: `Engine vs the JSON floor — ${mix.length} resources (${byKind('Pod')} Pods, ${byKind('Deployment')} Deployments, ${byKind('CronJob')} CronJobs; 80 % violating)`, columns: ['policy set', 'policies', 'decide µs/res', 'end-to-end µs/res', '× floor'], rows },
      {
        title: `Scaling with policies — ${pods.length} Pod requests`,
        columns: ['set', 'µs/Pod', 'rules run per Pod', 'µs/rule', 'ratio'],
        rows: [
          ['30 Pod policies', fmt(t30), fmt(rules30, 1), fmt(perRule30, 3), '1.00'],
          ['30 Pod + 270 other-kind policies', fmt(tMixed), fmt(rules30, 1), fmt(tMixed / rules30, 3), `${fmt(scaling.mixed300To30Ratio)} × 30`],
          ['300 Pod policies', fmt(t300), fmt(rules300, 1), fmt(perRule300, 3), `${fmt(scaling.pod300To30Ratio)} × 30; per rule ${fmt(scaling.perRule300To30Ratio)}`],
        ],
      },
    ],
    headline: [
      ['Engine / JSON floor (library restricted PSS, per resource)', `${fmt((perSet.podSecurityRestricted as { engineToFloorRatio: number }).engineToFloorRatio)} ×`, '≤ 2 ×'],
      ['30 Pod + 270 other-kind policies / 30 alone, per Pod', `${fmt(scaling.mixed300To30Ratio)} ×`, '≤ 1.5 ×'],
      ['Cost per rule, 300 Pod policies / 30', `${fmt(scaling.perRule300To30Ratio)} ×`, 'flat (≈ 1 ×)'],
    ],
    notes: [
      'decide = decideAdmission on a parsed request (kind index, every matching policy, response with messages); end-to-end adds JSON.parse, AdmissionReview validation and JSON.stringify of the response.',
      'CronJobs wrap the bench Deployments\' pod templates (the bench manifests have none); Deployments and CronJobs are checked through Kyverno\'s autogen rules.',
    ],
  }
}
