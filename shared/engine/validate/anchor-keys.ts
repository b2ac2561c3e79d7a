/**
 * Kyverno's `AnchorMap`: per raw `()`/`^()` key, whether any visited resource map held its inner key.
 * A plain failure while some such key was never seen loses its path (an execution error), because
 * the pattern was written for a resource shape this one does not have.
 */
import { hasKey, type JsonObject } from '../../lib/json.ts'
import { isCondition, isExistence, parseAnchor } from '../anchor/index.ts'

/** Mutable per-walk record; once a key is seen it stays seen. */
export class AnchorKeyRecord {
  readonly #seen = new Map<string, boolean>()

  /** Records the anchor keys of `pattern` against one resource map (before metadata expansion, as Kyverno does). */
  observe(pattern: JsonObject, resource: JsonObject): void {
    for (const raw of Object.keys(pattern)) {
      const a = parseAnchor(raw)
      // Negation keys are recorded by Kyverno but never count as missing, so they are not tracked.
      if (!isCondition(a) && !isExistence(a)) continue
      if (this.#seen.get(raw) === true) continue
      this.#seen.set(raw, hasKey(resource, a.key))
    }
  }

  /** True when some `()`/`^()` key of the pattern never appeared in a visited resource map. */
  keysMissing(): boolean {
    for (const seen of this.#seen.values()) if (!seen) return true
    return false
  }
}
