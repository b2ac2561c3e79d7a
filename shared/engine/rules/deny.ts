/** `validate.deny`: the conditions hold → fail; they do not → pass. */
import type { JsonObject } from '../../lib/json.ts'
import type { ConditionBlock } from '../../policy/schema.ts'
import { evaluateConditions } from '../conditions/index.ts'
import { error, fail, pass, type Outcome } from '../result.ts'
import { ruleMessage, substituteIn, type RuleEnv } from './types.ts'

export function denyOutcome(env: RuleEnv, ctx: JsonObject, conditions: ConditionBlock | undefined): Outcome {
  const name = env.rule.name
  const r = evaluateConditions(conditions ?? [], (v) => substituteIn(env, ctx, v), { allowLegacyList: true })
  if (!r.ok) return error(`failed to check deny conditions: ${r.error}`)
  if (!r.value.met) return pass(`validation rule '${name}' passed.`)
  const msg = ruleMessage(env, ctx)
  const parts = [msg.text ?? '', r.value.message].filter((s) => s !== '')
  if (msg.error !== undefined) return fail(r.value.message || `validation error: rule ${name} failed`)
  if (parts.length === 0) return fail(`validation error: rule ${name} failed`)
  return fail(parts.join('; '))
}
