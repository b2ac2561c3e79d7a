/**
 * The rule pipeline, one path for every rule: match → context → preconditions → handler, then
 * Kyverno's UPDATE rule for existing violations. Every failure along the way becomes a result;
 * nothing here throws for bad policies or resources.
 */
import { isObject, type JsonObject } from '../lib/json.ts'
import type { LoadedPolicy } from '../policy/load.ts'
import type { Rule } from '../policy/schema.ts'
import type { EvaluationInput } from './api.ts'
import { baseContext, childContext } from './context/build.ts'
import { sharedBaseContext } from './context/shared.ts'
import { mergeDotted } from './context/dotted.ts'
import { loadContextEntries } from './context/entries.ts'
import { evaluateConditions } from './conditions/index.ts'
import { policyGateForRequest, ruleApplies } from './match/index.ts'
import { rememberVerdict } from './match/memo.ts'
import { requestShape, type RequestShape } from './match/shape.ts'
import { compiledRules, failureAction, type CompiledRule } from './compiled-rule.ts'
import { metaString } from './match/resource.ts'
import { error, skip, unsupported, type FailureAction, type Outcome, type PolicyResponse, type RuleResponse } from './result.ts'
import { denyOutcome } from './rules/deny.ts'
import { foreachOutcome } from './rules/foreach.ts'
import { patternOutcome } from './rules/pattern.ts'
import { podSecurityOutcome } from './rules/pod-security.ts'
import { withCheckMemo } from './pss/index.ts'
import { substituteIn, type RuleEnv } from './rules/types.ts'
import { rulesForKind } from './rules-for-kind.ts'

function str(v: unknown): string {
  return typeof v === 'string' ? v : ''
}

/** `Enforce`/`enforce` enforce; anything else, including nothing, audits (Kyverno's reading). */
export { failureAction }

/** The handler's outcome for one matched rule; `null` when Kyverno gives no rule response. */
function ruleOutcome(policy: LoadedPolicy, c: CompiledRule, input: EvaluationInput, base: JsonObject): Outcome | null {
  if (c.unsupported !== null) return unsupported(c.unsupported)
  const rule = c.rule
  const ruleValues = input.values?.rule?.(policy.name, rule.name)
  // Only context entries and rule values add to the context; without them the rule reads the base as is.
  const ctx = c.context || ruleValues ? childContext(base) : base
  mergeDotted(ctx, ruleValues)
  const env: RuleEnv = {
    rule,
    policyName: policy.name,
    ctx,
    operation: input.operation,
    resource: input.operation === 'DELETE' ? input.oldObject : input.object,
    resourceNumbers: input.numberMode ?? 'int',
    now: input.now,
    ruleValues,
    foreachValues: input.values?.foreach?.(policy.name, rule.name),
  }
  if (c.context) {
    const loaded = loadContextEntries(c.context, ctx, { operation: input.operation, now: input.now, referencingText: c.referencingText })
    if (!loaded.ok) return error(`failed to load context: ${loaded.error}`)
  }
  if (c.preconditions !== undefined) {
    const pre = evaluateConditions(c.preconditions, (x) => substituteIn(env, ctx, x), { allowLegacyList: true })
    if (!pre.ok) return error(`failed to evaluate preconditions: ${pre.error}`)
    if (!pre.value.met) return skip(pre.value.message ? `preconditions not met; ${pre.value.message}` : 'preconditions not met')
  }
  switch (c.handler) {
    case 'deny':
      return denyOutcome(env, ctx, c.deny)
    case 'pattern':
      if (input.operation === 'DELETE') return null
      return patternOutcome(env, ctx, input.object, c.patternKind, c.pattern)
    case 'foreach':
      return foreachOutcome(env, ctx, c.foreach ?? [])
    case 'podSecurity':
      if (input.operation === 'DELETE' || !c.podSecurity) return null
      return podSecurityOutcome(rule.name, c.podSecurity, input.object)
    case 'none':
      return error('validate rule has nothing to evaluate')
  }
}

function matches(policy: LoadedPolicy, c: CompiledRule, input: EvaluationInput, shape?: RequestShape): boolean {
  const memo = c.match
  if (shape && memo.kindOnly) {
    // Same decision as `ruleApplies`: the namespaced-Policy check on the object matched, then a
    // verdict that, for such a rule, depends on the request shape alone.
    if (!shape.subject) return false
    if (policy.kind === 'Policy' && policy.namespace && policy.namespace !== metaString(shape.subject, 'namespace')) return false
    const known = memo.verdicts.get(shape.key)
    if (known !== undefined) return known
    return rememberVerdict(memo, shape.key, ruleApplies(c.rule, { ...matchInput(input), policyNamespace: undefined }))
  }
  return ruleApplies(c.rule, matchInput(input, policy))
}

function matchInput(input: EvaluationInput, policy?: LoadedPolicy): Parameters<typeof ruleApplies>[1] {
  return {
    object: input.object,
    oldObject: input.oldObject,
    operation: input.operation,
    subresource: input.subresource,
    gvk: input.gvk,
    user: input.user,
    namespaceLabels: input.namespaceLabels ?? {},
    policyNamespace: policy?.kind === 'Policy' ? policy.namespace : undefined,
  }
}

function evaluateRule(
  policy: LoadedPolicy,
  c: CompiledRule,
  input: EvaluationInput,
  shape: RequestShape,
  base: JsonObject,
): RuleResponse | null {
  if (!matches(policy, c, input, shape)) return null
  const action = c.action
  let outcome = ruleOutcome(policy, c, input, base)
  if (!outcome) return null
  // Kyverno forgives an UPDATE that keeps a violation the old object already had: for Enforce
  // rules in general, and for podSecurity rules whatever the action.
  const pss = c.podSecurity !== null
  if (outcome.status === 'fail' && (action === 'Enforce' || pss) && input.operation === 'UPDATE' && c.allowExistingViolations) {
    const asCreate: EvaluationInput = { ...input, operation: 'CREATE', object: input.oldObject, oldObject: null }
    if (asCreate.object && matches(policy, c, asCreate)) {
      const prior = ruleOutcome(policy, c, asCreate, baseContext(asCreate))
      if (prior?.status === 'fail') {
        outcome = skip(
          pss
            ? 'skipping modified resource as validation results have not changed'
            : 'skipping the rule evaluation as pre-existing violations are allowed',
        )
      }
    }
  }
  return ruleResponse(c.name, c.type, action, outcome)
}

/** `{ rule, ruleType, action, ...outcome }`, written out: the spread was a measurable cost per rule. */
function ruleResponse(rule: string, type: RuleResponse['ruleType'], action: FailureAction, outcome: Outcome): RuleResponse {
  const r: RuleResponse = { rule, ruleType: type, action, status: outcome.status, message: outcome.message }
  if ('unsupported' in outcome) r.unsupported = outcome.unsupported
  return r
}

function contextError(response: PolicyResponse, e: unknown): PolicyResponse {
  response.rules.push({ rule: '', ruleType: 'validate', action: 'Audit', ...error(`failed to build context: ${String(e)}`) })
  return response
}

/** Evaluates one policy against one request. Never throws. */
export function evaluatePolicy(policy: LoadedPolicy, input: EvaluationInput): PolicyResponse {
  const subject = input.object ?? input.oldObject ?? {}
  const meta = isObject(subject.metadata) ? subject.metadata : {}
  const response: PolicyResponse = {
    policy: { kind: policy.kind, name: policy.name, namespace: policy.namespace },
    resource: { apiVersion: str(subject.apiVersion), kind: str(subject.kind), namespace: str(meta.namespace), name: str(meta.name) },
    rules: [],
  }
  if (!policyGateForRequest({ kind: policy.kind, namespace: policy.namespace }, { object: input.object, oldObject: input.oldObject })) {
    return response
  }
  // Offline values are merged into the base context and may break it, so it is built first, as it
  // always was. Without them it cannot fail on well-typed input, and a policy with no rule for the
  // kind (most policies of a large set) skips building it.
  let base: JsonObject | undefined
  if (input.values) {
    try {
      base = baseContext(input)
    } catch (e) {
      return contextError(response, e)
    }
  }
  let rules: Rule[]
  try {
    // A subresource request is matched as its parent kind (`Pod` for `pods/exec`), whatever object it carries.
    rules = rulesForKind(policy, input.gvk?.kind ?? response.resource.kind)
  } catch (e) {
    response.rules.push({ rule: '', ruleType: 'validate', action: 'Audit', ...error(`internal error preparing rules: ${String(e)}`) })
    return response
  }
  if (rules.length === 0) return response
  if (!base) {
    try {
      base = sharedBaseContext(input)
    } catch (e) {
      return contextError(response, e)
    }
  }
  const shape = requestShape(input)
  const compiled = compiledRules(policy, rules)
  // Offline values may rewrite the resource between rules; otherwise podSecurity rules share check runs.
  if (!input.values && hasPodSecurityRepeats(compiled)) withCheckMemo(() => evaluateRules(policy, compiled, input, shape, base, response))
  else evaluateRules(policy, compiled, input, shape, base, response)
  return response
}

function evaluateRules(
  policy: LoadedPolicy,
  rules: readonly CompiledRule[],
  input: EvaluationInput,
  shape: RequestShape,
  base: JsonObject,
  response: PolicyResponse,
): void {
  for (const c of rules) {
    let r: RuleResponse | null
    try {
      r = evaluateRule(policy, c, input, shape, base)
    } catch (e) {
      // Defence in depth: a bug must surface as an error result, never as "not matched".
      r = { rule: c.name, ruleType: c.type, action: c.action, ...error(`internal error: ${String(e)}`) }
    }
    if (!r) continue
    response.rules.push(r)
    if (policy.doc.spec.applyRules === 'One' && (r.status === 'pass' || r.status === 'fail')) break
  }
}

const sharesCheckRuns = new WeakMap<readonly CompiledRule[], boolean>()

/** True when podSecurity rules of the list would repeat check runs: several rules, or exclusions (which re-run checks on probes). */
function hasPodSecurityRepeats(rules: readonly CompiledRule[]): boolean {
  let repeats = sharesCheckRuns.get(rules)
  if (repeats === undefined) {
    const pss = rules.filter((r) => r.podSecurity !== null)
    repeats = pss.length > 1 || pss.some((r) => (r.podSecurity?.exclude?.length ?? 0) > 0)
    sharesCheckRuns.set(rules, repeats)
  }
  return repeats
}
