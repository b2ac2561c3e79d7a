/**
 * Test resources as `kyverno test` loads them (matching spec §5.2): documents without a kind are
 * skipped, a missing namespace becomes `default` unless the kind is a known cluster-scoped
 * built-in, null labels/annotations/data become `{}`, and the first of two resources with the same
 * (group, kind, namespace, name) wins.
 */
import { cloneJson, isObject, setKey, type JsonObject, type JsonValue } from '../lib/json.ts'
import { err, ok, type Result } from '../lib/result.ts'

/** One loaded resource and the identity `kyverno test` files its responses under. */
export interface TestResource {
  /** `<apiVersion>,<kind>,<namespace>,<name>`. */
  key: string
  apiVersion: string
  kind: string
  namespace: string
  name: string
  object: JsonObject
}

type ClusterScoped = (apiVersion: string, kind: string) => boolean

/** `apps/v1` → `apps`; `v1` → `` (the core group). */
export function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/')
  return i < 0 ? '' : apiVersion.slice(0, i)
}

/** `namespace/name`, or `name` for a cluster-scoped resource: how rows name a resource. */
export function displayName(r: { namespace: string; name: string }): string {
  return r.namespace === '' ? r.name : `${r.namespace}/${r.name}`
}

function text(v: JsonValue | undefined): string {
  return typeof v === 'string' ? v : ''
}

/** Normalises one decoded document; `undefined` for a document Kyverno skips (no kind). */
export function normaliseResource(doc: JsonValue, isClusterScoped: ClusterScoped): Result<TestResource | undefined> {
  if (!isObject(doc)) return err(`a resource document must be a map, got ${doc === null ? 'null' : typeof doc}`)
  const kind = text(doc.kind)
  if (kind === '') return ok(undefined)
  const object = cloneJson(doc)
  const apiVersion = text(object.apiVersion)
  let meta = object.metadata
  if (meta !== undefined && meta !== null && !isObject(meta)) return err(`${kind}: metadata must be a map`)
  if (!isObject(meta)) {
    meta = {}
    setKey(object, 'metadata', meta)
  }
  for (const key of ['labels', 'annotations']) if (meta[key] === null) setKey(meta, key, {})
  if (object.data === null) setKey(object, 'data', {})
  let namespace = text(meta.namespace)
  if (namespace === '' && !isClusterScoped(apiVersion, kind)) {
    namespace = 'default'
    setKey(meta, 'namespace', namespace)
  }
  const name = text(meta.name)
  return ok({ key: `${apiVersion},${kind},${namespace},${name}`, apiVersion, kind, namespace, name, object })
}

/** Normalises every document of one resource file; any malformed document fails the file. */
export function normaliseResources(docs: readonly JsonValue[], isClusterScoped: ClusterScoped): Result<TestResource[]> {
  const out: TestResource[] = []
  for (const doc of docs) {
    if (doc === null) continue
    const r = normaliseResource(doc, isClusterScoped)
    if (!r.ok) return r
    if (r.value) out.push(r.value)
  }
  return ok(out)
}

/** Keeps the first resource of each (group, kind, namespace, name). */
export function dedupeResources(resources: readonly TestResource[]): TestResource[] {
  const seen = new Set<string>()
  return resources.filter((r) => {
    const id = JSON.stringify([groupOf(r.apiVersion), r.kind, r.namespace, r.name])
    if (seen.has(id)) return false
    seen.add(id)
    return true
  })
}
