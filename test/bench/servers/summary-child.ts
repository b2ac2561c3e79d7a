/**
 * The report summary's query time as the verdict log grows (bench only, own process for its
 * heap): records made by the real record builder from real admission decisions on the bench mix,
 * stamped with fresh ids, uids and times over the last 7 days across 3 clusters, written through
 * the in-memory log in batches; `GET /v1/reports/summary` timed in process after the small and
 * after the large fill. Prints one JSON line.
 */
import { createApp } from '../../../shared/api/app.ts'
import { compileSet, decideAdmission, type ClusterSettings } from '../../../shared/api/admission/index.ts'
import { hashSecret, mintSecret } from '../../../shared/api/auth/secrets.ts'
import { admissionRecord, recordId } from '../../../shared/api/reports/record.ts'
import { parseAdmissionReview, type AdmissionRequest } from '../../../shared/kube/admission.ts'
import { createMemoryStores } from '../../../shared/store/memory/index.ts'
import { createMemoryVerdictLog } from '../../../shared/store/memory/log.ts'
import type { VerdictRecord } from '../../../shared/store/verdict-log.ts'
import { benchObjects, cronJobFrom, reviewFor } from '../lib/corpus.ts'
import { librarySet } from '../lib/library.ts'
import { median } from '../lib/measure.ts'

const shared = process.env.VERDICT_SHARED_DIR as string
const small = Number(process.env.BENCH_SMALL)
const large = Number(process.env.BENCH_LARGE)
if (!shared || !(small > 0) || !(large > small)) throw new Error('summary-child: VERDICT_SHARED_DIR, BENCH_SMALL < BENCH_LARGE required')

const NOW = new Date('2026-06-01T12:00:00Z')
const log = createMemoryVerdictLog()
const root = mintSecret('root')
const app = createApp({ stores: createMemoryStores(), verdictLog: log, rootTokenHash: await hashSecret(root), now: () => NOW })
const created = await app.request('/v1/tenants', { method: 'POST', headers: { authorization: `Bearer ${root}`, 'content-type': 'application/json' }, body: JSON.stringify({ tenantId: 'acme', name: 'acme' }) })
if (created.status !== 201) throw new Error(`tenant: ${created.status} ${await created.text()}`)
const admin = String(((await created.json()) as { secret: string }).secret)

// Template records: real decisions of the bench mix against the library's restricted PSS and runtime profiles.
const set = compileSet('prod', 3, [...librarySet('pod-security-restricted'), ...librarySet('runtime-security-profiles')])
const cluster: ClusterSettings = { id: 'c1', namespaceExclusions: [], failureMode: 'fail-closed' }
// 200 workloads (Pods, Deployments, CronJobs) across 3 clusters and 7 days: the summary's per-workload
// cells saturate after 200 × 3 × 7 records, so the figures compare log sizes, not workload counts.
const objects = benchObjects(shared, 'pods-1000.yaml')
const mix = [...objects, ...objects.filter((o) => o.kind === 'Deployment').map(cronJobFrom)].filter((_, i) => i % 7 === 0).slice(0, 200)
const templates: VerdictRecord[] = mix.map((o, i) => {
  const p = parseAdmissionReview(reviewFor(o, i))
  if (!p.ok) throw new Error('review did not parse')
  const request = p.value.request as AdmissionRequest
  const decision = decideAdmission(request, set, cluster)
  return admissionRecord({ id: 'x', time: NOW.toISOString(), clusterId: 'c1', request, decision, set: { name: 'prod', version: 3 }, latencyMs: 1 })
})

let written = 0
let writeMs = 0
async function fillTo(n: number): Promise<void> {
  while (written < n) {
    const batch: VerdictRecord[] = []
    for (let k = 0; k < 500 && written + batch.length < n; k++) {
      const i = written + batch.length
      const t = templates[i % templates.length] as VerdictRecord
      // Day i mod 7, then spread within the day; 200, 3 and 7 are coprime, so every (workload, cluster, day) recurs.
      const time = new Date(NOW.getTime() - (i % 7) * 86_400_000 - ((i * 7919) % 86_400_000) - 1).toISOString()
      batch.push({ ...t, id: recordId(time), uid: crypto.randomUUID(), time, source: { type: 'cluster', clusterId: `c${(i % 3) + 1}` } })
    }
    const t0 = performance.now()
    const out = await log.write('acme', batch, { retentionDays: 30 })
    writeMs += performance.now() - t0
    if (out.written !== batch.length) throw new Error(`log wrote ${out.written} of ${batch.length}`)
    written += batch.length
  }
}

async function summaryMs(): Promise<{ ms: number; rules: number }> {
  const samples: number[] = []
  let bytes = 0
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now()
    const res = await app.request('/v1/reports/summary', { headers: { authorization: `Bearer ${admin}` } })
    const text = await res.text()
    samples.push(performance.now() - t0)
    if (res.status !== 200) throw new Error(`summary: ${res.status} ${text.slice(0, 300)}`)
    bytes = text.length
  }
  return { ms: median(samples.slice(1)), rules: bytes }
}

await fillTo(small)
const atSmall = await summaryMs()
await fillTo(large)
const atLarge = await summaryMs()
process.stdout.write(
  JSON.stringify({ small, large, summarySmallMs: atSmall.ms, summaryLargeMs: atLarge.ms, summaryBytes: atLarge.rules, writeUsPerRecord: (writeMs * 1000) / written, heapBytes: process.memoryUsage().heapUsed }) + '\n',
)
