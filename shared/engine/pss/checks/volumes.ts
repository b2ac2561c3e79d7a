/**
 * Volume controls: baseline "HostPath Volumes" (`hostPathVolumes`) and restricted "Volume Types"
 * (`restrictedVolumes`, which replaces `hostPathVolumes` at the restricted level).
 */
import { getKey, isObject, type JsonObject } from '../../../lib/json.ts'
import { forbiddenAt } from '../field-errors.ts'
import { joinQuote, pluralize, sortedSet } from '../format.ts'
import { arrAt, isSet, str, valueAt } from '../pod.ts'
import { allowed, forbidden, type PodView, type PssCheckResult, type PssFieldError } from '../types.ts'

/** `hostPathVolumes` 1.0+. */
export function hostPathVolumesV1Dot0({ spec }: PodView): PssCheckResult {
  const bad: string[] = []
  const errors: PssFieldError[] = []
  arrAt(spec, 'volumes').forEach((v, i) => {
    if (!isObject(v) || !isSet(getKey(v, 'hostPath'))) return
    bad.push(str(getKey(v, 'name')))
    errors.push(forbiddenAt(`spec.volumes[${i}].hostPath`, str(valueAt(v, 'hostPath', 'path'))))
  })
  if (bad.length === 0) return allowed()
  return forbidden('hostPath volumes', `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)}`, errors)
}

const ALLOWED_SOURCES = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
] as const

// In the order pod-security-admission's switch tests them: the first one present names the violation.
const RESTRICTED_SOURCES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
] as const

/**
 * The restricted source a volume uses, or `null` when it is allowed. A volume naming no source at
 * all is an implicit `emptyDir` (the API server defaults it before admission), so it is allowed; a
 * source this list does not know is `unknown`, as in Kubernetes' default branch.
 */
function restrictedSourceOf(volume: JsonObject): string | null {
  if (ALLOWED_SOURCES.some((k) => isSet(getKey(volume, k)))) return null
  const known = RESTRICTED_SOURCES.find((k) => isSet(getKey(volume, k)))
  if (known) return known
  const other = Object.keys(volume).some((k) => k !== 'name' && isSet(getKey(volume, k)))
  return other ? 'unknown' : null
}

/** `restrictedVolumes` 1.0+. */
export function restrictedVolumesV1Dot0({ spec }: PodView): PssCheckResult {
  const bad: string[] = []
  const types: string[] = []
  const errors: PssFieldError[] = []
  arrAt(spec, 'volumes').forEach((v, i) => {
    if (!isObject(v)) return
    const source = restrictedSourceOf(v)
    if (source === null) return
    bad.push(str(getKey(v, 'name')))
    types.push(source)
    errors.push(forbiddenAt(`spec.volumes[${i}].${source}`))
  })
  if (bad.length === 0) return allowed()
  const unique = sortedSet(types)
  return forbidden(
    'restricted volume types',
    `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)} ${pluralize('uses', 'use', bad.length)} ` +
      `${pluralize('restricted volume type', 'restricted volume types', unique.length)} ${joinQuote(unique)}`,
    errors,
  )
}
