/**
 * `validate.foreach`: run the nested validation once per list element. The element is added to a
 * fresh copy of the context each time, so nothing leaks between elements.
 */
import { Int64, isObject, setKey, type JsonObject, type JsonValue } from '../../lib/json.ts'
import type { ForEachValidation } from '../../policy/schema.ts'
import { evaluateConditions } from '../conditions/index.ts'
import { loadContextEntries } from '../context/entries.ts'
import { mergeDotted } from '../context/dotted.ts'
import { childContext } from '../context/build.ts'
import { search } from '../jmespath/index.ts'
import { error, fail, pass, type Outcome } from '../result.ts'
import { denyOutcome } from './deny.ts'
import { patternOutcome } from './pattern.ts'
import { substituteIn, type RuleEnv } from './types.ts'

/** `null` means "no rule response": nothing was applied (Kyverno omits the rule entirely). */
export function foreachOutcome(env: RuleEnv, ctx: JsonObject, list: ForEachValidation[], nesting = 0): Outcome | null {
  let applied = 0
  let listError: string | undefined
  for (const fe of list) {
    const listed = search(fe.list, ctx, { now: env.now })
    if (!listed.ok) {
      // Kyverno silently skips a foreach whose list names a missing key.
      if (!listed.error.message.includes('Unknown key')) listError = listed.error.message
      continue
    }
    const elements: JsonValue[] = Array.isArray(listed.value) ? listed.value : [listed.value]
    for (let i = 0; i < elements.length; i++) {
      const element = elements[i] as JsonValue
      if (element === null) continue
      const r = elementOutcome(env, ctx, fe, element, i, nesting)
      if (r === null || r.status === 'skip') continue
      if (r.status === 'pass') {
        applied++
        continue
      }
      return { ...r, message: `validation failure: ${r.message}` }
    }
  }
  if (applied > 0) return pass('rule passed')
  if (listError !== undefined) return error(`failed to evaluate list: ${listError}`)
  return null
}

const referencingTexts = new WeakMap<ForEachValidation, string>()

/** The entry minus its context entries, as text, for deferred context loading; once per (immutable) policy entry. */
function referencingText(fe: ForEachValidation): string {
  let text = referencingTexts.get(fe)
  if (text === undefined) {
    text = JSON.stringify({ ...fe, context: undefined })
    referencingTexts.set(fe, text)
  }
  return text
}

function elementOutcome(
  env: RuleEnv,
  parent: JsonObject,
  fe: ForEachValidation,
  element: JsonValue,
  index: number,
  nesting: number,
): Outcome | null {
  const ctx = childContext(parent)
  setKey(ctx, 'element', element)
  setKey(ctx, `element${nesting}`, element)
  setKey(ctx, 'elementIndex', new Int64(index) as unknown as JsonValue)
  setKey(ctx, `elementIndex${nesting}`, new Int64(index) as unknown as JsonValue)
  mergeDotted(ctx, env.ruleValues)
  if (env.foreachValues) {
    // Kyverno's CLI feeds element 0 of each supplied list, whatever the index.
    const first: Record<string, JsonValue> = {}
    for (const [k, v] of Object.entries(env.foreachValues)) if (v.length > 0) first[k] = v[0] as JsonValue
    mergeDotted(ctx, first)
  }
  const loaded = loadContextEntries(fe.context, ctx, {
    operation: env.operation,
    now: env.now,
    referencingText: fe.context ? referencingText(fe) : '',
  })
  if (!loaded.ok) return error(loaded.error)
  if (fe.preconditions !== undefined) {
    const pre = evaluateConditions(fe.preconditions, (v) => substituteIn(env, ctx, v), { allowLegacyList: false })
    // A precondition that cannot be evaluated skips the element rather than failing the rule.
    if (!pre.ok || !pre.value.met) return null
  }
  const scoped = fe.elementScope ?? isObject(element)
  if (fe.elementScope === true && !isObject(element)) return error('failed to process foreach: elementScope requires an object element')
  if (fe.deny !== undefined) return denyOutcome(env, ctx, fe.deny.conditions)
  if (fe.pattern !== undefined || fe.anyPattern !== undefined) {
    const target: JsonValue = scoped ? element : env.resource
    if (!scoped && env.operation === 'DELETE') return null
    const which = fe.pattern !== undefined ? 'pattern' : 'anyPattern'
    return patternOutcome(env, ctx, target, which, (fe.pattern ?? fe.anyPattern) as JsonValue)
  }
  if (fe.foreach !== undefined) return foreachOutcome(env, ctx, fe.foreach, nesting + 1)
  return fail('foreach entry has no validation')
}
