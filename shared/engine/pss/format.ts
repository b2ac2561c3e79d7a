/**
 * Go text helpers the checks' messages are built from (`%q`, `joinQuote`, `pluralize`, sorted
 * string sets), reproduced so details read exactly as Kubernetes phrases them.
 */

// Go's strconv.IsPrint: categories L, M, N, P, S, plus the ASCII space (a fixed pattern, never user text).
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
}

function hex(cp: number, width: number): string {
  return cp.toString(16).padStart(width, '0')
}

/** Go's `%q` of a string (`strconv.Quote`). */
export function goQuote(s: string): string {
  let out = '"'
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0
    // A lone surrogate cannot come out of Go's JSON decoder: it becomes U+FFFD, which is printable.
    if (cp >= 0xd800 && cp <= 0xdfff) {
      out += '\ufffd'
      continue
    }
    const esc = Object.prototype.hasOwnProperty.call(ESCAPES, ch) ? ESCAPES[ch] : undefined
    if (esc !== undefined) out += esc
    else if (ch === ' ' || PRINTABLE.test(ch)) out += ch
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`
    else out += `\\U${hex(cp, 8)}`
  }
  return `${out}"`
}

/** pod-security-admission's `joinQuote`: each item `%q`-quoted, joined by `, `. */
export function joinQuote(items: readonly string[]): string {
  return items.map(goQuote).join(', ')
}

/** pod-security-admission's `pluralize`: singular only for exactly one. */
export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural
}

/** Go string order (UTF-8 bytes, i.e. code points), which differs from UTF-16 order for astral characters. */
export function goCompare(a: string, b: string): number {
  const x = Array.from(a)
  const y = Array.from(b)
  const n = Math.min(x.length, y.length)
  for (let i = 0; i < n; i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0)
    if (d !== 0) return d
  }
  return x.length - y.length
}

/** `sets.NewString(items...).List()`: unique and sorted the Go way. */
export function sortedSet(items: Iterable<string>): string[] {
  return [...new Set(items)].sort(goCompare)
}
