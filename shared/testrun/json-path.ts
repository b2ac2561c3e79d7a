/** Reading nested JSON without casts. */
import { isObject, type JsonValue } from '../lib/json.ts'

/** Reads `obj.a.b.c` without throwing; `undefined` when any step is missing or not a map. */
export function pathGet(obj: JsonValue | undefined, ...keys: string[]): JsonValue | undefined {
  let cur: JsonValue | undefined = obj
  for (const k of keys) {
    if (!isObject(cur) || !Object.hasOwn(cur, k)) return undefined
    cur = cur[k]
  }
  return cur
}
