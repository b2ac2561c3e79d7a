/**
 * The "Capabilities" control: baseline `capabilities_baseline` (only the default set may be added)
 * and restricted `capabilities_restricted` (drop ALL, add at most NET_BIND_SERVICE; it replaces the
 * baseline check from 1.22, and exempts Windows pods from 1.25).
 */
import { getKey } from '../../../lib/json.ts'
import { forbiddenAt, requiredAt } from '../field-errors.ts'
import { joinQuote, pluralize, sortedSet } from '../format.ts'
import { containerSC, containersOf, isWindowsPod, objAt, strings } from '../pod.ts'
import { allowed, forbidden, type PodView, type PssCheckResult, type PssFieldError } from '../types.ts'

// Exact and case-sensitive, without the CAP_ prefix, as Kubernetes compares them.
const BASELINE_ALLOWED = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
])

/** `capabilities_baseline` 1.0+. */
export function capabilitiesBaselineV1Dot0({ spec }: PodView): PssCheckResult {
  const bad: string[] = []
  const nonDefault: string[] = []
  const errors: PssFieldError[] = []
  for (const ref of containersOf(spec)) {
    const caps = objAt(containerSC(ref), 'capabilities')
    if (!caps) continue
    const added = strings(getKey(caps, 'add')).filter((c) => !BASELINE_ALLOWED.has(c))
    if (added.length === 0) continue
    bad.push(ref.name)
    nonDefault.push(...added)
    errors.push(forbiddenAt(`${ref.path}.securityContext.capabilities.add`, sortedSet(added)))
  }
  if (bad.length === 0) return allowed()
  return forbidden(
    'non-default capabilities',
    `${pluralize('container', 'containers', bad.length)} ${joinQuote(bad)} must not include ` +
      `${joinQuote(sortedSet(nonDefault))} in securityContext.capabilities.add`,
    errors,
  )
}

/** `capabilities_restricted` 1.22+. */
export function capabilitiesRestrictedV1Dot22({ spec }: PodView): PssCheckResult {
  const missingDropAll: string[] = []
  const addingForbidden: string[] = []
  const forbiddenCaps: string[] = []
  const dropErrors: PssFieldError[] = []
  const addErrors: PssFieldError[] = []
  for (const ref of containersOf(spec)) {
    const caps = objAt(containerSC(ref), 'capabilities')
    const dropPath = `${ref.path}.securityContext.capabilities.drop`
    if (!caps) {
      // No capabilities at all: nothing is dropped, and there is nothing added to look at.
      missingDropAll.push(ref.name)
      dropErrors.push(requiredAt(dropPath))
      continue
    }
    const drop = strings(getKey(caps, 'drop'))
    if (!drop.includes('ALL')) {
      missingDropAll.push(ref.name)
      dropErrors.push(drop.length > 0 ? forbiddenAt(dropPath, sortedSet(drop)) : requiredAt(dropPath))
    }
    const added = strings(getKey(caps, 'add')).filter((c) => c !== 'NET_BIND_SERVICE')
    if (added.length > 0) {
      addingForbidden.push(ref.name)
      forbiddenCaps.push(...added)
      addErrors.push(forbiddenAt(`${ref.path}.securityContext.capabilities.add`, sortedSet(added)))
    }
  }
  const details: string[] = []
  if (missingDropAll.length > 0) {
    details.push(
      `${pluralize('container', 'containers', missingDropAll.length)} ${joinQuote(missingDropAll)} ` +
        'must set securityContext.capabilities.drop=["ALL"]',
    )
  }
  if (addingForbidden.length > 0) {
    details.push(
      `${pluralize('container', 'containers', addingForbidden.length)} ${joinQuote(addingForbidden)} must not include ` +
        `${joinQuote(sortedSet(forbiddenCaps))} in securityContext.capabilities.add`,
    )
  }
  if (details.length === 0) return allowed()
  return forbidden('unrestricted capabilities', details.join('; '), [...dropErrors, ...addErrors])
}

/** `capabilities_restricted` 1.25+: Windows pods are exempt (the API rejects capabilities on them). */
export function capabilitiesRestrictedV1Dot25(pod: PodView): PssCheckResult {
  return isWindowsPod(pod.spec) ? allowed() : capabilitiesRestrictedV1Dot22(pod)
}
