/**
 * Kyverno finds `{{ }}` variables and `$( )` references with regexes of the form `^X|[^\\]X`,
 * scanned leftmost-first and non-overlapping. These helpers reproduce that scan without running
 * the regexes, so hostile text stays linear.
 */

/** One match: the character before it that the regex consumed (`''` at the string start), and the match. */
export interface UnescapedMatch {
  readonly prefix: string
  readonly text: string
}

/**
 * Every match of `^X|[^\\]X`, where `matchEnd(start)` gives the (exclusive) end of an `X` starting
 * at `start`, or -1.
 */
export function findUnescaped(s: string, matchEnd: (start: number) => number): UnescapedMatch[] {
  const out: UnescapedMatch[] = []
  let pos = 0
  while (pos < s.length) {
    if (pos === 0) {
      const e = matchEnd(0)
      if (e >= 0) {
        out.push({ prefix: '', text: s.slice(0, e) })
        pos = e
        continue
      }
    }
    if (s[pos] !== '\\') {
      const e = matchEnd(pos + 1)
      if (e >= 0) {
        out.push({ prefix: s[pos] as string, text: s.slice(pos + 1, e) })
        pos = e
        continue
      }
    }
    pos++
  }
  return out
}

/**
 * Drops the backslash of every escaped occurrence, where `escapedEnd(pos)`, at a `\`, returns where
 * the escaped text ends (or -1).
 */
export function unescapeMatches(s: string, escapedEnd: (pos: number) => number): string {
  const found: string[] = []
  let pos = 0
  while (pos < s.length) {
    const e = s[pos] === '\\' ? escapedEnd(pos) : -1
    if (e >= 0) {
      found.push(s.slice(pos, e))
      pos = e
    } else {
      pos++
    }
  }
  let out = s
  for (const v of found) out = out.split(v).join(v.slice(1))
  return out
}

/**
 * A matcher for Kyverno's reference regex `\$\(.[^ ]*\)` in `s`: `$(`, one character other than a
 * newline, then up to the last `)` before the next space. Lookups are precomputed, so each call is O(1).
 */
export function referenceMatcher(s: string): (start: number) => number {
  const n = s.length
  const nextSpace = new Int32Array(n + 1).fill(n)
  for (let i = n - 1; i >= 0; i--) nextSpace[i] = s[i] === ' ' ? i : (nextSpace[i + 1] as number)
  const lastClose = new Int32Array(n + 1).fill(-1) // the last ')' strictly before i
  for (let i = 1; i <= n; i++) lastClose[i] = s[i - 1] === ')' ? i - 1 : (lastClose[i - 1] as number)
  return (start) => {
    const c = start + 2
    if (!s.startsWith('$(', start) || c >= n || s[c] === '\n') return -1
    const close = lastClose[nextSpace[c + 1] as number] as number
    return close >= c + 1 ? close + 1 : -1
  }
}

/** Kyverno's `RegexReferences.FindAllString` over `s`. */
export function findReferenceMatches(s: string): UnescapedMatch[] {
  return s.includes('$(') ? findUnescaped(s, referenceMatcher(s)) : []
}
