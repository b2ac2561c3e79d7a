/**
 * Test helper: a small, strict reader for the XML subset the JUnit format writes (prolog,
 * elements, double-quoted attributes, text, the five predefined entities and character
 * references). It throws on anything a conforming XML 1.0 parser would reject in that subset, and
 * applies attribute-value normalisation (§3.3.3), so tests can check that escaping round-trips.
 */

export interface XmlElement {
  name: string
  attrs: Record<string, string>
  children: XmlElement[]
  text: string
}

const NAME = '[A-Za-z_][\\w.-]*'
const OPEN = new RegExp(`^<(${NAME})((?:\\s+${NAME}="[^"<]*")*)\\s*(/?)>`)
const CLOSE = new RegExp(`^</(${NAME})\\s*>`)
const ATTR = new RegExp(`(${NAME})="([^"<]*)"`, 'g')
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
const BAD_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u

function decode(s: string): string {
  return s.replace(/&([^;]*);?/g, (all, ref: string) => {
    if (!all.endsWith(';')) throw new Error(`bare & in ${JSON.stringify(s)}`)
    if (ref in ENTITIES) return ENTITIES[ref] as string
    const m = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(ref)
    if (!m) throw new Error(`unknown entity &${ref};`)
    return String.fromCodePoint(m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]))
  })
}

/** Parses a whole document; throws with a reason when it is not well-formed. */
export function readXml(doc: string): XmlElement {
  if (BAD_CHAR.test(doc)) throw new Error('character not allowed in XML 1.0')
  const prolog = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/.exec(doc)
  if (!prolog) throw new Error('missing XML declaration')
  let rest = doc.slice(prolog[0].length)
  const stack: XmlElement[] = []
  let root: XmlElement | undefined
  while (rest.length > 0) {
    const close = CLOSE.exec(rest)
    const open = close ? null : OPEN.exec(rest)
    if (close) {
      const top = stack.pop()
      if (!top || top.name !== close[1]) throw new Error(`unbalanced </${close[1]}>`)
      rest = rest.slice(close[0].length)
    } else if (open) {
      const attrs: Record<string, string> = {}
      for (const [, k, v] of (open[2] ?? '').matchAll(ATTR)) {
        if (k === undefined || v === undefined || k in attrs) throw new Error(`bad or duplicate attribute ${k}`)
        // §3.3.3: literal whitespace characters in attribute values become spaces.
        attrs[k] = decode(v.replace(/[\t\n\r]/g, ' '))
      }
      const el: XmlElement = { name: open[1] as string, attrs, children: [], text: '' }
      const parent = stack.at(-1)
      if (parent) parent.children.push(el)
      else if (root) throw new Error('more than one root element')
      else root = el
      if (open[3] !== '/') stack.push(el)
      rest = rest.slice(open[0].length)
    } else if (rest.startsWith('<')) {
      throw new Error(`malformed markup at ${JSON.stringify(rest.slice(0, 40))}`)
    } else {
      const end = rest.indexOf('<')
      const raw = end < 0 ? rest : rest.slice(0, end)
      if (raw.includes(']]>')) throw new Error(']]> in text')
      const top = stack.at(-1)
      if (top) top.text += decode(raw)
      else if (raw.trim() !== '') throw new Error('text outside the root element')
      rest = end < 0 ? '' : rest.slice(end)
    }
  }
  if (stack.length > 0 || !root) throw new Error('unclosed elements')
  return root
}
