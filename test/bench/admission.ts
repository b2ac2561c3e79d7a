/**
 * Section 3 — admission over HTTP: requests/s and latency through our full route (webhook-key
 * auth, policy-set cache, evaluation, response; verdict log on) against a bare Hono route
 * answering a fixed AdmissionReview — same Node server process, same load generator (autocannon,
 * in the bench process), same run, loopback only, fixed duration, bounded connections. Also 30 vs
 * 300 policies, and the verdict log on vs off.
 */
import { join } from 'node:path'
import { startChild } from './lib/child.ts'
import { load, type LoadResult } from './lib/load.ts'
import { scaled, type BenchOptions } from './lib/options.ts'
import { fmt, ratio, type SectionResult } from './lib/report.ts'
import { COMPLIANT_POD, REVIEW_UID } from './lib/reviews.ts'

export interface ServerInfo {
  ready: true
  logOff: { port: number; keys: Record<'pod30' | 'pod300' | 'pss17', string> }
  logOn: { port: number; keys: Record<'pod30' | 'pod300' | 'pss17', string> }
}

export const startBenchServer = (opts: BenchOptions) => startChild<ServerInfo>(join(opts.root, 'test/bench/servers/admission-server.ts'), { VERDICT_SHARED_DIR: opts.shared }, opts.root)

export const review = JSON.stringify({
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  request: {
    uid: REVIEW_UID,
    kind: { group: '', version: 'v1', kind: 'Pod' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    namespace: 'default',
    operation: 'CREATE',
    userInfo: { username: 'system:serviceaccount:ci:deployer', groups: ['system:serviceaccounts'] },
    object: COMPLIANT_POD,
    oldObject: null,
    dryRun: false,
  },
})

/** One request first: the route must answer a real decision (and the set cache and JIT warm up). */
export async function expectDecision(url: string, body: string, allowed: boolean): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
  const text = await res.text()
  const parsed = (res.status === 200 ? JSON.parse(text) : null) as { response?: { allowed?: boolean } } | null
  if (parsed?.response?.allowed !== allowed) throw new Error(`${url}: expected an AdmissionReview with allowed=${allowed}, got ${res.status} ${text.slice(0, 300)}`)
}

export async function runAdmission(opts: BenchOptions): Promise<SectionResult> {
  const seconds = scaled(opts, 10, 2)
  const connections = 10
  const server = await startBenchServer(opts)
  const { logOff, logOn } = server.info
  const off = `http://127.0.0.1:${logOff.port}`
  const on = `http://127.0.0.1:${logOn.port}`
  const route = (base: string, key: string) => `${base}/v1/admission/${key}/validate`
  let runs: Record<'bare' | 'on30' | 'off30' | 'on300', LoadResult>
  try {
    const routes = [route(on, logOn.keys.pod30), route(off, logOff.keys.pod30), route(on, logOn.keys.pod300)]
    for (const url of routes) await expectDecision(url, review, true)
    // Distinct uids, as an API server sends: with one uid the log would store a single record and
    // take its cheaper duplicate path on every other request.
    const reviews = (from: number, n: number) => Array.from({ length: n }, (_, i) => review.replace(REVIEW_UID, `${REVIEW_UID.slice(0, -8)}${(from + i).toString(16).padStart(8, '0')}`))
    const bodies = reviews(1_000_000, 50_000)
    // Untimed load on every route first: the apps share one process and its JIT, so whichever ran
    // first would pay the warm-up the others then get for free.
    for (const url of [`${off}/bare`, ...routes]) await load({ url, connections, seconds: 1, bodies: reviews(0, 5_000) })
    runs = {
      bare: await load({ url: `${off}/bare`, connections, seconds, bodies }),
      on30: await load({ url: route(on, logOn.keys.pod30), connections, seconds, bodies }),
      off30: await load({ url: route(off, logOff.keys.pod30), connections, seconds, bodies }),
      on300: await load({ url: route(on, logOn.keys.pod300), connections, seconds, bodies }),
    }
  } finally {
    await server.stop()
  }
  const figures = {
    seconds,
    connections,
    ...runs,
    admissionToBareThroughputRatio: ratio(runs.on30.rps, runs.bare.rps, 'admission/bare throughput'),
    logOnToOffThroughputRatio: ratio(runs.on30.rps, runs.off30.rps, 'log on/off throughput'),
    logOnToOffP99LatencyRatio: ratio(runs.on30.latencyP99Ms, Math.max(runs.off30.latencyP99Ms, 1), 'log on/off p99'),
    admission300To30ThroughputRatio: ratio(runs.on300.rps, runs.on30.rps, '300/30 throughput'),
  }
  const row = (label: string, r: LoadResult, vsBare: boolean) => [label, fmt(r.rps, 0), fmt(r.latencyP50Ms, 0), fmt(r.latencyP99Ms, 0), vsBare ? fmt(r.rps / runs.bare.rps) : '1.00']
  return {
    id: 'admission',
    title: '3. Admission over HTTP (Node, loopback)',
    figures,
    tables: [
      {
        title: `${seconds} s per run, ${connections} connections, one compliant Pod review`,
        columns: ['route', 'req/s', 'p50 ms', 'p99 ms', '× bare throughput'],
        rows: [
          row('bare Hono route, fixed AdmissionReview', runs.bare, false),
          row('Verdict admission, 30 Pod policies, verdict log on', runs.on30, true),
          row('Verdict admission, 30 Pod policies, verdict log off', runs.off30, true),
          row('Verdict admission, 300 Pod policies, verdict log on', runs.on300, true),
        ],
      },
    ],
    headline: [
      ['Admission route / bare Hono route, throughput (log on)', `${fmt(figures.admissionToBareThroughputRatio)} ×`, '≥ 0.7 ×'],
      ['Admission route p99 latency (30 policies, log on)', `${fmt(runs.on30.latencyP99Ms, 0)} ms`, '< 5 ms'],
      ['Verdict log on / off, throughput', `${fmt(figures.logOnToOffThroughputRatio)} ×`, '—'],
    ],
    notes: [
      'Server and load generator share this machine\'s 2 cores (the server in its own process, autocannon in the bench process); latency is autocannon\'s, in whole milliseconds.',
      `Verdict log: the in-memory log (the Node/test adapter); log on vs off: ${fmt(figures.logOnToOffThroughputRatio)} × throughput. Stores in memory, so no DynamoDB round trip is measured.`,
      ...(opts.quick ? [`quick: ${seconds} s per run instead of 10 s.`] : []),
    ],
  }
}
