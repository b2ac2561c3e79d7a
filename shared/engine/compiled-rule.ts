/**
 * A rule as the pipeline runs it, worked out once per rule of a policy: what it does, how it fails
 * and what it needs, every field always present. Rules written differently have differently
 * shaped objects; reading them through one shape keeps the per-request code fast whatever mix of
 * rules a set holds.
 */
import type { JsonValue } from '../lib/json.ts'
import type { LoadedPolicy } from '../policy/load.ts'
import type { ConditionBlock, ContextEntry, ForEachValidation, Rule, Validation } from '../policy/schema.ts'
import { ruleMatchMemo, type RuleMatchMemo } from './match/memo.ts'
import type { FailureAction, RuleResponse } from './result.ts'

/** Which handler decides a validate rule, in the pipeline's order of precedence. */
export type RuleHandler = 'deny' | 'pattern' | 'foreach' | 'podSecurity' | 'none'

export interface CompiledRule {
  readonly rule: Rule
  readonly name: string
  readonly type: RuleResponse['ruleType']
  readonly action: FailureAction
  readonly match: RuleMatchMemo
  /** The feature that keeps the rule from being evaluated (`mutate rules`, `validate.cel`, …), or `null`. */
  readonly unsupported: string | null
  /** The rule's context entries, `null` when it has none. */
  readonly context: ContextEntry[] | null
  /** The rule minus its context entries, as text, for deferred context loading (`''` without entries). */
  readonly referencingText: string
  readonly preconditions: ConditionBlock | undefined
  readonly handler: RuleHandler
  readonly deny: ConditionBlock | undefined
  readonly patternKind: 'pattern' | 'anyPattern'
  readonly pattern: JsonValue
  readonly foreach: ForEachValidation[] | null
  readonly podSecurity: NonNullable<Validation['podSecurity']> | null
  readonly allowExistingViolations: boolean
}

/** `Enforce`/`enforce` enforce; anything else, including nothing, audits (Kyverno's reading). */
export function failureAction(policy: LoadedPolicy, rule: Rule): FailureAction {
  const a = rule.validate?.failureAction ?? policy.doc.spec.validationFailureAction
  return a === 'Enforce' || a === 'enforce' ? 'Enforce' : 'Audit'
}

export function ruleType(rule: Rule): RuleResponse['ruleType'] {
  if (rule.validate) return 'validate'
  if (rule.mutate !== undefined) return 'mutate'
  if (rule.generate !== undefined) return 'generate'
  return 'verifyImages'
}

const UNSUPPORTED_VALIDATIONS = ['cel', 'manifests', 'assert'] as const

function unsupportedFeature(rule: Rule): string | null {
  const v = rule.validate
  if (!v) return `${ruleType(rule)} rules`
  for (const feature of UNSUPPORTED_VALIDATIONS) if (v[feature] !== undefined) return `validate.${feature}`
  return null
}

function handlerOf(v: Validation | undefined): RuleHandler {
  if (!v) return 'none'
  if (v.deny !== undefined) return 'deny'
  if (v.pattern !== undefined || v.anyPattern !== undefined) return 'pattern'
  if (v.foreach !== undefined) return 'foreach'
  if (v.podSecurity !== undefined) return 'podSecurity'
  return 'none'
}

function compile(policy: LoadedPolicy, rule: Rule): CompiledRule {
  const v = rule.validate
  const context = rule.context?.length ? rule.context : null
  let referencingText = ''
  if (context) {
    const { context: _c, ...rest } = rule
    referencingText = JSON.stringify(rest)
  }
  return {
    rule,
    name: rule.name,
    type: ruleType(rule),
    action: failureAction(policy, rule),
    match: ruleMatchMemo(rule),
    unsupported: unsupportedFeature(rule),
    context,
    referencingText,
    preconditions: rule.preconditions,
    handler: handlerOf(v),
    deny: v?.deny?.conditions,
    patternKind: v?.pattern !== undefined ? 'pattern' : 'anyPattern',
    pattern: v?.pattern ?? v?.anyPattern ?? null,
    foreach: v?.foreach ?? null,
    podSecurity: v?.podSecurity ?? null,
    allowExistingViolations: v?.allowExistingViolations !== false,
  }
}

const compiled = new WeakMap<readonly Rule[], readonly CompiledRule[]>()

/** The compiled form of a policy's rule list (from `rulesForKind`), once per list. */
export function compiledRules(policy: LoadedPolicy, rules: readonly Rule[]): readonly CompiledRule[] {
  let list = compiled.get(rules)
  if (!list) {
    list = rules.map((r) => compile(policy, r))
    compiled.set(rules, list)
  }
  return list
}
