/**
 * Verdict records from what the evaluation paths produce: an admission decision (one record) or
 * a CI evaluation report (one record per resource). Pure: ids, times and latency come in.
 */
import type { AdmissionDecision } from '../admission/index.ts'
import type { AdmissionRequest } from '../../kube/admission.ts'
import { isObject } from '../../lib/json.ts'
import { policyId, type EvaluationReport } from '../../report/index.ts'
import type { PassedRule, VerdictRecord, VerdictRuleResult } from '../../store/ports.ts'

/**
 * A new record id: the time (so ids sort by time), then 64 random bits as 16 hex digits (so ids
 * never collide). The bits come from `randomUUID`, which runtimes serve from a pooled buffer; a
 * `getRandomValues` call per record costs far more (on Node it is a round trip through webcrypto).
 */
export function recordId(time: string): string {
  const u = crypto.randomUUID()
  // xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx: skip the dashes, the version digit and the variant digit.
  return `${time}.${u.slice(0, 8)}${u.slice(9, 13)}${u.slice(15, 18)}${u.slice(20, 21)}`
}

/** Files one rule outcome: a pass by name only, everything else in full. */
function addRule(passed: PassedRule[], results: VerdictRuleResult[], policy: string, ruleName: string, status: string, message: string, action: 'Audit' | 'Enforce'): void {
  // A policy-level error belongs to no rule; the admission messages name it the same way.
  const rule = ruleName || '(policy)'
  if (status === 'pass') passed.push({ policy, rule })
  else results.push({ policy, rule, status: status as VerdictRuleResult['status'], message, action })
}

/** Splits rule outcomes into the passes (named only) and everything else (kept in full). */
function split(rules: Iterable<{ policy: string; rule: string; status: string; message: string; action: 'Audit' | 'Enforce' }>): { passed: PassedRule[]; results: VerdictRuleResult[] } {
  const passed: PassedRule[] = []
  const results: VerdictRuleResult[] = []
  for (const r of rules) addRule(passed, results, r.policy, r.rule, r.status, r.message, r.action)
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
  const passed: PassedRule[] = []
  const results: VerdictRuleResult[] = []
  for (const p of v.decision.results) {
    // One id per policy, not per rule: a set of hundreds of rules would otherwise build each name again.
    const policy = policyId(p.policy)
    for (const r of p.rules) addRule(passed, results, policy, r.rule, r.status, r.message, r.action)
  }
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
