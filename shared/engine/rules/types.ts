/** What every rule handler receives: the rule, its context, and how to substitute variables in it. */
import type { JsonObject, JsonValue } from '../../lib/json.ts'
import type { Result } from '../../lib/result.ts'
import type { Rule } from '../../policy/schema.ts'
import type { NumberMode } from '../../lib/gofmt.ts'
import { loneVariable, substituteAll, substituteLoneVariable, type LoneVariable } from '../variables/index.ts'
import { boundedMemo } from '../../lib/memo.ts'

export interface RuleEnv {
  rule: Rule
  policyName: string
  ctx: JsonObject
  operation: string
  /** The object patterns are checked against (`request.object`, or the old object on DELETE). */
  resource: JsonObject | null
  resourceNumbers: NumberMode
  now?: (() => Date) | undefined
  foreachValues?: Record<string, JsonValue[]> | undefined
  ruleValues?: Record<string, JsonValue> | undefined
}

const variableFree = new WeakMap<object, boolean>()

/** True when no string or key in `v` can hold a `{{ }}` variable or `$( )` reference. Memoised per policy fragment. */
function hasNoVariables(v: JsonValue): boolean {
  if (typeof v === 'string') return !v.includes('{{') && !v.includes('$(')
  if (v === null || typeof v !== 'object') return true
  const known = variableFree.get(v)
  if (known !== undefined) return known
  const free = Array.isArray(v)
    ? v.every(hasNoVariables)
    : Object.keys(v).every((k) => hasNoVariables(k) && hasNoVariables(v[k] as JsonValue))
  variableFree.set(v, free)
  return free
}

/** A policy string as substitution sees it: text without variables, one lone variable, or anything else. */
type StringKind = 'text' | 'other' | LoneVariable

/** Policy strings are few (the bound only guards against unexpected volume). */
const MAX_STRING_KINDS = 4096
const stringKind = boundedMemo((s: string): StringKind => (hasNoVariables(s) ? 'text' : (loneVariable(s) ?? 'other')), MAX_STRING_KINDS)

/** Substitutes `{{ }}` in a rule fragment against a context; the error is Kyverno's message text. */
export function substituteIn(env: Pick<RuleEnv, 'operation' | 'now'>, ctx: JsonObject, v: JsonValue): Result<JsonValue, string> {
  // Most fragments hold no variables; skipping the walk for them is the engine's biggest saving.
  const kind = typeof v === 'string' ? stringKind(v) : hasNoVariables(v) ? 'text' : 'other'
  if (kind === 'text') return { ok: true, value: v }
  const lone = kind === 'other' ? null : kind
  const r = lone
    ? substituteLoneVariable(lone, ctx, { operation: env.operation, now: env.now })
    : substituteAll(v, ctx, { operation: env.operation, now: env.now })
  return r.ok ? r : { ok: false, error: r.error.message }
}

/** `validate.message` substituted, or the raw text when substitution fails (Kyverno's fallback). */
export function ruleMessage(env: RuleEnv, ctx: JsonObject): { text?: string; error?: string } {
  const m = env.rule.validate?.message
  if (m === undefined || m === '') return {}
  const r = substituteIn(env, ctx, m)
  if (!r.ok) return { error: r.error }
  return { text: typeof r.value === 'string' ? r.value : JSON.stringify(r.value) }
}
