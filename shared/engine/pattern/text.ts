/** Go whitespace trimming, needed where Kyverno uses `strings.TrimSpace` rather than `Trim(s, " ")`. */

import { goTrimSpace } from '../../lib/gostrings.ts'

/** Go `strings.TrimSpace`. */
export const trimGoSpace = goTrimSpace

/** Go `strings.Trim(s, " ")`: ASCII spaces only. */
export function trimSpaces(s: string): string {
  let start = 0
  let end = s.length
  while (start < end && s.charCodeAt(start) === 0x20) start++
  while (end > start && s.charCodeAt(end - 1) === 0x20) end--
  return s.slice(start, end)
}
