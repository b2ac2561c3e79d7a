/**
 * Evaluation order inside one map (§3.2, §3.3). Kyverno sorts keys with Go's byte-wise `sort.Strings`
 * and, in phase 2, moves global anchors and anchor-holding keys to the front in reverse order.
 */
import { isObject, type JsonObject, type JsonValue } from '../../lib/json.ts'
import { isGlobal, isValidateAnchor, parseAnchor, type Anchor } from '../anchor/index.ts'

/** Go string order (UTF-8 bytes, i.e. code points); JS `<` compares UTF-16 units and differs above U+FFFF. */
export function goStringCompare(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  let i = 0
  while (i < n) {
    const ca = a.codePointAt(i) as number
    const cb = b.codePointAt(i) as number
    if (ca !== cb) return ca < cb ? -1 : 1
    i += ca > 0xffff ? 2 : 1
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1
}

/** Anchors sorted by raw key, the phase-1 order. */
export function byRawKey(anchors: readonly Anchor[]): Anchor[] {
  return [...anchors].sort((x, y) => goStringCompare(x.raw, y.raw))
}

/**
 * Memo for {@link hasNestedAnchors} over pattern nodes. Metadata expansion rewrites the pattern in
 * place (it can drop anchor-holding entries), so it calls `clear()` whenever it changes something.
 */
export class NestedAnchorCache {
  #memo = new WeakMap<object, boolean>()

  /** Kyverno's `hasNestedAnchors`: any validate anchor (not `+()`) at any depth of `value`. */
  has(value: JsonValue): boolean {
    if (!Array.isArray(value) && !isObject(value)) return false
    const known = this.#memo.get(value)
    if (known !== undefined) return known
    const found = Array.isArray(value)
      ? value.some((v) => this.has(v))
      : Object.keys(value).some((k) => isValidateAnchor(parseAnchor(k))) ||
        Object.values(value).some((v) => this.has(v))
    this.#memo.set(value, found)
    return found
  }

  /** Forgets every answer; the pattern changed shape. */
  clear(): void {
    this.#memo = new WeakMap()
  }
}

/**
 * Phase-2 order: keys sorted ascending; a global anchor or a key whose value holds an anchor is
 * pushed to the front (so those end up in reverse order), the rest to the back.
 */
export function phaseTwoOrder(keys: readonly Anchor[], pattern: JsonObject, cache: NestedAnchorCache): Anchor[] {
  return phaseTwoOrderSorted(byRawKey(keys), pattern, cache)
}

/** {@link phaseTwoOrder} of keys already in raw-key byte order. */
export function phaseTwoOrderSorted(sorted: readonly Anchor[], pattern: JsonObject, cache: NestedAnchorCache): Anchor[] {
  const front: Anchor[] = []
  const back: Anchor[] = []
  for (const a of sorted) {
    if (isGlobal(a) || cache.has(pattern[a.raw] ?? null)) front.unshift(a)
    else back.push(a)
  }
  return [...front, ...back]
}
