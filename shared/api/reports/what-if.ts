/**
 * "What if Enforce": of the admission requests a policy failed while in Audit, how many it would
 * have denied had it enforced, by cluster and namespace. Reads the policy's own timeline (records
 * with a non-pass result of that policy), so its cost follows the policy's failures, not traffic.
 */
import type { VerdictRecord } from '../../store/ports.ts'

export type WhatIfCounts = {
  wouldDeny: number
  /** Of those, requests another rule denied anyway (switching changes nothing for them). */
  alreadyDenied: number
  byCluster: Array<{ clusterId: string; wouldDeny: number }>
  byNamespace: Array<{ clusterId: string; namespace: string | null; wouldDeny: number }>
}

/** True when the record is a real admission request (not dryRun, not CI) against `policySet` that `policy` failed in Audit. */
export function failedInAudit(r: VerdictRecord, policySet: string, policy: string): boolean {
  return r.source.type === 'cluster' && !r.dryRun && r.policySet.name === policySet && r.results.some((x) => x.policy === policy && x.status === 'fail' && x.action === 'Audit')
}

export function whatIfCounts(records: readonly VerdictRecord[], policySet: string, policy: string): WhatIfCounts {
  const clusters = new Map<string, number>()
  const namespaces = new Map<string, { clusterId: string; namespace: string | null; wouldDeny: number }>()
  let wouldDeny = 0
  let alreadyDenied = 0
  for (const r of records) {
    if (r.source.type !== 'cluster' || !failedInAudit(r, policySet, policy)) continue
    const clusterId = r.source.clusterId
    wouldDeny++
    if (!r.allowed) alreadyDenied++
    clusters.set(clusterId, (clusters.get(clusterId) ?? 0) + 1)
    const k = `${clusterId}\u001f${r.resource.namespace ?? ''}`
    const ns = namespaces.get(k) ?? { clusterId, namespace: r.resource.namespace, wouldDeny: 0 }
    ns.wouldDeny++
    namespaces.set(k, ns)
  }
  return {
    wouldDeny,
    alreadyDenied,
    byCluster: [...clusters].map(([clusterId, n]) => ({ clusterId, wouldDeny: n })).sort((a, b) => b.wouldDeny - a.wouldDeny || a.clusterId.localeCompare(b.clusterId)),
    byNamespace: [...namespaces.values()].sort((a, b) => b.wouldDeny - a.wouldDeny || a.clusterId.localeCompare(b.clusterId) || (a.namespace ?? '').localeCompare(b.namespace ?? '')),
  }
}
