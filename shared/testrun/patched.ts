/**
 * The `patchedResources` check (matching spec §5.5): the document with the same apiVersion, kind,
 * namespace and name is taken from the file and must equal the compared object once nulls and
 * empty maps and lists are dropped from both.
 */
import { deepEqual, isObject, setKey, type JsonObject, type JsonValue } from '../lib/json.ts'
import type { Result } from '../lib/result.ts'
import type { TestResource } from './resources.ts'

/** The outcome of comparing a resource with its `patchedResources` document. */
export type PatchCheck =
  | { status: 'match' }
  | { status: 'mismatch'; message: string }
  /** The file has no such document (ignored unless `failOnMissingResources`). */
  | { status: 'missing'; message: string }
  /** The file could not be read or decoded. */
  | { status: 'error'; message: string }

/** Drops nulls, empty maps and empty lists, recursively; `undefined` when nothing is left. */
export function prune(v: JsonValue): JsonValue | undefined {
  if (v === null) return undefined
  if (Array.isArray(v)) {
    const items = v.map(prune).filter((x): x is JsonValue => x !== undefined)
    return items.length === 0 ? undefined : items
  }
  if (isObject(v)) {
    const out: JsonObject = {}
    for (const [k, x] of Object.entries(v)) {
      const p = prune(x)
      if (p !== undefined) setKey(out, k, p)
    }
    return Object.keys(out).length === 0 ? undefined : out
  }
  return v
}

/**
 * Compares `object` (identified by `target`) with its document in the patched-resources file.
 * `load` returns the file's normalised documents (cached by the caller).
 */
export function checkPatched(path: string, load: (path: string) => Result<TestResource[]>, target: TestResource, object: JsonObject): PatchCheck {
  const docs = load(path)
  if (!docs.ok) return { status: 'error', message: `failed to load patched resources ${path}: ${docs.error}` }
  const doc = docs.value.find(
    (d) => d.apiVersion === target.apiVersion && d.kind === target.kind && d.namespace === target.namespace && d.name === target.name,
  )
  if (!doc) return { status: 'missing', message: `${path} has no ${target.kind} ${target.namespace}/${target.name}` }
  if (deepEqual(prune(doc.object), prune(object))) return { status: 'match' }
  return { status: 'mismatch', message: `the resource does not match its patched resource in ${path}` }
}
