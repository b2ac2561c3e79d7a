/** `validate.podSecurity`: the Pod Security Standards controls at a level and version. */
import type { JsonObject } from '../../lib/json.ts'
import type { Validation } from '../../policy/schema.ts'
import { formatPssMessage, podSecurityFailures, podSpecOf } from '../pss/index.ts'
import { error, fail, pass, type Outcome } from '../result.ts'

export function podSecurityOutcome(rule: string, ps: NonNullable<Validation['podSecurity']>, resource: JsonObject | null): Outcome {
  const view = resource ? podSpecOf(resource) : null
  // Kinds without a pod spec have nothing the standards constrain.
  if (!view) return pass(`Validation rule '${rule}' passed.`)
  const failures = podSecurityFailures(view.meta, view.spec, { level: ps.level, version: ps.version, exclude: ps.exclude })
  if ('error' in failures) return error(failures.error)
  if (failures.length === 0) return pass(`Validation rule '${rule}' passed.`)
  return fail(formatPssMessage(rule, ps.level, ps.version, failures))
}
