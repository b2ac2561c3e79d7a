/**
 * "/proc Mount Type": baseline `procMount` (relaxed for user-namespace pods from 1.35) and
 * restricted `procMount_restricted` (1.35+, the same rule without the relaxation, replacing the
 * baseline check at the restricted level).
 */
import { getKey } from '../../../lib/json.ts'
import { forbiddenAt } from '../field-errors.ts'
import { joinQuote, pluralize, sortedSet } from '../format.ts'
import { containerSC, containersOf, isSet, isUserNamespacePod, str } from '../pod.ts'
import { allowed, forbidden, type PodView, type PssCheckResult, type PssFieldError } from '../types.ts'

/** Unset or `Default` only; shared by every variant. */
export function procMountDefaultOnly({ spec }: PodView): PssCheckResult {
  const bad: string[] = []
  const types: string[] = []
  const errors: PssFieldError[] = []
  for (const ref of containersOf(spec)) {
    const value = getKey(containerSC(ref) ?? {}, 'procMount')
    if (!isSet(value) || value === 'Default') continue
    bad.push(ref.name)
    types.push(str(value))
    errors.push(forbiddenAt(`${ref.path}.securityContext.procMount`, str(value)))
  }
  if (bad.length === 0) return allowed()
  return forbidden(
    'procMount',
    `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must not set securityContext.procMount to ` +
      joinQuote(sortedSet(types)),
    errors,
  )
}

/** Baseline `procMount` 1.35+: a user-namespace pod may use any proc mount type. */
export function procMountBaselineV1Dot35(pod: PodView): PssCheckResult {
  return isUserNamespacePod(pod.spec) ? allowed() : procMountDefaultOnly(pod)
}
