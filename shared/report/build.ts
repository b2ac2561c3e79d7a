/**
 * Evaluating resources against policies into a report: every resource against every policy,
 * through the same engine as admission. Pure: the clock comes in through the options.
 */
import type { EvaluationInput } from '../engine/api.ts'
import { evaluatePolicy } from '../engine/evaluate.ts'
import { cloneJson, isObject, setKey, type JsonObject } from '../lib/json.ts'
import type { LoadedPolicy } from '../policy/load.ts'
import type { InputResource } from './inputs.ts'
import type { EvaluationReport, PolicySetRef, ResourceReport, RuleResult } from './schema.ts'
import { assembleReport, verdictOf } from './verdict.ts'

export interface BuildOptions {
  /** Recorded in the report (server evaluations of a stored set). */
  policySet?: PolicySetRef
  /** Clock for time-based JMESPath functions; without it those rules report an error, never a guess. */
  now?: () => Date
}

/** How a report names a policy: `name`, or `namespace/name` for a namespaced `Policy`. */
export function policyId(policy: Pick<LoadedPolicy, 'kind' | 'name' | 'namespace'>): string {
  return policy.kind === 'Policy' ? `${policy.namespace}/${policy.name}` : policy.name
}

/** A private copy in the namespace the API server would have given it. */
function forEvaluation(o: JsonObject | null, namespace: string): JsonObject | null {
  if (!o) return null
  const copy = cloneJson(o)
  const meta = copy.metadata
  if (namespace !== '' && isObject(meta) && (typeof meta.namespace !== 'string' || meta.namespace === '')) setKey(meta, 'namespace', namespace)
  return copy
}

function inputFor(resource: InputResource, now: (() => Date) | undefined): EvaluationInput {
  const input: EvaluationInput = {
    operation: resource.operation,
    object: forEvaluation(resource.object, resource.evaluationNamespace),
    oldObject: forEvaluation(resource.oldObject, resource.evaluationNamespace),
    // Whole numbers stay integers, as in an admission request: the report predicts admission.
    numberMode: 'int',
  }
  if (resource.subresource !== undefined) input.subresource = resource.subresource
  if (now) input.now = now
  return input
}

function evaluateResource(policies: readonly LoadedPolicy[], resource: InputResource, now: (() => Date) | undefined): ResourceReport {
  const results: RuleResult[] = []
  for (const policy of policies) {
    const id = policyId(policy)
    try {
      // A fresh copy per policy: no policy can see another's view of the resource.
      for (const r of evaluatePolicy(policy, inputFor(resource, now)).rules) {
        results.push({ policy: id, rule: r.rule, status: r.status, message: r.message, action: r.action })
      }
    } catch (e) {
      // The engine promises not to throw; if it ever does, the report must show it, not drop it.
      results.push({ policy: id, rule: '', status: 'error', message: `internal error: ${String(e)}`, action: 'Audit' })
    }
  }
  return { resource: resource.ref, operation: resource.operation, verdict: verdictOf(results), results }
}

/**
 * Evaluates every resource against every policy, in input order, and builds the report.
 *
 * @example
 * const parsed = parseResources(body)
 * if (parsed.ok) print(formatReport(buildReport(policies, parsed.value, { now: () => new Date() }), 'text'))
 */
export function buildReport(policies: readonly LoadedPolicy[], resources: readonly InputResource[], opts: BuildOptions = {}): EvaluationReport {
  const reports = resources.map((r) => evaluateResource(policies, r, opts.now))
  return assembleReport(reports, opts.policySet)
}
