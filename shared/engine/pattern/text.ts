/** Go whitespace trimming, needed where Kyverno uses `strings.TrimSpace` rather than `Trim(s, " ")`. */

// Go's unicode.IsSpace set. The anchor package keeps its own copy because it may import nothing.
const GO_SPACES = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005,
  0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
])

/** Go `strings.TrimSpace`. */
export function trimGoSpace(s: string): string {
  let start = 0
  let end = s.length
  while (start < end && GO_SPACES.has(s.charCodeAt(start))) start++
  while (end > start && GO_SPACES.has(s.charCodeAt(end - 1))) end--
  return s.slice(start, end)
}

/** Go `strings.Trim(s, " ")`: ASCII spaces only. */
export function trimSpaces(s: string): string {
  let start = 0
  let end = s.length
  while (start < end && s.charCodeAt(start) === 0x20) start++
  while (end > start && s.charCodeAt(end - 1) === 0x20) end--
  return s.slice(start, end)
}
