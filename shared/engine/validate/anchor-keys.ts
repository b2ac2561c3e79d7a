/**
 * Kyverno's `AnchorMap`: per raw `()`/`^()` key, whether any visited resource map held its inner key.
 * A plain failure while some such key was never seen loses its path (an execution error), because
 * the pattern was written for a resource shape this one does not have.
 */
import { hasKey, type JsonObject } from '../../lib/json.ts'
import { isCondition, isExistence, parseAnchor, type Anchor } from '../anchor/index.ts'

/** Mutable per-walk record; once a key is seen it stays seen. */
export class AnchorKeyRecord {
  // Created on first use: most patterns have no `()`/`^()` keys at all.
  #seen: Map<string, boolean> | undefined

  /** Records the anchor keys of `pattern` against one resource map (before metadata expansion, as Kyverno does). */
  observe(pattern: JsonObject, resource: JsonObject): void {
    const tracked: Anchor[] = []
    for (const raw of Object.keys(pattern)) {
      const a = parseAnchor(raw)
      // Negation keys are recorded by Kyverno but never count as missing, so they are not tracked.
      if (isCondition(a) || isExistence(a)) tracked.push(a)
    }
    this.observeTracked(tracked, resource)
  }

  /** {@link observe} with the pattern's `()`/`^()` keys already picked out. */
  observeTracked(tracked: readonly Anchor[], resource: JsonObject): void {
    if (tracked.length === 0) return
    const seen = (this.#seen ??= new Map())
    for (const a of tracked) {
      if (seen.get(a.raw) === true) continue
      seen.set(a.raw, hasKey(resource, a.key))
    }
  }

  /** True when some `()`/`^()` key of the pattern never appeared in a visited resource map. */
  keysMissing(): boolean {
    if (this.#seen) for (const seen of this.#seen.values()) if (!seen) return true
    return false
  }
}
