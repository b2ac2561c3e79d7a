/**
 * The admission decision: a pure function from an AdmissionRequest, a compiled policy set and the
 * cluster's settings to the AdmissionResponse, with the engine results kept for the verdict log.
 * HTTP decoding, timeouts and metrics wrap this; nothing here reads a clock, the network or storage.
 *
 * Semantics follow Kyverno's validating webhook: an Enforce failure denies, listing every blocking
 * rule; an error in an Enforce policy denies unless the policy says `failurePolicy: Ignore`; Audit
 * failures and everything not blocking become warnings. Errors are never silence.
 */
import { evaluatePolicy, failureAction } from '../../engine/evaluate.ts'
import type { PolicyResponse, RuleResponse } from '../../engine/result.ts'
import type { AdmissionRequest, AdmissionResponse } from '../../kube/admission.ts'
import type { LoadedPolicy } from '../../policy/load.ts'
import { policiesForKind, type CompiledSet } from './compile.ts'
import { gapWarnings } from './gaps.ts'
import { evaluationInput, isExcludedNamespace, requestKind, requestTarget, resourceLabel } from './input.ts'
import { blockedMessage, capWarnings, ruleWarning, type BlockingRule } from './messages.ts'
import type { NamespaceContext } from './namespace-labels.ts'

/** Per-cluster admission settings. */
export interface ClusterSettings {
  id: string
  /** Namespaces whose requests are allowed without evaluation (exact names). */
  namespaceExclusions: string[]
  /** What to answer when Verdict cannot decide (timeout, outage). */
  failureMode: 'fail-open' | 'fail-closed'
}

/** The decision for one request. */
export interface AdmissionDecision {
  /** The body of the AdmissionReview `response`. */
  response: AdmissionResponse
  /** Engine results of every policy that gave at least one rule response, in evaluation order. */
  results: PolicyResponse[]
  /** True when some rule of the set gave a response for this request. */
  matched: boolean
  /** Why nothing was evaluated, when nothing was. */
  notEvaluated?: 'excluded-namespace' | 'no-policy-for-kind'
}

export interface DecideOptions {
  /** Clock for JMESPath time functions; without it they fail as errors (never the system clock). */
  now?: () => Date
  /** What is known of the request's namespace (see `namespace-labels.ts`); without it `namespaceSelector` is reported as a gap. */
  namespace?: NamespaceContext | undefined
}

/** HTTP-style code the API server reports for a denial; Kubernetes itself uses 403 for admission refusals. */
const DENIED = { code: 403, reason: 'Forbidden' } as const

/**
 * Whether an error in this response is treated as coming from an Enforce rule. A policy-level
 * error (empty rule name: context or rule preparation failed) belongs to no rule, so it counts as
 * Enforce when any rule of the policy enforces.
 */
function enforcesError(policy: LoadedPolicy, r: RuleResponse): boolean {
  if (r.rule !== '') return r.action === 'Enforce'
  return policy.doc.spec.rules.some((rule) => failureAction(policy, rule) === 'Enforce')
}

/** Sorts one rule response into "blocks the request" or "warns about it". */
function classify(policy: LoadedPolicy, r: RuleResponse, blocking: BlockingRule[], warnings: string[]): void {
  const rule = r.rule || '(policy)'
  switch (r.status) {
    case 'pass':
    case 'skip':
      return
    case 'fail':
      if (r.action === 'Enforce') blocking.push({ policy: policy.name, rule, message: r.message })
      else warnings.push(ruleWarning(policy.name, rule, r.message))
      return
    case 'warn':
      warnings.push(ruleWarning(policy.name, rule, r.message))
      return
    case 'error':
      // `unsupported` responses are errors too: a rule Verdict cannot run must not pass silently.
      if (!enforcesError(policy, r)) warnings.push(ruleWarning(policy.name, rule, `error: ${r.message}`))
      else if (policy.doc.spec.failurePolicy === 'Ignore')
        warnings.push(ruleWarning(policy.name, rule, `error: ${r.message} (allowed: the policy's failurePolicy is Ignore)`))
      else blocking.push({ policy: policy.name, rule, message: `error: ${r.message}` })
      return
    default: {
      const unreachable: never = r.status
      throw new Error(`unknown rule status ${String(unreachable)}`)
    }
  }
}

/**
 * Decides one admission request against a compiled set. Never throws for bad policies or
 * resources (the engine turns those into error results). `dryRun` requests are decided like any
 * other; logging them as dry runs is the caller's job.
 *
 * @example decideAdmission(request, compileSet('prod', 4, policies), cluster).response
 * // { uid: '…', allowed: false, status: { code: 403, reason: 'Forbidden', message: 'resource Pod/prod/web was blocked…' } }
 */
export function decideAdmission(
  request: AdmissionRequest,
  set: CompiledSet,
  cluster: ClusterSettings,
  opts: DecideOptions = {},
): AdmissionDecision {
  const allow: AdmissionResponse = { uid: request.uid, allowed: true }
  if (isExcludedNamespace(request, cluster.namespaceExclusions)) {
    return { response: allow, results: [], matched: false, notEvaluated: 'excluded-namespace' }
  }
  const candidates = policiesForKind(set, requestKind(request, set.resourceKinds))
  if (candidates.length === 0) return { response: allow, results: [], matched: false, notEvaluated: 'no-policy-for-kind' }

  const target = requestTarget(request, set.resourceKinds)
  const input = evaluationInput(request, opts.now, opts.namespace?.labels, set.resourceKinds)
  const results: PolicyResponse[] = []
  const blocking: BlockingRule[] = []
  const warnings: string[] = []
  for (const policy of candidates) {
    const res = evaluatePolicy(policy, input)
    if (res.rules.length > 0) results.push(res)
    for (const r of res.rules) classify(policy, r, blocking, warnings)
    warnings.push(...gapWarnings(policy, target, res, { namespaceLabels: opts.namespace !== undefined }))
  }
  if (opts.namespace?.warning) warnings.push(opts.namespace.warning)

  const response: AdmissionResponse = { uid: request.uid, allowed: blocking.length === 0 }
  if (blocking.length > 0) response.status = { ...DENIED, message: blockedMessage(resourceLabel(request), blocking) }
  if (warnings.length > 0) response.warnings = capWarnings(warnings)
  return { response, results, matched: results.length > 0 }
}

/**
 * The answer when Verdict cannot decide in time (timeout, store outage, internal failure), by the
 * cluster's failure mode. Fail-closed denies with 503 Service Unavailable: the API server passes
 * the code through to the client, and 503 says "transient, retry" where 403 would claim a policy
 * decision and 500 a bug in the request's handling.
 */
export function failureResponse(
  request: Pick<AdmissionRequest, 'uid'>,
  cluster: Pick<ClusterSettings, 'failureMode'>,
  reason: string,
): AdmissionResponse {
  if (cluster.failureMode === 'fail-open') {
    return {
      uid: request.uid,
      allowed: true,
      warnings: capWarnings([`verdict: ${reason}; allowed because the cluster's failure mode is fail-open`]),
    }
  }
  return {
    uid: request.uid,
    allowed: false,
    status: {
      code: 503,
      reason: 'ServiceUnavailable',
      message: `verdict: ${reason}; denied because the cluster's failure mode is fail-closed`,
    },
  }
}
