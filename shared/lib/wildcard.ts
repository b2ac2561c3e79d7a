/**
 * Glob matching as Kyverno's wildcard packages do it: `*` is any run (possibly empty), `?` is exactly
 * one code point, everything else literal and case-sensitive, no escapes, and `""` matches only `""`.
 *
 * Never compiles a RegExp from user text: a greedy two-pointer walk with one backtrack point runs in
 * O(|pattern|·|text|) at worst, so hostile patterns cannot trigger catastrophic backtracking.
 */
export function wildcardMatch(pattern: string, text: string): boolean {
  if (pattern === text) return true
  if (!pattern.includes('*') && !pattern.includes('?')) return false
  const p = Array.from(pattern)
  const t = Array.from(text)
  let pi = 0
  let ti = 0
  let star = -1
  let mark = 0
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === '?' || (p[pi] !== '*' && p[pi] === t[ti]))) {
      pi++
      ti++
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++
      mark = ti
    } else if (star >= 0) {
      pi = star + 1
      ti = ++mark
    } else {
      return false
    }
  }
  while (pi < p.length && p[pi] === '*') pi++
  return pi === p.length
}

/** True when the text contains a glob metacharacter. */
export function hasWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?')
}
