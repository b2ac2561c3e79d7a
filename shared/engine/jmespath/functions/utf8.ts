/**
 * UTF-8 conversion without `TextEncoder`/`TextDecoder` (not in the project's ES-only lib).
 * Lone surrogates encode as U+FFFD; invalid bytes decode as one U+FFFD each, as Go's JSON
 * encoder renders a string holding them.
 */

export function encodeUtf8(s: string): Uint8Array {
  const out: number[] = []
  for (let i = 0; i < s.length; i++) {
    let cp = s.charCodeAt(i)
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < s.length) {
      const lo = s.charCodeAt(i + 1)
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00)
        i++
      }
    }
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd
    if (cp < 0x80) out.push(cp)
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63))
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63))
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63))
  }
  return new Uint8Array(out)
}

export function decodeUtf8(b: Uint8Array): string {
  const parts: number[] = []
  let i = 0
  while (i < b.length) {
    const c = b[i] as number
    let need = 0
    let cp = 0
    let min = 0
    if (c < 0x80) {
      parts.push(c)
      i++
      continue
    } else if (c >= 0xc2 && c <= 0xdf) [need, cp, min] = [1, c & 0x1f, 0x80]
    else if (c >= 0xe0 && c <= 0xef) [need, cp, min] = [2, c & 0x0f, 0x800]
    else if (c >= 0xf0 && c <= 0xf4) [need, cp, min] = [3, c & 0x07, 0x10000]
    let ok = need > 0 && i + need < b.length + 1
    for (let k = 1; ok && k <= need; k++) {
      const x = b[i + k]
      if (x === undefined || (x & 0xc0) !== 0x80) ok = false
      else cp = (cp << 6) | (x & 0x3f)
    }
    if (!ok || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      parts.push(0xfffd)
      i++
      continue
    }
    parts.push(cp)
    i += need + 1
  }
  let out = ''
  for (let k = 0; k < parts.length; k += 4096) out += String.fromCodePoint(...parts.slice(k, k + 4096))
  return out
}
