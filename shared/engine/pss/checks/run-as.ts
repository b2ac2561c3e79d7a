/**
 * Restricted "Running as Non-root" (`runAsNonRoot`) and "Running as Non-root user" (`runAsUser`).
 * Both exempt user-namespace pods (`hostUsers: false`) from 1.35; Windows pods are never exempt.
 */
import { getKey } from '../../../lib/json.ts'
import { forbiddenAt, requiredAt } from '../field-errors.ts'
import { joinQuote, pluralize } from '../format.ts'
import { containerSC, containersOf, isUserNamespacePod, podSC } from '../pod.ts'
import { allowed, forbidden, type PodView, type PssCheckResult, type PssFieldError } from '../types.ts'

function containersPhrase(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`
}

/** `runAsNonRoot` 1.0+. */
export function runAsNonRootV1Dot0({ spec }: PodView): PssCheckResult {
  const setters: string[] = []
  const setterErrors: PssFieldError[] = []
  const podValue = getKey(podSC(spec) ?? {}, 'runAsNonRoot')
  if (podValue === false) {
    setters.push('pod')
    setterErrors.push(forbiddenAt('spec.securityContext.runAsNonRoot', false))
  }
  const podRunAsNonRoot = podValue === true
  const explicit: string[] = []
  const implicit: string[] = []
  const implicitErrors: PssFieldError[] = []
  for (const ref of containersOf(spec)) {
    const value = getKey(containerSC(ref) ?? {}, 'runAsNonRoot')
    const path = `${ref.path}.securityContext.runAsNonRoot`
    if (typeof value === 'boolean') {
      if (!value) {
        explicit.push(ref.name)
        setterErrors.push(forbiddenAt(path, false))
      }
    } else if (!podRunAsNonRoot) {
      implicit.push(ref.name)
      implicitErrors.push(requiredAt(path))
    }
  }
  if (explicit.length > 0) setters.push(containersPhrase(explicit))
  // Kubernetes reports explicit "false" setters first and alone; Kyverno's fork keeps every field error.
  const errors = [...setterErrors, ...implicitErrors]
  if (setters.length > 0) {
    return forbidden('runAsNonRoot != true', `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`, errors)
  }
  if (implicit.length > 0) {
    return forbidden('runAsNonRoot != true', `pod or ${containersPhrase(implicit)} must set securityContext.runAsNonRoot=true`, errors)
  }
  return allowed()
}

/** `runAsNonRoot` 1.35+: user-namespace pods are exempt. */
export function runAsNonRootV1Dot35(pod: PodView): PssCheckResult {
  return isUserNamespacePod(pod.spec) ? allowed() : runAsNonRootV1Dot0(pod)
}

/** `runAsUser` 1.23+: no `runAsUser: 0` at pod or container level. */
export function runAsUserV1Dot23({ spec }: PodView): PssCheckResult {
  const setters: string[] = []
  const errors: PssFieldError[] = []
  if (getKey(podSC(spec) ?? {}, 'runAsUser') === 0) {
    setters.push('pod')
    errors.push(forbiddenAt('spec.securityContext.runAsUser', 0))
  }
  const explicit: string[] = []
  for (const ref of containersOf(spec)) {
    if (getKey(containerSC(ref) ?? {}, 'runAsUser') === 0) {
      explicit.push(ref.name)
      errors.push(forbiddenAt(`${ref.path}.securityContext.runAsUser`, 0))
    }
  }
  if (explicit.length > 0) setters.push(containersPhrase(explicit))
  if (setters.length === 0) return allowed()
  return forbidden('runAsUser=0', `${setters.join(' and ')} must not set runAsUser=0`, errors)
}

/** `runAsUser` 1.35+: user-namespace pods are exempt. */
export function runAsUserV1Dot35(pod: PodView): PssCheckResult {
  return isUserNamespacePod(pod.spec) ? allowed() : runAsUserV1Dot23(pod)
}
