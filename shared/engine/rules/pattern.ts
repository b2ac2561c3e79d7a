/** `validate.pattern` and `validate.anyPattern`: substitute variables, then walk the resource. */
import type { JsonObject, JsonValue } from '../../lib/json.ts'
import { validateAnyPattern, validatePattern } from '../validate/index.ts'
import { error, type Outcome } from '../result.ts'
import { ruleMessage, substituteIn, type RuleEnv } from './types.ts'

export function patternOutcome(
  env: RuleEnv,
  ctx: JsonObject,
  resource: JsonValue,
  which: 'pattern' | 'anyPattern',
  raw: JsonValue,
): Outcome {
  const name = env.rule.name
  const sub = substituteIn(env, ctx, raw)
  if (!sub.ok) return error(`variable substitution failed: ${sub.error}`)
  const msg = ruleMessage(env, ctx)
  if (msg.error !== undefined) {
    return error(`validation error: variables substitution error in rule ${name} execution error: ${msg.error}`)
  }
  // Unsubstituted, the pattern is the policy's own fragment, so its private copy can be kept.
  const opts = { rule: name, message: msg.text, resourceNumbers: env.resourceNumbers, keep: sub.value === raw }
  return which === 'pattern' ? validatePattern(resource, sub.value, opts) : validateAnyPattern(resource, sub.value, opts)
}
