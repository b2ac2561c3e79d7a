/** Where a resource keeps the pod `validate.podSecurity` evaluates (Kyverno's `getSpec`). */
import { getKey, isObject, type JsonObject, type JsonValue } from '../../lib/json.ts'
import type { PodView } from './types.ts'

const POD_CONTROLLERS = new Set(['DaemonSet', 'Deployment', 'Job', 'StatefulSet', 'ReplicaSet', 'ReplicationController'])

/** The empty level, shared so that every rule sees the same pod (checks only read it). */
const EMPTY: JsonObject = Object.freeze({}) as JsonObject

// A missing level decodes to Go's zero value (empty); anything other than an object cannot decode.
function level(v: JsonValue | undefined): JsonObject | null {
  if (v === undefined || v === null) return EMPTY
  return isObject(v) ? v : null
}

function walk(root: JsonObject, path: readonly string[]): JsonObject | null {
  let cur: JsonObject | null = root
  for (const key of path) {
    if (!cur) return null
    cur = level(getKey(cur, key))
  }
  return cur
}

/**
 * The pod metadata and spec of a Pod, a pod controller (`spec.template`) or a CronJob
 * (`spec.jobTemplate.spec.template.spec`); `null` for other kinds or malformed objects.
 *
 * For a CronJob the metadata is `spec.jobTemplate.metadata`, not the pod template's: that is what
 * Kyverno reads, so annotation-based checks (AppArmor, pre-1.19 seccomp) see the same values.
 */
export function podSpecOf(resource: JsonObject): PodView | null {
  const kind = getKey(resource, 'kind')
  let meta: JsonObject | null
  let spec: JsonObject | null
  if (kind === 'Pod') {
    meta = walk(resource, ['metadata'])
    spec = walk(resource, ['spec'])
  } else if (typeof kind === 'string' && POD_CONTROLLERS.has(kind)) {
    meta = walk(resource, ['spec', 'template', 'metadata'])
    spec = walk(resource, ['spec', 'template', 'spec'])
  } else if (kind === 'CronJob') {
    meta = walk(resource, ['spec', 'jobTemplate', 'metadata'])
    spec = walk(resource, ['spec', 'jobTemplate', 'spec', 'template', 'spec'])
  } else {
    return null
  }
  return meta && spec ? { meta, spec } : null
}
