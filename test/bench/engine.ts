/**
 * Engine microbenchmark: µs per resource for the corpus' Pod Security (baseline + restricted)
 * policies against the floor — JSON.parse + JSON.stringify of the same AdmissionReview — measured
 * side by side in one run. Ratios are what we track; absolute times vary by machine.
 *
 *   npm run bench            full run
 *   npm run bench -- --quick  scaled-down smoke run (marked quick in the results)
 */
import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { execSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import os from 'node:os'
import { decodeDocuments } from '../../shared/kube/decode.ts'
import { loadPolicy, type LoadedPolicy } from '../../shared/policy/load.ts'
import { evaluatePolicy } from '../../shared/engine/evaluate.ts'
import { isObject, type JsonObject } from '../../shared/lib/json.ts'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..')
const shared = process.env.VERDICT_SHARED_DIR ?? join(root, '..', 'shared')
const quick = process.argv.includes('--quick')

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    if (statSync(p).isDirectory()) return n.startsWith('.') ? [] : yamlFiles(p)
    return n.endsWith('.yaml') ? [p] : []
  })
}

function loadPolicies(dirs: string[]): LoadedPolicy[] {
  const out: LoadedPolicy[] = []
  for (const d of dirs) {
    for (const f of yamlFiles(d)) {
      for (const doc of decodeDocuments(readFileSync(f, 'utf8'))) {
        const r = loadPolicy(doc)
        if (r.status === 'ok') out.push(r.policy)
      }
    }
  }
  return out
}

function review(obj: JsonObject, i: number): string {
  const meta = isObject(obj.metadata) ? obj.metadata : {}
  return JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
      kind: { group: '', version: 'v1', kind: obj.kind },
      resource: { group: '', version: 'v1', resource: 'pods' },
      namespace: meta.namespace ?? 'default',
      operation: 'CREATE',
      userInfo: { username: 'system:serviceaccount:ci:deployer', groups: ['system:serviceaccounts'] },
      object: obj,
      oldObject: null,
      dryRun: false,
    },
  })
}

/** Median of `rounds` timings of fn over all items, in µs per item. */
function measure(rounds: number, items: number, fn: () => void): number {
  fn() // warm-up: JIT, caches (compiled autogen rules, parsed JMESPath)
  const samples: number[] = []
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint()
    fn()
    samples.push(Number(process.hrtime.bigint() - t0) / 1000 / items)
  }
  samples.sort((a, b) => a - b)
  return samples[Math.floor(samples.length / 2)] as number
}

const policyDirs = ['baseline', 'restricted'].map((d) => join(shared, 'conformance/kyverno-policies/pod-security', d))
const policies = loadPolicies(policyDirs)
const all = decodeDocuments(readFileSync(join(shared, 'bench/pods-1000.yaml'), 'utf8')).filter(isObject)
const resources = quick ? all.slice(0, 200) : all
const reviews = resources.map((r, i) => review(r, i))
const rounds = quick ? 5 : 15

let sink = 0
const floorUs = measure(rounds, reviews.length, () => {
  for (const text of reviews) sink += JSON.stringify(JSON.parse(text)).length
})
const parsed = reviews.map((t) => (JSON.parse(t) as { request: { object: JsonObject } }).request.object)
let verdicts = 0
const engineUs = measure(rounds, parsed.length, () => {
  for (const object of parsed) {
    for (const p of policies) {
      const res = evaluatePolicy(p, { operation: 'CREATE', object, oldObject: null })
      verdicts += res.rules.length
    }
  }
})
const endToEndUs = measure(rounds, reviews.length, () => {
  for (const text of reviews) {
    const object = (JSON.parse(text) as { request: { object: JsonObject } }).request.object
    const rules = policies.map((p) => evaluatePolicy(p, { operation: 'CREATE', object, oldObject: null }).rules)
    sink += JSON.stringify({ response: { allowed: true }, rules }).length
  }
})

let commit = 'unknown'
try {
  commit = execSync('git rev-parse --short HEAD', { cwd: root }).toString().trim()
} catch {
  /* not a git checkout */
}
const result = {
  quick,
  commit,
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '', node: process.version },
  engine: {
    policies: policies.length,
    resources: resources.length,
    floorUsPerResource: floorUs,
    engineUsPerResource: engineUs,
    endToEndUsPerResource: endToEndUs,
    engineToFloorRatio: engineUs / floorUs,
    endToEndToFloorRatio: endToEndUs / floorUs,
  },
}
for (const [k, v] of Object.entries(result.engine)) {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`measurement ${k} could not be taken`)
}
mkdirSync(join(here, 'results'), { recursive: true })
writeFileSync(join(here, 'results', 'latest.json'), JSON.stringify(result, null, 2) + '\n')
const f = (n: number) => n.toFixed(2)
console.log(`Verdict engine bench${quick ? ' (quick)' : ''} @ ${commit} — ${result.machine.cpus} cores, Node ${process.version}`)
console.log(`${policies.length} Pod Security policies (corpus baseline + restricted), ${resources.length} Pods/Deployments`)
console.table({
  'floor: JSON.parse+stringify of the AdmissionReview': { 'µs/resource': f(floorUs), ratio: '1.00' },
  'engine: evaluate all policies': { 'µs/resource': f(engineUs), ratio: f(result.engine.engineToFloorRatio) },
  'parse + evaluate + serialise verdict': { 'µs/resource': f(endToEndUs), ratio: f(result.engine.endToEndToFloorRatio) },
})
if (sink < 0 || verdicts < 0) console.log('')
