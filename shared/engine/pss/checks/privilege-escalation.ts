/** Restricted "Privilege Escalation" (`allowPrivilegeEscalation`): every container sets it to false. */
import { getKey } from '../../../lib/json.ts'
import { forbiddenAt, requiredAt } from '../field-errors.ts'
import { joinQuote, pluralize } from '../format.ts'
import { containerSC, containersOf, isWindowsPod } from '../pod.ts'
import { allowed, forbidden, type PodView, type PssCheckResult, type PssFieldError } from '../types.ts'

/** `allowPrivilegeEscalation` 1.8+: unset counts as a violation. */
export function allowPrivilegeEscalationV1Dot8({ spec }: PodView): PssCheckResult {
  const bad: string[] = []
  const errors: PssFieldError[] = []
  for (const ref of containersOf(spec)) {
    const sc = containerSC(ref)
    const path = `${ref.path}.securityContext.allowPrivilegeEscalation`
    const ape = sc ? getKey(sc, 'allowPrivilegeEscalation') : undefined
    if (ape === false) continue
    bad.push(ref.name)
    // Kyverno's fork tells the three ways apart: no securityContext, unset (reported as "nil"), true.
    if (!sc) errors.push(requiredAt(path))
    else errors.push(forbiddenAt(path, ape === true ? true : 'nil'))
  }
  if (bad.length === 0) return allowed()
  return forbidden(
    'allowPrivilegeEscalation != false',
    `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must set securityContext.allowPrivilegeEscalation=false`,
    errors,
  )
}

/** `allowPrivilegeEscalation` 1.25+: Windows pods are exempt. */
export function allowPrivilegeEscalationV1Dot25(pod: PodView): PssCheckResult {
  return isWindowsPod(pod.spec) ? allowed() : allowPrivilegeEscalationV1Dot8(pod)
}
