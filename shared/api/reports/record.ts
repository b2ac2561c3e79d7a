/**
 * Verdict records from what the evaluation paths produce: an admission decision (one record) or
 * a CI evaluation report (one record per resource). Pure: ids, times and latency come in.
 */
import type { AdmissionDecision } from '../admission/index.ts'
import type { AdmissionRequest } from '../../kube/admission.ts'
import { isObject } from '../../lib/json.ts'
import { policyId, type EvaluationReport } from '../../report/index.ts'
import type { PassedRule, VerdictRecord, VerdictRuleResult } from '../../store/ports.ts'

/** A new record id: the time (so ids sort by time), then a random part (so ids never collide). */
export function recordId(time: string): string {
  const bytes = new Uint8Array(8)
  crypto.getRandomValues(bytes)
  return `${time}.${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}

/** Splits rule outcomes into the passes (named only) and everything else (kept in full). */
function split(rules: Iterable<{ policy: string; rule: string; status: string; message: string; action: 'Audit' | 'Enforce' }>): { passed: PassedRule[]; results: VerdictRuleResult[] } {
  const passed: PassedRule[] = []
  const results: VerdictRuleResult[] = []
  for (const r of rules) {
    // A policy-level error belongs to no rule; the admission messages name it the same way.
    const rule = r.rule || '(policy)'
    if (r.status === 'pass') passed.push({ policy: r.policy, rule })
    else results.push({ policy: r.policy, rule, status: r.status as VerdictRuleResult['status'], message: r.message, action: r.action })
  }
  return { passed, results }
}

export type AdmissionVerdict = {
  id: string
  time: string
  clusterId: string
  request: AdmissionRequest
  decision: AdmissionDecision
  set: { name: string; version: number }
  latencyMs: number
}

/** The record of one admission decision. */
export function admissionRecord(v: AdmissionVerdict): VerdictRecord {
  const { request } = v
  const { passed, results } = split(
    v.decision.results.flatMap((p) =>
      p.rules.map((r) => ({ policy: policyId({ kind: p.policy.kind, name: p.policy.name, namespace: p.policy.namespace }), rule: r.rule, status: r.status, message: r.message, action: r.action })),
    ),
  )
  const object = request.operation === 'DELETE' ? request.oldObject : (request.object ?? request.oldObject)
  const meta = object && isObject(object.metadata) ? object.metadata : {}
  const name = request.name || (typeof meta.name === 'string' ? meta.name : '')
  const { group, version, kind } = request.kind
  return {
    id: v.id,
    source: { type: 'cluster', clusterId: v.clusterId },
    uid: request.uid,
    time: v.time,
    operation: request.operation,
    resource: { apiVersion: group ? `${group}/${version}` : version, kind, namespace: request.namespace || null, name },
    policySet: v.set,
    results,
    passes: passed.length,
    passed,
    allowed: v.decision.response.allowed,
    dryRun: request.dryRun ?? false,
    latencyMs: Math.max(0, v.latencyMs),
  }
}

export type EvaluationVerdicts = {
  time: string
  label: string | null
  report: EvaluationReport
  set: { name: string; version: number }
  latencyMs: number
}

/** One record per evaluated resource of a CI run, in input order. */
export function evaluationRecords(v: EvaluationVerdicts): VerdictRecord[] {
  // One random part per run and the index after it, so a run's records sort in input order.
  const run = recordId(v.time)
  return v.report.resources.map((r, index) => {
    const { passed, results } = split(r.results)
    return {
      id: `${run}.${String(index).padStart(5, '0')}`,
      source: { type: 'ci', label: v.label },
      uid: crypto.randomUUID(),
      time: v.time,
      operation: 'EVALUATE',
      resource: { apiVersion: r.resource.apiVersion, kind: r.resource.kind, namespace: r.resource.namespace || null, name: r.resource.name },
      policySet: v.set,
      results,
      passes: passed.length,
      passed,
      allowed: r.verdict === 'pass',
      dryRun: false,
      latencyMs: Math.max(0, v.latencyMs),
    }
  })
}
