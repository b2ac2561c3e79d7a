/**
 * Section 7 — Kyverno's published load test replayed: its 17 Pod Security policies in Enforce, Pod
 * CREATE AdmissionReviews, 100, 200 and 500 concurrent clients. Our average and maximum latency and
 * throughput are printed beside the figures Kyverno publishes for one replica of its admission
 * controller on a 32-core machine. A reference comparison with published figures, not a ratio
 * measured in one run: ours runs on 2 cores shared with the load generator.
 */
import { expectDecision, startBenchServer } from './admission.ts'
import { benchObjects, reviewFor } from './lib/corpus.ts'
import { load, type LoadResult } from './lib/load.ts'
import { scaled, type BenchOptions } from './lib/options.ts'
import { fmt, ratio, type SectionResult } from './lib/report.ts'

/** Kyverno's published figures: 1 replica, 32 cores, 17 PSS policies in Enforce (average / maximum latency, ms). */
const KYVERNO = [
  { clients: 100, avgMs: 42.67, maxMs: 141 },
  { clients: 200, avgMs: 80.74, maxMs: 409 },
  { clients: 500, avgMs: 203.86, maxMs: 1500 },
] as const

export async function runKyvernoScenario(opts: BenchOptions): Promise<SectionResult> {
  // A fixed number of requests per client, all answered: every request counts in the average and maximum.
  const perClient = scaled(opts, 20, 3)
  const pods = benchObjects(opts.shared, 'pods-1000.yaml').filter((o) => o.kind === 'Pod')
  const bodies = pods.map((p, i) => JSON.stringify(reviewFor(p, i)))
  const violating = bodies[pods.findIndex((p) => JSON.stringify(p).includes('"privileged":true'))]
  const compliant = bodies[pods.findIndex((p) => JSON.stringify(p).includes('restricted-container-level'))]
  if (!violating || !compliant) throw new Error('Kyverno scenario: bench Pods lack a privileged or a restricted variant')
  const server = await startBenchServer(opts)
  const url = `http://127.0.0.1:${server.info.logOn.port}/v1/admission/${server.info.logOn.keys.pss17}/validate`
  const runs: Array<LoadResult & { kyvernoAvgMs: number; kyvernoMaxMs: number }> = []
  try {
    await expectDecision(url, violating, false)
    await expectDecision(url, compliant, true)
    for (const k of KYVERNO) runs.push({ ...(await load({ url, connections: k.clients, amount: k.clients * perClient, bodies })), kyvernoAvgMs: k.avgMs, kyvernoMaxMs: k.maxMs })
  } finally {
    await server.stop()
  }
  const byClients = Object.fromEntries(
    runs.map((r) => [
      `clients${r.connections}`,
      { ...r, avgLatencyToKyvernoRatio: ratio(r.latencyAvgMs, r.kyvernoAvgMs, 'avg latency vs Kyverno'), maxLatencyToKyvernoRatio: ratio(r.latencyMaxMs, r.kyvernoMaxMs, 'max latency vs Kyverno') },
    ]),
  )
  return {
    id: 'kyvernoScenario',
    title: "7. Kyverno's published scenario, replayed (17 PSS policies, Enforce)",
    figures: { requestsPerClient: perClient, policies: 17, reviews: bodies.length, verdictLog: true, ...byClients },
    tables: [
      {
        title: `Pod CREATE reviews (${bodies.length} Pods, 80 % violating, in rotation), ${perClient} requests per client, all answered`,
        columns: ['concurrent clients', 'ours avg ms', 'ours max ms', 'ours req/s', 'Kyverno avg ms', 'Kyverno max ms'],
        rows: runs.map((r) => [r.connections, fmt(r.latencyAvgMs, 1), fmt(r.latencyMaxMs, 0), fmt(r.rps, 0), fmt(r.kyvernoAvgMs), fmt(r.kyvernoMaxMs, 0)]),
      },
    ],
    headline: runs.map((r) => [
      `Kyverno's scenario, ${r.connections} clients: avg / max latency, req/s (2 shared cores)`,
      `${fmt(r.latencyAvgMs, 0)} ms / ${fmt(r.latencyMaxMs, 0)} ms, ${fmt(r.rps, 0)}/s`,
      `Kyverno (32 cores): ${fmt(r.kyvernoAvgMs)} / ${fmt(r.kyvernoMaxMs, 0)} ms`,
    ]),
    notes: [
      "Kyverno's figures are the ones it publishes for one replica of its admission controller on a 32-core machine; ours: one Node process on 2 cores shared with the load generator (autocannon), loopback, verdict log on (in memory). A reference comparison with published figures, not a ratio measured in one run (the ratios in latest.json are ours / published).",
      'Policies: the 11 classic Pod Security policies of the corpus plus the 6 it holds only in CEL, authored here as pattern/foreach rules from the Pod Security Standards (test/bench/lib/policies.ts).',
      ...(opts.quick ? [`quick: ${perClient} requests per client instead of 20.`] : []),
    ],
  }
}
