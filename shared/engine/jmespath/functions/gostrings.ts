/**
 * Go `strings` package behaviour where it differs from JavaScript's: `Replace` with an empty
 * `old`, rune-based `Split("", …)`/`Trim`, and Unicode *simple* case mapping (`ß` stays `ß` in
 * `ToUpper`; JavaScript's full mapping would give `SS`).
 */
import { goCleanPath } from '../../../lib/gostrings.ts'
import { checkStringLength } from '../limits.ts'
import { runeCount } from '../values.ts'

/** `strings.Replace(s, old, new, n)`; n < 0 replaces all. Refuses results over the string limit. */
export function goReplace(s: string, old: string, rep: string, n: number): string {
  if (old === rep || n === 0) return s
  const count = old === '' ? runeCount(s) + 1 : s.split(old).length - 1
  if (count === 0) return s
  const times = n < 0 || count < n ? count : n
  checkStringLength(s.length + times * (rep.length - old.length))
  let out = ''
  let start = 0
  for (let i = 0; i < times; i++) {
    let j = start
    if (old === '') {
      if (i > 0) j += (s.codePointAt(start) ?? 0) > 0xffff ? 2 : 1
    } else {
      j = s.indexOf(old, start)
    }
    out += s.slice(start, j) + rep
    start = j + old.length
  }
  return out + s.slice(start)
}

/** `strings.Split`: an empty separator splits into runes, and `Split("", "")` is empty. */
export function goSplit(s: string, sep: string): string[] {
  return sep === '' ? Array.from(s) : s.split(sep)
}

/** `strings.Trim(s, cutset)`: strips leading and trailing runes that occur in `cutset`. */
export function goTrim(s: string, cutset: string): string {
  if (s === '' || cutset === '') return s
  const set = new Set(Array.from(cutset))
  const runes = Array.from(s)
  let a = 0
  let b = runes.length
  while (a < b && set.has(runes[a] as string)) a++
  while (b > a && set.has(runes[b - 1] as string)) b--
  return runes.slice(a, b).join('')
}

// Greek letters with iota subscript: full upper-casing yields two letters, Go's simple mapping one.
function iotaUpper(cp: number): number | undefined {
  if ((cp >= 0x1f80 && cp <= 0x1f87) || (cp >= 0x1f90 && cp <= 0x1f97) || (cp >= 0x1fa0 && cp <= 0x1fa7)) return cp + 8
  return { 0x1fb3: 0x1fbc, 0x1fc3: 0x1fcc, 0x1ff3: 0x1ffc }[cp]
}

/** `unicode.ToUpper` of one code point. */
export function simpleUpper(ch: string): string {
  const u = ch.toUpperCase()
  if (runeCount(u) === 1) return u
  const alt = iotaUpper(ch.codePointAt(0) as number)
  return alt === undefined ? ch : String.fromCodePoint(alt)
}

/** `unicode.ToLower` of one code point. */
export function simpleLower(ch: string): string {
  const l = ch.toLowerCase()
  if (runeCount(l) === 1) return l
  return ch === '\u0130' ? 'i' : ch
}

export const goToUpper = (s: string): string => Array.from(s, simpleUpper).join('')
export const goToLower = (s: string): string => Array.from(s, simpleLower).join('')

/** `strings.EqualFold`: equal under simple Unicode case folding. */
export function goEqualFold(a: string, b: string): boolean {
  const ra = Array.from(a)
  const rb = Array.from(b)
  if (ra.length !== rb.length) return false
  return ra.every((x, i) => {
    const y = rb[i] as string
    if (x === y) return true
    const ux = simpleUpper(x)
    const uy = simpleUpper(y)
    return ux === uy || simpleLower(x) === simpleLower(y) || simpleLower(ux) === simpleLower(uy)
  })
}


/** Go `path.Join`: empty elements are ignored; all empty gives "". */
export function goJoinPath(...elems: string[]): string {
  const parts = elems.filter((e) => e !== '')
  return parts.length === 0 ? '' : goCleanPath(parts.join('/'))
}

export { goCleanPath }
