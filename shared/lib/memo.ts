/**
 * `compute`, remembered per key. For pure computations over keys that may come from requests, so
 * the map is cleared whenever it reaches `max` entries: memory stays bounded, and a cleared entry
 * only costs one recomputation.
 */
export function boundedMemo<K, T>(compute: (key: K) => T, max: number): (key: K) => T {
  const memo = new Map<K, T>()
  return (key) => {
    let r = memo.get(key)
    if (r === undefined && !memo.has(key)) {
      r = compute(key)
      if (memo.size >= max) memo.clear()
      memo.set(key, r)
    }
    return r as T
  }
}
