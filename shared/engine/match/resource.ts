/**
 * Reads the few fields matching needs from a raw resource, the way `unstructured.Unstructured`'s
 * getters do: a missing or mistyped field reads as empty, never as an error.
 */
import { getKey, isObject, type JsonObject, type JsonValue } from '../../lib/json.ts'

function metadata(obj: JsonObject): JsonObject | undefined {
  const m = getKey(obj, 'metadata')
  return isObject(m) ? m : undefined
}

function str(v: JsonValue | undefined): string {
  return typeof v === 'string' ? v : ''
}

/** `GetKind()`. */
export function kindOf(obj: JsonObject): string {
  return str(getKey(obj, 'kind'))
}

/** `GetName()`, `GetGenerateName()`, `GetNamespace()`. */
export function metaString(obj: JsonObject, field: 'name' | 'generateName' | 'namespace'): string {
  const m = metadata(obj)
  return m ? str(getKey(m, field)) : ''
}

/**
 * `GetLabels()` / `GetAnnotations()` (`NestedStringMap`): one non-string value makes the whole map
 * unreadable, which Kubernetes' getter reports as no labels at all.
 */
export function metaStringMap(obj: JsonObject, field: 'labels' | 'annotations'): ReadonlyMap<string, string> {
  const m = metadata(obj)
  const raw = m ? getKey(m, field) : undefined
  const out = new Map<string, string>()
  if (!isObject(raw)) return out
  for (const k of Object.keys(raw)) {
    const v = raw[k]
    if (typeof v !== 'string') return new Map()
    out.set(k, v)
  }
  return out
}

/** True for the "empty" object of a DELETE (`null` or `{}`), which Kyverno refuses to match. */
export function isEmptyResource(obj: JsonObject | null | undefined): obj is null | undefined {
  if (obj == null) return true
  // Object.keys(obj).length === 0, without listing every key of a large object.
  for (const k in obj) if (Object.prototype.hasOwnProperty.call(obj, k)) return false
  return true
}
