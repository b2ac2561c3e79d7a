/**
 * Finding `{{ }}` variables exactly as Kyverno's regexes do, without running those regexes:
 * `(^|[^\\])(\{\{(?:\{[^{}]*\}|[^{}])*\}\})` scanned leftmost-first and non-overlapping (so a
 * variable right after another is only found on the next pass), and the escaped form `\{{…}}`.
 * A hand-written scan keeps this linear on hostile text.
 */
import { goTrimSpace } from '../../lib/gostrings.ts'
import { findUnescaped, unescapeMatches } from '../../lib/unescaped-scan.ts'

export interface VariableMatch {
  /** The character before `{{` that the regex consumed, or `''` at the start of the string. */
  readonly prefix: string
  /** The `{{ … }}` text itself. */
  readonly body: string
}

/** End (exclusive) of a `{{…}}` body starting at `q`, or -1. Inner `{…}` groups hold no braces. */
export function bodyEnd(s: string, q: number): number {
  if (s[q] !== '{' || s[q + 1] !== '{') return -1
  let i = q + 2
  for (;;) {
    const c = s[i]
    if (c === undefined || c === '}') break
    if (c === '{') {
      let j = i + 1
      while (j < s.length && s[j] !== '{' && s[j] !== '}') j++
      if (s[j] !== '}') break
      i = j + 1
      continue
    }
    i++
  }
  return s[i] === '}' && s[i + 1] === '}' ? i + 2 : -1
}

/** Kyverno's `RegexVariables.FindAllString`: every unescaped variable found in one scan. */
export function findVariables(s: string): VariableMatch[] {
  return findUnescaped(s, (start) => bodyEnd(s, start)).map((m) => ({ prefix: m.prefix, body: m.text }))
}


/** Replaces every escaped `\{{…}}` by `{{…}}` (Kyverno's final pass over each string). */
export function unescapeVariables(s: string): string {
  if (!s.includes('\\{{')) return s
  return unescapeMatches(s, (pos) => bodyEnd(s, pos + 1))
}


/** Go's `strings.TrimSpace` (Unicode white space, but not U+FEFF as JavaScript's `trim`). */
export { goTrimSpace }

/** The query inside a variable: braces removed, trimmed; a leading `-` marks shallow substitution. */
export function variableText(body: string): { text: string; shallow: boolean } {
  const text = goTrimSpace(body.replaceAll('{{', '').replaceAll('}}', ''))
  if (text.startsWith('-')) return { text: goTrimSpace(text.slice(1)), shallow: true }
  return { text, shallow: false }
}

/**
 * The variable texts a string references, innermost first, for deciding which context entries a
 * rule needs. Nested variables are reported with their inner variables inlined as plain text:
 * `{{ labels.{{k}} }}` gives `["k", "labels.k"]`. Escaped `\{{…}}` is not a reference.
 */
export function referencedVariables(text: string): string[] {
  const out: string[] = []
  let s = text
  for (let pass = 0; pass < 32; pass++) {
    const found = findVariables(s)
    if (found.length === 0) break
    for (const m of found) {
      const t = variableText(m.body).text
      out.push(t)
      s = s.replace(m.prefix + m.body, () => m.prefix + t)
    }
  }
  return out
}
