/** Go string helpers whose exact behaviour Kyverno's results depend on. */

// Go's unicode.IsSpace set, which strings.TrimSpace uses. JS `trim()` differs (it trims U+FEFF and
// keeps U+0085), so keys or variables with such padding would parse differently from Kyverno.
const GO_SPACES = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005,
  0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
])

/** Go `strings.TrimSpace`. */
export function goTrimSpace(s: string): string {
  let start = 0
  let end = s.length
  while (start < end && GO_SPACES.has(s.charCodeAt(start))) start++
  while (end > start && GO_SPACES.has(s.charCodeAt(end - 1))) end--
  return start === 0 && end === s.length ? s : s.slice(start, end)
}

/** Go `path.Clean`. */
export function goCleanPath(p: string): string {
  if (p === '') return '.'
  const rooted = p.startsWith('/')
  const out: string[] = []
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop()
      else if (!rooted) out.push('..')
    } else {
      out.push(seg)
    }
  }
  const body = out.join('/')
  if (rooted) return '/' + body
  return body === '' ? '.' : body
}
