/**
 * The `images` context variable: every container image of a Pod or pod controller, parsed the
 * way Kyverno's image utilities describe it (`images.containers.<name>.registry` …).
 */
import { isObject, setKey, type JsonObject, type JsonValue } from '../../lib/json.ts'

export interface ImageInfo extends JsonObject {
  registry: string
  path: string
  name: string
  tag: string
  digest: string
  reference: string
  referenceWithTag: string
  jsonPointer: string
}

/** Parses an image reference; `null` when it is not one. */
export function parseImage(image: string, pointer: string): ImageInfo | null {
  if (image === '' || image.length > 4096 || /\s/.test(image)) return null
  let rest = image
  let digest = ''
  const at = rest.indexOf('@')
  if (at >= 0) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
  }
  let tag = ''
  const colon = rest.lastIndexOf(':')
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
  }
  const slash = rest.indexOf('/')
  const first = slash >= 0 ? rest.slice(0, slash) : ''
  let registry = 'docker.io'
  let path = rest
  if (first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = first
    path = rest.slice(slash + 1)
  }
  if (path === '') return null
  if (tag === '' && digest === '') tag = 'latest'
  const name = path.slice(path.lastIndexOf('/') + 1)
  const base = `${registry}/${path}`
  const reference = digest !== '' ? `${base}@${digest}` : `${base}:${tag}`
  const referenceWithTag = tag !== '' ? `${base}:${tag}` : reference
  return { registry, path, name, tag, digest, reference, referenceWithTag, jsonPointer: pointer }
}

const POD_SPEC_PATH: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
}

/** `images` for the resource, or `undefined` when the kind has no pod spec. */
export function extractImages(resource: JsonObject): JsonObject | undefined {
  const kind = typeof resource.kind === 'string' ? resource.kind : ''
  const path = POD_SPEC_PATH[kind]
  if (!path) return undefined
  let spec: JsonValue | undefined = resource
  for (const p of path) spec = isObject(spec) ? spec[p] : undefined
  if (!isObject(spec)) return undefined
  const out: JsonObject = {}
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    const list = spec[field]
    if (!Array.isArray(list)) continue
    const byName: JsonObject = {}
    list.forEach((c, i) => {
      if (!isObject(c) || typeof c.image !== 'string' || typeof c.name !== 'string') return
      const info = parseImage(c.image, `/${[...path, field, String(i), 'image'].join('/')}`)
      if (info) setKey(byName, c.name, info)
    })
    if (Object.keys(byName).length > 0) setKey(out, field, byName)
  }
  return out
}
