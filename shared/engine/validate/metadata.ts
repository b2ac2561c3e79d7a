/**
 * Metadata key expansion (§3.1, Kyverno's `wildcards.ExpandInMetadata`): wildcard keys under
 * `metadata.labels`/`annotations` are replaced by the first matching resource key, and only
 * string-valued entries survive. It rewrites the (private) pattern in place, as Kyverno does, so
 * a pattern node reused for the next array element sees the expanded keys.
 */
import { getKey, isObject, setKey, type JsonObject, type JsonValue } from '../../lib/json.ts'
import { hasWildcard, wildcardMatch } from '../../lib/wildcard.ts'
import { anchorString, parseAnchor } from '../anchor/index.ts'

/** First entry whose key is `tag` or an anchor on `tag` (Kyverno's `getPatternValue`). */
function tagEntry(tag: string, map: JsonObject): [string, JsonValue] | null {
  for (const k of Object.keys(map)) {
    if (k === tag || parseAnchor(k).key === tag) return [k, map[k] as JsonValue]
  }
  return null
}

/** The `tag` map of a metadata map, keeping only string values; `null` when absent or not a map. */
function stringEntries(tag: string, metadata: JsonValue | undefined): [string, Map<string, string>] | null {
  if (!isObject(metadata)) return null
  const entry = tagEntry(tag, metadata)
  if (!entry || !isObject(entry[1])) return null
  const out = new Map<string, string>()
  for (const k of Object.keys(entry[1])) {
    const v = entry[1][k]
    if (typeof v === 'string') out.set(k, v)
  }
  return [entry[0], out]
}

function firstMatch(pattern: string, resource: Map<string, string>): string {
  for (const k of resource.keys()) if (wildcardMatch(pattern, k)) return k
  return pattern
}

function expandKeys(pattern: Map<string, string>, resource: Map<string, string>): JsonObject {
  const out: JsonObject = {}
  for (const [k, v] of pattern) {
    if (!hasWildcard(k)) {
      setKey(out, k, v)
      continue
    }
    const a = parseAnchor(k)
    setKey(out, a.type === 'none' ? firstMatch(k, resource) : anchorString(a.type, firstMatch(a.key, resource)), v)
  }
  return out
}

/**
 * Expands `patternMap`'s metadata in place against `resourceMap`. Returns true when it rewrote
 * anything. A non-map pattern `metadata` is left alone (Kyverno would panic on it).
 */
export function expandInMetadata(patternMap: JsonObject, resourceMap: JsonObject): boolean {
  const meta = tagEntry('metadata', patternMap)
  if (!meta || meta[1] === null) return false
  const resourceMeta = getKey(resourceMap, 'metadata')
  if (resourceMeta === undefined || resourceMeta === null || !isObject(meta[1])) return false
  const patternMeta = meta[1]
  let changed = false
  for (const tag of ['labels', 'annotations']) {
    const p = stringEntries(tag, patternMeta)
    const r = p && stringEntries(tag, resourceMeta)
    if (!p || !r) continue
    setKey(patternMeta, p[0], expandKeys(p[1], r[1]))
    changed = true
  }
  return changed
}
