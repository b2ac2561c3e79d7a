/**
 * The "Seccomp" control. Baseline `seccompProfile_baseline` reads the alpha annotations before 1.19
 * and the `seccompProfile` fields from 1.19; restricted `seccompProfile_restricted` (1.19+, replacing
 * the baseline check) requires every container to end up with a valid profile, and exempts Windows
 * pods from 1.25.
 */
import { getKey } from '../../../lib/json.ts'
import { forbiddenAt, requiredAt } from '../field-errors.ts'
import { goCompare, goQuote, joinQuote, pluralize, sortedSet } from '../format.ts'
import { annotation, containerSC, containersOf, isWindowsPod, objAt, podSC, str } from '../pod.ts'
import { allowed, forbidden, type PodView, type PssCheckResult, type PssFieldError } from '../types.ts'

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod'
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/'

function validAnnotation(value: string): boolean {
  return value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/')
}

function validType(type: string): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost'
}

/** `seccompProfile_baseline` 1.0–1.18: the pod annotation and one per existing container. */
export function seccompProfileBaselineV1Dot0({ meta, spec }: PodView): PssCheckResult {
  const found = new Map<string, PssFieldError[]>()
  const inspect = (key: string): void => {
    const value = annotation(meta, key)
    if (value === undefined || validAnnotation(value)) return
    const text = `${key}=${goQuote(value)}`
    found.set(text, [...(found.get(text) ?? []), forbiddenAt(`metadata.annotations[${key}]`, value)])
  }
  inspect(POD_ANNOTATION)
  for (const ref of containersOf(spec)) inspect(CONTAINER_ANNOTATION_PREFIX + ref.name)
  if (found.size === 0) return allowed()
  const texts = [...found.keys()].sort(goCompare)
  return forbidden(
    'seccompProfile',
    `forbidden ${pluralize('annotation', 'annotations', texts.length)} ${texts.join(', ')}`,
    texts.flatMap((t) => found.get(t) ?? []),
  )
}

interface SeccompScan {
  setters: string[]
  badValues: string[]
  setterErrors: PssFieldError[]
  /** Containers with no profile of their own and no valid pod-level profile to inherit. */
  implicit: string[]
  implicitErrors: PssFieldError[]
}

function scan({ spec }: PodView): SeccompScan {
  const out: SeccompScan = { setters: [], badValues: [], setterErrors: [], implicit: [], implicitErrors: [] }
  const podProfile = objAt(podSC(spec), 'seccompProfile')
  const podType = podProfile ? str(getKey(podProfile, 'type')) : undefined
  if (podType !== undefined && !validType(podType)) {
    out.setters.push('pod')
    out.badValues.push(podType)
    out.setterErrors.push(forbiddenAt('spec.securityContext.seccompProfile.type', podType))
  }
  const podValid = podType !== undefined && validType(podType)
  const explicit: string[] = []
  for (const ref of containersOf(spec)) {
    const profile = objAt(containerSC(ref), 'seccompProfile')
    const path = `${ref.path}.securityContext.seccompProfile.type`
    if (profile) {
      const type = str(getKey(profile, 'type'))
      if (!validType(type)) {
        explicit.push(ref.name)
        out.badValues.push(type)
        out.setterErrors.push(forbiddenAt(path, type))
      }
    } else if (!podValid) {
      out.implicit.push(ref.name)
      out.implicitErrors.push(requiredAt(path))
    }
  }
  if (explicit.length > 0) out.setters.push(`${pluralize('container', 'containers', explicit.length)} ${joinQuote(explicit)}`)
  return out
}

function explicitViolation(s: SeccompScan): PssCheckResult {
  return forbidden(
    'seccompProfile',
    `${s.setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(s.badValues))}`,
    s.setterErrors,
  )
}

/** `seccompProfile_baseline` 1.19+: when a profile is set (pod or container) it must be valid. */
export function seccompProfileBaselineV1Dot19(pod: PodView): PssCheckResult {
  const s = scan(pod)
  return s.setters.length > 0 ? explicitViolation(s) : allowed()
}

/** `seccompProfile_restricted` 1.19+: bad values first, then containers left without a profile. */
export function seccompProfileRestrictedV1Dot19(pod: PodView): PssCheckResult {
  const s = scan(pod)
  if (s.setters.length > 0) return explicitViolation(s)
  if (s.implicit.length === 0) return allowed()
  return forbidden(
    'seccompProfile',
    `pod or ${pluralize('container', 'containers', s.implicit.length)} ${joinQuote(s.implicit)} ` +
      'must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
    s.implicitErrors,
  )
}

/** `seccompProfile_restricted` 1.25+: Windows pods are exempt. */
export function seccompProfileRestrictedV1Dot25(pod: PodView): PssCheckResult {
  return isWindowsPod(pod.spec) ? allowed() : seccompProfileRestrictedV1Dot19(pod)
}
