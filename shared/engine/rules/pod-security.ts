/** `validate.podSecurity`: the Pod Security Standards controls at a level and version. */
import type { JsonObject } from '../../lib/json.ts'
import type { Validation } from '../../policy/schema.ts'
import { evaluatePodSecurity, formatPssMessage, podSpecOf } from '../pss/index.ts'
import { error, fail, pass, type Outcome } from '../result.ts'

export function podSecurityOutcome(rule: string, ps: NonNullable<Validation['podSecurity']>, resource: JsonObject | null): Outcome {
  const view = resource ? podSpecOf(resource) : null
  // Kinds without a pod spec have nothing the standards constrain.
  if (!view) return pass(`Validation rule '${rule}' passed.`)
  const r = evaluatePodSecurity(view.meta, view.spec, { level: ps.level, version: ps.version, exclude: ps.exclude })
  if ('error' in r) return error(r.error)
  if (r.allowed) return pass(`Validation rule '${rule}' passed.`)
  return fail(formatPssMessage(rule, ps.level, ps.version, r.checks.filter((c) => !c.allowed)))
}
