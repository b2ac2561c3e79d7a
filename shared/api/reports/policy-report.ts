/**
 * A cluster's latest verdict per resource as `wgpolicyk8s.io/v1alpha2` reports, the format Kyverno
 * writes and Policy Reporter (and similar tools) read: one `PolicyReport` per namespace and one
 * `ClusterPolicyReport` for cluster-scoped resources, each result naming its resource.
 *
 * @see https://github.com/kubernetes-sigs/wg-policy-prototypes/tree/master/policy-report
 */
import type { VerdictRecord } from '../../store/ports.ts'

export const POLICY_REPORT_API_VERSION = 'wgpolicyk8s.io/v1alpha2'
export const REPORT_NAME = 'verdict-policy-report'
export const CLUSTER_REPORT_NAME = 'verdict-cluster-policy-report'

type ResultStatus = 'pass' | 'fail' | 'warn' | 'error' | 'skip'

export type PolicyReportResult = {
  source: 'verdict'
  policy: string
  rule: string
  result: ResultStatus
  message: string
  scored: true
  timestamp: { seconds: number; nanos: number }
  resources: Array<{ apiVersion: string; kind: string; name: string; namespace?: string }>
  properties: Record<string, string>
}

export type PolicyReportDoc = {
  apiVersion: typeof POLICY_REPORT_API_VERSION
  kind: 'PolicyReport' | 'ClusterPolicyReport'
  metadata: { name: string; namespace?: string; labels: Record<string, string>; annotations: Record<string, string> }
  summary: Record<ResultStatus, number>
  results: PolicyReportResult[]
}

function resultsOf(r: VerdictRecord): PolicyReportResult[] {
  const resource = { apiVersion: r.resource.apiVersion, kind: r.resource.kind, name: r.resource.name, ...(r.resource.namespace === null ? {} : { namespace: r.resource.namespace }) }
  const base = {
    source: 'verdict' as const,
    scored: true as const,
    timestamp: { seconds: Math.floor(Date.parse(r.time) / 1000), nanos: 0 },
    resources: [resource],
    properties: { verdictId: r.id, policySet: r.policySet.name, policySetVersion: String(r.policySet.version), operation: r.operation },
  }
  return [
    ...(r.passed ?? []).map((p) => ({ ...base, policy: p.policy, rule: p.rule, result: 'pass' as const, message: `rule ${p.rule} passed` })),
    ...r.results.map((x) => ({ ...base, policy: x.policy, rule: x.rule, result: x.status, message: x.message, properties: { ...base.properties, action: x.action } })),
  ]
}

/** The reports for a cluster's latest records: a `ClusterPolicyReport` (always, possibly empty) and one `PolicyReport` per namespace, sorted. */
export function policyReports(clusterId: string, latest: readonly VerdictRecord[]): PolicyReportDoc[] {
  const groups = new Map<string | null, VerdictRecord[]>([[null, []]])
  for (const r of latest) groups.set(r.resource.namespace, [...(groups.get(r.resource.namespace) ?? []), r])
  const order = (a: PolicyReportResult, b: PolicyReportResult) =>
    a.resources[0]!.kind.localeCompare(b.resources[0]!.kind) || a.resources[0]!.name.localeCompare(b.resources[0]!.name) || a.policy.localeCompare(b.policy) || a.rule.localeCompare(b.rule)
  return [...groups]
    .sort(([a], [b]) => (a === null ? -1 : b === null ? 1 : a.localeCompare(b)))
    .map(([namespace, records]) => {
      const results = records.flatMap(resultsOf).sort(order)
      const summary: Record<ResultStatus, number> = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 }
      for (const x of results) summary[x.result]++
      return {
        apiVersion: POLICY_REPORT_API_VERSION,
        kind: namespace === null ? ('ClusterPolicyReport' as const) : ('PolicyReport' as const),
        metadata: {
          name: namespace === null ? CLUSTER_REPORT_NAME : REPORT_NAME,
          ...(namespace === null ? {} : { namespace }),
          labels: { 'app.kubernetes.io/managed-by': 'verdict' },
          annotations: { 'verdict.dev/cluster': clusterId },
        },
        summary,
        results,
      }
    })
}
