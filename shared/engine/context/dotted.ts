/**
 * `kyverno test` values use dotted keys (`request.object.metadata.labels.app: x`,
 * `"a.b".c: y`); each is deep-merged into the context so siblings survive.
 */
import { isObject, setKey, getKey, type JsonObject, type JsonValue } from '../../lib/json.ts'

/** Splits `a."b.c".d` into `['a', 'b.c', 'd']` (CSV-style quoting, as Kyverno's CLI reads it). */
export function splitDotted(key: string): string[] {
  const out: string[] = []
  let cur = ''
  let quoted = false
  for (let i = 0; i < key.length; i++) {
    const c = key[i]
    if (c === '"') {
      if (quoted && key[i + 1] === '"') {
        cur += '"'
        i++
      } else quoted = !quoted
    } else if (c === '.' && !quoted) {
      out.push(cur)
      cur = ''
    } else cur += c
  }
  out.push(cur)
  return out
}

/** Deep merge of `src` into `dst` (maps merge, everything else replaces). */
export function deepMerge(dst: JsonObject, src: JsonObject): void {
  for (const k of Object.keys(src)) {
    const s = src[k] as JsonValue
    const d = getKey(dst, k)
    if (isObject(d) && isObject(s)) deepMerge(d, s)
    else setKey(dst, k, s)
  }
}

/** Merges dotted-key values into the context, in key order, later keys winning. */
export function mergeDotted(ctx: JsonObject, values: Record<string, JsonValue> | undefined): void {
  if (!values) return
  for (const [key, value] of Object.entries(values)) {
    const parts = splitDotted(key)
    const nested: JsonObject = {}
    let node = nested
    parts.forEach((p, i) => {
      if (i === parts.length - 1) setKey(node, p, value)
      else {
        const next: JsonObject = {}
        setKey(node, p, next)
        node = next
      }
    })
    deepMerge(ctx, nested)
  }
}
