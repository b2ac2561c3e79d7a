/**
 * Kyverno's JSON-pointer helpers (`pkg/utils/jsonpointer`, `anchor.RemoveAnchorsFromPath`) as
 * used by `{{@}}` and `$( )` references. Paths are the traversal's raw `/key/0/…` strings.
 */
import { goJoinPath } from '../jmespath/index.ts'

/**
 * `jsonpointer.ParsePath`: splits on `/` except inside `"…"`, and a backslash takes the next
 * character literally. (Kyverno's unquoting of the quoted run always fails and adds nothing, so
 * quotes only toggle.)
 */
export function parsePath(raw: string): string[] {
  const out: string[] = []
  let buf = ''
  let escaped = false
  let quoted = false
  for (const ch of raw) {
    if (escaped) {
      buf += ch
      escaped = false
    } else if (ch === '\\') {
      escaped = true
    } else if (ch === '"') {
      quoted = !quoted
    } else if (ch === '/' && !quoted) {
      if (buf !== '') out.push(buf)
      buf = ''
    } else {
      buf += ch
    }
  }
  if (buf !== '') out.push(buf)
  return out
}

// Kyverno lets `(` start and `)` continue an identifier, but then requires every character to be
// in the second set, so a leading `(` still ends up quoted.
const UNQUOTED = /^[A-Z_a-z][)0-9A-Z_a-z]*$/

/** `Pointer.JMESPath()`: numeric segments as `[n]`, identifiers bare, anything else quoted. */
export function toJMESPath(segments: readonly string[]): string {
  let out = ''
  for (const seg of segments) {
    if (/^\d+$/.test(seg) && BigInt(seg) < 2n ** 64n) {
      out += `[${seg}]`
      continue
    }
    if (out.length > 0) out += '.'
    if (UNQUOTED.test(seg)) {
      out += seg
      continue
    }
    let q = '"'
    for (const ch of seg) {
      const cp = ch.codePointAt(0) as number
      const esc: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' }
      if (esc[ch] !== undefined) q += esc[ch]
      else if (cp < 0x20) q += `\\u${cp.toString(16).padStart(4, '0')}`
      else q += ch
    }
    out += q + '"'
  }
  return out
}

/** The `{{@}}` expansion for a leaf at `path`: skip past `foreach`, drop 2 segments, prefix. */
export function currentPathExpression(path: string, hasTarget: boolean): string {
  let segs = parsePath(path)
  segs = segs.slice(segs.indexOf('foreach') + 1)
  segs = 2 > segs.length - 1 ? [] : segs.slice(2)
  return toJMESPath([...(hasTarget ? ['target'] : ['request', 'object']), ...segs])
}

const ANCHOR = /^[+<=X^]?\((.+)\)$/s

/** `anchor.RemoveAnchorsFromPath`: `/spec/(containers)/0/=(image)` → `/spec/containers/0/image`. */
export function removeAnchorsFromPath(p: string): string {
  let parts = p.split('/')
  if (parts[0] === '') parts = parts.slice(1)
  const joined = goJoinPath(...parts.map((part) => ANCHOR.exec(part)?.[1] ?? part))
  return p.startsWith('/') ? '/' + joined : joined
}
