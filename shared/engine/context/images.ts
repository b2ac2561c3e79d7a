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

const CONTAINER_FIELDS = ['initContainers', 'containers', 'ephemeralContainers'] as const

/** What {@link extractImages} read from one resource: the pod spec object, and per container list the list, its length and each container with its image and name. */
export interface ImageInputs {
  kind: string
  /** The objects along the pod spec path (the last one the spec), as read. */
  chain: unknown[]
  /** Flattened per list: list, length, then container, image, name for each element. */
  lists: unknown[]
}

function podSpecAt(resource: JsonObject, path: readonly string[], chain?: unknown[]): JsonValue | undefined {
  let spec: JsonValue | undefined = resource
  for (const p of path) {
    spec = isObject(spec) ? spec[p] : undefined
    chain?.push(spec)
  }
  return spec
}

function readImageInputs(resource: JsonObject): ImageInputs {
  const kind = typeof resource.kind === 'string' ? resource.kind : ''
  const inputs: ImageInputs = { kind, chain: [], lists: [] }
  const path = POD_SPEC_PATH[kind]
  const spec = path ? podSpecAt(resource, path, inputs.chain) : undefined
  if (!isObject(spec)) return inputs
  for (const field of CONTAINER_FIELDS) {
    const list = spec[field]
    inputs.lists.push(list)
    if (!Array.isArray(list)) continue
    inputs.lists.push(list.length)
    for (const c of list) inputs.lists.push(c, isObject(c) ? c.image : undefined, isObject(c) ? c.name : undefined)
  }
  return inputs
}

/** True when `resource` still holds exactly what `inputs` recorded (containers by identity, strings by value). */
export function sameImageInputs(resource: JsonObject, inputs: ImageInputs): boolean {
  const kind = typeof resource.kind === 'string' ? resource.kind : ''
  if (kind !== inputs.kind) return false
  const path = POD_SPEC_PATH[kind]
  if (!path) return true
  let spec: JsonValue | undefined = resource
  for (let i = 0; i < path.length; i++) {
    spec = isObject(spec) ? spec[path[i] as string] : undefined
    if (spec !== inputs.chain[i]) return false
  }
  if (!isObject(spec)) return true
  let at = 0
  const lists = inputs.lists
  for (const field of CONTAINER_FIELDS) {
    const list = spec[field]
    if (lists[at++] !== list) return false
    if (!Array.isArray(list)) continue
    if (lists[at++] !== list.length) return false
    for (const c of list) {
      if (lists[at++] !== c) return false
      if (lists[at++] !== (isObject(c) ? c.image : undefined)) return false
      if (lists[at++] !== (isObject(c) ? c.name : undefined)) return false
    }
  }
  return at === lists.length
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
  for (const field of CONTAINER_FIELDS) {
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

export interface ImagesMemo {
  inputs: ImageInputs
  images: JsonObject | undefined
}
const imagesMemo = new WeakMap<JsonObject, ImagesMemo>()

/**
 * {@link extractImages}, shared by every policy evaluated against the same resource object. The
 * values it was derived from are re-checked on each use, so a caller that edits the resource in
 * between still gets fresh images. Callers must not modify the result.
 */
export function sharedImages(resource: JsonObject): JsonObject | undefined {
  return sharedImagesWithInputs(resource).images
}

/** {@link sharedImages} with what they were derived from, for callers that keep both and re-check later with {@link sameImageInputs}. */
export function sharedImagesWithInputs(resource: JsonObject): ImagesMemo {
  const memo = imagesMemo.get(resource)
  if (memo && sameImageInputs(resource, memo.inputs)) return memo
  const fresh = { inputs: readImageInputs(resource), images: extractImages(resource) }
  imagesMemo.set(resource, fresh)
  return fresh
}
