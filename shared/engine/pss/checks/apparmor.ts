/**
 * Baseline "AppArmor" (`appArmorProfile`): the `appArmorProfile` fields (pod and containers) must
 * be RuntimeDefault or Localhost when present, and every `container.apparmor.security.beta…`
 * annotation (for any container name, existing or not) must be empty, runtime/default or localhost/*.
 */
import { getKey } from '../../../lib/json.ts'
import { forbiddenAt } from '../field-errors.ts'
import { goCompare, goQuote, joinQuote, pluralize, sortedSet } from '../format.ts'
import { annotationsOf, containerSC, containersOf, objAt, podSC, str } from '../pod.ts'
import { allowed, forbidden, type PodView, type PssCheckResult, type PssFieldError } from '../types.ts'

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/'

function allowedType(type: string): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost'
}

function allowedAnnotation(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/')
}

/** `appArmorProfile` 1.0+. */
export function appArmorProfileV1Dot0({ meta, spec }: PodView): PssCheckResult {
  const setters: string[] = []
  const badValues: string[] = []
  const errors: PssFieldError[] = []
  const podProfile = objAt(podSC(spec), 'appArmorProfile')
  if (podProfile) {
    const type = str(getKey(podProfile, 'type'))
    if (!allowedType(type)) {
      setters.push('pod')
      badValues.push(type)
      errors.push(forbiddenAt('spec.securityContext.appArmorProfile.type', type))
    }
  }
  const badContainers: string[] = []
  for (const ref of containersOf(spec)) {
    const profile = objAt(containerSC(ref), 'appArmorProfile')
    if (!profile) continue
    const type = str(getKey(profile, 'type'))
    if (allowedType(type)) continue
    badContainers.push(ref.name)
    badValues.push(type)
    errors.push(forbiddenAt(`${ref.path}.securityContext.appArmorProfile.type`, type))
  }
  if (badContainers.length > 0) {
    setters.push(`${pluralize('container', 'containers', badContainers.length)} ${joinQuote(badContainers)}`)
  }
  // Annotations come from a map in Go; sorting the "key=value" texts makes the order deterministic.
  const annotations = annotationsOf(meta)
    .filter(([k, v]) => k.startsWith(ANNOTATION_PREFIX) && !allowedAnnotation(v))
    .map(([k, v]) => ({ text: `${k}=${goQuote(v)}`, error: forbiddenAt(`metadata.annotations[${k}]`, v) }))
    .sort((a, b) => goCompare(a.text, b.text))
  const valueList = sortedSet(badValues)
  if (annotations.length > 0) {
    valueList.push(...annotations.map((a) => a.text))
    setters.push(pluralize('annotation', 'annotations', annotations.length))
    errors.push(...annotations.map((a) => a.error))
  }
  if (setters.length === 0) return allowed()
  return forbidden(
    pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', valueList.length),
    `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(valueList)}`,
    errors,
  )
}
