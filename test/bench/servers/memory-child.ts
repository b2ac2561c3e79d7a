/**
 * Memory figures in a process of their own (run with --expose-gc), so nothing else the bench did
 * is on the heap: the heap a loaded and compiled 300-policy set takes, and the heap after N
 * admission decisions against the heap after a warm-up (flat means nothing accumulates per
 * request). Prints one JSON line.
 */
import { compileSet, decideAdmission, type ClusterSettings } from '../../../shared/api/admission/index.ts'
import { parseAdmissionReview, type AdmissionRequest } from '../../../shared/kube/admission.ts'
import type { JsonObject } from '../../../shared/lib/json.ts'
import { loadPolicy } from '../../../shared/policy/load.ts'
import { findLibrarySet } from '../../../shared/library/index.ts'
import { benchObjects, cronJobFrom, reviewFor } from '../lib/corpus.ts'
import { otherKindPolicy, podPolicy } from '../lib/policies.ts'

const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('memory-child: run with --expose-gc')
const heap = () => {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}
const shared = process.env.VERDICT_SHARED_DIR as string
const evaluations = Number(process.env.BENCH_EVALUATIONS)
if (!shared || !(evaluations > 0)) throw new Error('memory-child: VERDICT_SHARED_DIR and BENCH_EVALUATIONS are required')

const load = (docs: readonly unknown[]) =>
  docs.map((d) => {
    const r = loadPolicy(d)
    if (r.status !== 'ok') throw new Error(`policy did not load: ${r.status}`)
    return r.policy
  })

// 1. A 300-policy set (30 Pod + 270 other-kind), loaded and compiled as the set cache does.
const docs: JsonObject[] = Array.from({ length: 300 }, (_, i) => (i < 30 ? podPolicy(i) : otherKindPolicy(i - 30)))
const text = JSON.stringify(docs)
const before = heap()
const set300 = compileSet('mixed300', 1, load(JSON.parse(text) as unknown[]))
const after = heap()

// 2. Decisions on the bench mix against a production-like set: the library's restricted PSS and runtime profiles.
const library = ['pod-security-restricted', 'runtime-security-profiles'].flatMap((name) => {
  const r = findLibrarySet(name)
  if (!r.ok) throw new Error(`library set ${name}: ${r.error}`)
  return r.value.policies.map((p) => p.document)
})
const set = compileSet('library', 1, load(library))
const objects = benchObjects(shared, 'pods-1000.yaml')
const mix = [...objects, ...objects.filter((o) => o.kind === 'Deployment').map(cronJobFrom)]
const requests = mix.map((o, i) => {
  const p = parseAdmissionReview(reviewFor(o, i))
  if (!p.ok) throw new Error('review did not parse')
  return p.value.request as AdmissionRequest
})
const cluster: ClusterSettings = { id: 'bench', namespaceExclusions: [], failureMode: 'fail-closed' }
// Library policies install as Audit by default: count decisions with a failing rule (warned), not denials.
let failing = 0
const run = (n: number) => {
  for (let i = 0; i < n; i++) {
    const d = decideAdmission(requests[i % requests.length] as AdmissionRequest, set, cluster)
    if (d.results.some((p) => p.rules.some((r) => r.status === 'fail'))) failing++
  }
}
// Warm-up: every request of the mix once, so per-kind rule lists and other bounded caches are built.
run(requests.length)
const warm = heap()
run(evaluations)
const end = heap()
process.stdout.write(
  JSON.stringify({
    setPolicies: set300.policies.length,
    heapBeforeSetBytes: before,
    heapAfterSetBytes: after,
    setHeapBytes: after - before,
    libraryPolicies: library.length,
    evaluations,
    heapAfterWarmupBytes: warm,
    heapAfterEvaluationsBytes: end,
    failing,
  }) + '\n',
)
