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
import { mergeDotted } from './context/dotted.ts'
import { loadContextEntries } from './context/entries.ts'
import { evaluateConditions } from './conditions/index.ts'
import { policyGateForRequest, ruleApplies } from './match/index.ts'
import { error, skip, unsupported, type FailureAction, type Outcome, type PolicyResponse, type RuleResponse } from './result.ts'
import { denyOutcome } from './rules/deny.ts'
import { foreachOutcome } from './rules/foreach.ts'
import { patternOutcome } from './rules/pattern.ts'
import { podSecurityOutcome } from './rules/pod-security.ts'
import { substituteIn, type RuleEnv } from './rules/types.ts'
import { rulesForKind } from './rules-for-kind.ts'

function str(v: unknown): string {
  return typeof v === 'string' ? v : ''
}

/** `Enforce`/`enforce` enforce; anything else, including nothing, audits (Kyverno's reading). */
export function failureAction(policy: LoadedPolicy, rule: Rule): FailureAction {
  const a = rule.validate?.failureAction ?? policy.doc.spec.validationFailureAction
  return a === 'Enforce' || a === 'enforce' ? 'Enforce' : 'Audit'
}

function ruleType(rule: Rule): RuleResponse['ruleType'] {
  if (rule.validate) return 'validate'
  if (rule.mutate !== undefined) return 'mutate'
  if (rule.generate !== undefined) return 'generate'
  return 'verifyImages'
}

const ruleTexts = new WeakMap<Rule, string>()

/** The rule minus its context entries, as text, for Kyverno's deferred context loading. Computed once per rule. */
function referencingText(rule: Rule): string {
  let text = ruleTexts.get(rule)
  if (text === undefined) {
    const { context: _c, ...rest } = rule
    text = rule.context?.length ? JSON.stringify(rest) : ''
    ruleTexts.set(rule, text)
  }
  return text
}

/** The handler's outcome for one matched rule; `null` when Kyverno gives no rule response. */
function ruleOutcome(policy: LoadedPolicy, rule: Rule, input: EvaluationInput, base: JsonObject): Outcome | null {
  const v = rule.validate
  if (!v) return unsupported(`${ruleType(rule)} rules`)
  for (const feature of ['cel', 'manifests', 'assert'] as const) {
    if (v[feature] !== undefined) return unsupported(`validate.${feature}`)
  }
  const ctx = childContext(base)
  const ruleValues = input.values?.rule?.(policy.name, rule.name)
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
  const loaded = loadContextEntries(rule.context, ctx, { operation: input.operation, now: input.now, referencingText: referencingText(rule) })
  if (!loaded.ok) return error(`failed to load context: ${loaded.error}`)
  if (rule.preconditions !== undefined) {
    const pre = evaluateConditions(rule.preconditions, (x) => substituteIn(env, ctx, x), { allowLegacyList: true })
    if (!pre.ok) return error(`failed to evaluate preconditions: ${pre.error}`)
    if (!pre.value.met) return skip(pre.value.message ? `preconditions not met; ${pre.value.message}` : 'preconditions not met')
  }
  if (v.deny !== undefined) return denyOutcome(env, ctx, v.deny.conditions)
  if (v.pattern !== undefined || v.anyPattern !== undefined) {
    if (input.operation === 'DELETE') return null
    const which = v.pattern !== undefined ? 'pattern' : 'anyPattern'
    return patternOutcome(env, ctx, input.object, which, v.pattern ?? v.anyPattern ?? null)
  }
  if (v.foreach !== undefined) return foreachOutcome(env, ctx, v.foreach)
  if (v.podSecurity !== undefined) {
    if (input.operation === 'DELETE') return null
    return podSecurityOutcome(rule.name, v.podSecurity, input.object)
  }
  return error('validate rule has nothing to evaluate')
}

function matches(policy: LoadedPolicy, rule: Rule, input: EvaluationInput): boolean {
  return ruleApplies(rule, {
    object: input.object,
    oldObject: input.oldObject,
    operation: input.operation,
    subresource: input.subresource,
    user: input.user,
    namespaceLabels: input.namespaceLabels ?? {},
    policyNamespace: policy.kind === 'Policy' ? policy.namespace : undefined,
  })
}

function evaluateRule(policy: LoadedPolicy, rule: Rule, input: EvaluationInput, base: JsonObject): RuleResponse | null {
  if (!matches(policy, rule, input)) return null
  const action = failureAction(policy, rule)
  let outcome = ruleOutcome(policy, rule, input, base)
  if (!outcome) return null
  // Kyverno forgives an UPDATE that keeps a violation the old object already had: for Enforce
  // rules in general, and for podSecurity rules whatever the action.
  const pss = rule.validate?.podSecurity !== undefined
  if (
    outcome.status === 'fail' &&
    (action === 'Enforce' || pss) &&
    input.operation === 'UPDATE' &&
    rule.validate?.allowExistingViolations !== false
  ) {
    const asCreate: EvaluationInput = { ...input, operation: 'CREATE', object: input.oldObject, oldObject: null }
    if (asCreate.object && matches(policy, rule, asCreate)) {
      const prior = ruleOutcome(policy, rule, asCreate, baseContext(asCreate))
      if (prior?.status === 'fail') {
        outcome = skip(
          pss
            ? 'skipping modified resource as validation results have not changed'
            : 'skipping the rule evaluation as pre-existing violations are allowed',
        )
      }
    }
  }
  return { rule: rule.name, ruleType: ruleType(rule), action, ...outcome }
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
  let base: JsonObject
  try {
    base = baseContext(input)
  } catch (e) {
    response.rules.push({ rule: '', ruleType: 'validate', action: 'Audit', ...error(`failed to build context: ${String(e)}`) })
    return response
  }
  let rules: Rule[]
  try {
    rules = rulesForKind(policy, response.resource.kind)
  } catch (e) {
    response.rules.push({ rule: '', ruleType: 'validate', action: 'Audit', ...error(`internal error preparing rules: ${String(e)}`) })
    return response
  }
  for (const rule of rules) {
    let r: RuleResponse | null
    try {
      r = evaluateRule(policy, rule, input, base)
    } catch (e) {
      // Defence in depth: a bug must surface as an error result, never as "not matched".
      r = { rule: rule.name, ruleType: ruleType(rule), action: failureAction(policy, rule), ...error(`internal error: ${String(e)}`) }
    }
    if (!r) continue
    response.rules.push(r)
    if (policy.doc.spec.applyRules === 'One' && (r.status === 'pass' || r.status === 'fail')) break
  }
  return response
}
