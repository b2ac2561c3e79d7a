/**
 * HTTP bench: admission requests/s and p50/p99 latency through our full route (webhook-key auth,
 * policy-set cache, evaluation, response) against a bare Hono route answering a fixed
 * AdmissionReview — same Node server, same load generator, same run, loopback only, bounded in
 * time. Also 30 vs 300 policies in the set. (The verdict log does not exist yet, so it is not on.)
 */
import { writeFileSync, mkdirSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AddressInfo } from 'node:net'
import { Hono } from 'hono'
import { serve } from '@hono/node-server'
import autocannon from 'autocannon'
import { createApp } from '../../shared/api/app.ts'
import { createMemoryStores } from '../../shared/store/memory/index.ts'
import { hashSecret, mintSecret } from '../../shared/api/auth/secrets.ts'

const quick = process.argv.includes('--quick')
const seconds = quick ? 3 : 10
const here = dirname(fileURLToPath(import.meta.url))

function policy(i: number): string {
  return `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: pod-rule-${i}}
spec:
  background: true
  rules:
  - name: check-${i}
    match: {any: [{resources: {kinds: [Pod]}}]}
    validate:
      failureAction: Enforce
      message: containers need a seccomp profile and no privilege escalation (${i})
      pattern:
        spec:
          securityContext: {seccompProfile: {type: RuntimeDefault | Localhost}}
          containers:
          - securityContext: {allowPrivilegeEscalation: "false"}
`
}

async function tenantWithSet(app: ReturnType<typeof createApp>, root: string, tenant: string, policies: number): Promise<string> {
  const post = (path: string, auth: string, body: string, type = 'application/json', method = 'POST') =>
    app.request(path, { method, headers: { authorization: `Bearer ${auth}`, 'content-type': type }, body })
  const admin = ((await (await post('/v1/tenants', root, JSON.stringify({ tenantId: tenant, name: tenant }))).json()) as { secret: string }).secret
  const set = Array.from({ length: policies }, (_, i) => policy(i)).join('---\n')
  const put = await post('/v1/policysets/bench', admin, set, 'application/yaml', 'PUT')
  if (put.status !== 201) throw new Error(`set PUT failed: ${put.status} ${await put.text()}`)
  const cluster = await post('/v1/clusters', admin, JSON.stringify({ clusterId: 'c', displayName: 'c', policySetId: 'bench', failureMode: 'fail-closed', kubernetesVersion: '1.30', namespaceExclusions: [] }))
  return ((await cluster.json()) as { secret: string }).secret
}

const review = JSON.stringify({
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  request: {
    uid: '00000000-0000-0000-0000-000000000001',
    kind: { group: '', version: 'v1', kind: 'Pod' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    namespace: 'default',
    operation: 'CREATE',
    userInfo: { username: 'system:serviceaccount:ci:deployer', groups: ['system:serviceaccounts'] },
    object: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
      spec: {
        securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        containers: [{ name: 'app', image: 'nginx:1.25', securityContext: { allowPrivilegeEscalation: false } }],
      },
    },
  },
})
const fixed = { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: '00000000-0000-0000-0000-000000000001', allowed: true } }

const root = mintSecret('root')
const app = createApp({ stores: createMemoryStores(), rootTokenHash: await hashSecret(root) })
const key30 = await tenantWithSet(app, root, 't30', 30)
const key300 = await tenantWithSet(app, root, 't300', 300)
const server = new Hono()
server.post('/bare', (c) => c.json(fixed))
server.route('/', app)
const listener = serve({ fetch: server.fetch, hostname: '127.0.0.1', port: 0 })
await new Promise((r) => listener.once('listening', r))
const base = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`

async function load(path: string) {
  const r = await autocannon({ url: base + path, method: 'POST', connections: 10, duration: seconds, headers: { 'content-type': 'application/json' }, body: review })
  if (r.errors > 0 || r.non2xx > 0) throw new Error(`${path}: ${r.errors} errors, ${r.non2xx} non-2xx responses`)
  return { rps: r.requests.average, p50Ms: r.latency.p50, p99Ms: r.latency.p99, requests: r.requests.total }
}

// Warm the compiled-set cache and the JIT before measuring.
for (const k of [key30, key300]) await fetch(`${base}/v1/admission/${k}/validate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: review })
const bare = await load('/bare')
const ours30 = await load(`/v1/admission/${key30}/validate`)
const ours300 = await load(`/v1/admission/${key300}/validate`)
listener.close()

const result = {
  quick,
  secondsPerRun: seconds,
  connections: 10,
  bare,
  admission30: ours30,
  admission300: ours300,
  admission30ToBareThroughputRatio: ours30.rps / bare.rps,
  admission300To30ThroughputRatio: ours300.rps / ours30.rps,
  admission300To30P50LatencyRatio: ours300.p50Ms > 0 && ours30.p50Ms > 0 ? ours300.p50Ms / ours30.p50Ms : 1,
}
for (const [k, v] of Object.entries(result)) if (k.endsWith('Ratio') && !Number.isFinite(v)) throw new Error(`measurement ${k} could not be taken`)
mkdirSync(join(here, 'results'), { recursive: true })
writeFileSync(join(here, 'results', 'admission.json'), JSON.stringify(result, null, 2) + '\n')
console.log(`\nAdmission over HTTP (${seconds} s per run, 10 connections, loopback, load generator on the same 2 cores)`)
console.table({
  'bare Hono route, fixed AdmissionReview': { 'req/s': bare.rps.toFixed(0), 'p50 ms': bare.p50Ms, 'p99 ms': bare.p99Ms },
  'Verdict admission, 30 Pod policies': { 'req/s': ours30.rps.toFixed(0), 'p50 ms': ours30.p50Ms, 'p99 ms': ours30.p99Ms },
  'Verdict admission, 300 Pod policies': { 'req/s': ours300.rps.toFixed(0), 'p50 ms': ours300.p50Ms, 'p99 ms': ours300.p99Ms },
})
console.log(`ours(30)/bare throughput ${result.admission30ToBareThroughputRatio.toFixed(2)}; 300/30 throughput ${result.admission300To30ThroughputRatio.toFixed(2)}`)
