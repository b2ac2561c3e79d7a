/** Baseline "Privileged Containers" (`privileged`): no container sets `securityContext.privileged=true`. */
import { getKey } from '../../../lib/json.ts'
import { forbiddenAt } from '../field-errors.ts'
import { joinQuote, pluralize } from '../format.ts'
import { containerSC, containersOf } from '../pod.ts'
import { allowed, forbidden, type PodView, type PssCheckResult, type PssFieldError } from '../types.ts'

/** `privileged` 1.0+. */
export function privilegedV1Dot0({ spec }: PodView): PssCheckResult {
  const bad: string[] = []
  const errors: PssFieldError[] = []
  for (const ref of containersOf(spec)) {
    const sc = containerSC(ref)
    if (sc && getKey(sc, 'privileged') === true) {
      bad.push(ref.name)
      errors.push(forbiddenAt(`${ref.path}.securityContext.privileged`, true))
    }
  }
  if (bad.length === 0) return allowed()
  return forbidden(
    'privileged',
    `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must not set securityContext.privileged=true`,
    errors,
  )
}
