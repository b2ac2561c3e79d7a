/** Baseline "HostProcess" (`windowsHostProcess`): no `windowsOptions.hostProcess=true`, pod or container. */
import { forbiddenAt } from '../field-errors.ts'
import { joinQuote, pluralize } from '../format.ts'
import { containerSC, containersOf, podSC, valueAt } from '../pod.ts'
import { allowed, forbidden, type PodView, type PssCheckResult, type PssFieldError } from '../types.ts'

/** `windowsHostProcess` 1.0+. */
export function windowsHostProcessV1Dot0({ spec }: PodView): PssCheckResult {
  const setters: string[] = []
  const errors: PssFieldError[] = []
  if (valueAt(podSC(spec), 'windowsOptions', 'hostProcess') === true) {
    setters.push('pod')
    errors.push(forbiddenAt('spec.securityContext.windowsOptions.hostProcess', true))
  }
  const bad: string[] = []
  for (const ref of containersOf(spec)) {
    if (valueAt(containerSC(ref), 'windowsOptions', 'hostProcess') !== true) continue
    bad.push(ref.name)
    errors.push(forbiddenAt(`${ref.path}.securityContext.windowsOptions.hostProcess`, true))
  }
  if (bad.length > 0) setters.push(`${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)}`)
  if (setters.length === 0) return allowed()
  return forbidden('hostProcess', `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`, errors)
}
