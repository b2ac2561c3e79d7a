/**
 * Anchor keys (`(k)`, `=(k)`, `X(k)`, `^(k)`, `<(k)`, `+(k)`) parsed once into a tag, as Kyverno's
 * `anchor.Parse` does: the whole key, trimmed, must be `[mod](inner)` with a non-empty inner key.
 */

import { goTrimSpace } from '../../lib/gostrings.ts'

/** The anchor tags of Kyverno's `AnchorType`, plus `none` for a plain key. */
export type AnchorType = 'condition' | 'equality' | 'negation' | 'existence' | 'global' | 'add' | 'none'

/** One pattern key after parsing. */
export interface Anchor {
  readonly type: AnchorType
  /** Key looked up in the resource and written into paths: the inner key, or the raw key when `none`. */
  readonly key: string
  /** The key exactly as written in the pattern (map lookups into the pattern use it). */
  readonly raw: string
}

export { goTrimSpace }

function modifierType(c: string | undefined): AnchorType | null {
  switch (c) {
    case '+':
      return 'add'
    case '<':
      return 'global'
    case '=':
      return 'equality'
    case 'X':
      return 'negation'
    case '^':
      return 'existence'
    default:
      return null
  }
}

/**
 * Parses a pattern key. Mirrors the regex `^([+<=X^])?\((.+)\)$` on the Go-trimmed key, without
 * building a RegExp: `((a))` is a conditional on `(a)`; `x(a)`, `(a)b` and `()` are plain keys.
 * The inner key may not contain a newline (Go's `.` does not match one).
 *
 * @example parseAnchor('=(hostNetwork)') // { type: 'equality', key: 'hostNetwork', raw: '=(hostNetwork)' }
 */
export function parseAnchor(raw: string): Anchor {
  const s = goTrimSpace(raw)
  const plain: Anchor = { type: 'none', key: raw, raw }
  if (s.length < 3 || !s.endsWith(')')) return plain
  let type: AnchorType | null
  let start: number
  if (s[0] === '(') {
    type = 'condition'
    start = 1
  } else if (s[1] === '(') {
    type = modifierType(s[0])
    start = 2
  } else {
    return plain
  }
  if (type === null) return plain
  const inner = s.slice(start, -1)
  if (inner === '' || inner.includes('\n')) return plain
  return { type, key: inner, raw }
}

const MODIFIER: Record<Exclude<AnchorType, 'none'>, string> = {
  condition: '',
  equality: '=',
  negation: 'X',
  existence: '^',
  global: '<',
  add: '+',
}

/** Kyverno's `anchor.String`: rebuilds `mod(key)`; a plain key is returned unchanged. */
export function anchorString(type: AnchorType, key: string): string {
  return type === 'none' ? key : `${MODIFIER[type]}(${key})`
}

/** True for `(k)`. */
export const isCondition = (a: Anchor): boolean => a.type === 'condition'
/** True for `<(k)`. */
export const isGlobal = (a: Anchor): boolean => a.type === 'global'
/** True for `X(k)`. */
export const isNegation = (a: Anchor): boolean => a.type === 'negation'
/** True for `=(k)`. */
export const isEquality = (a: Anchor): boolean => a.type === 'equality'
/** True for `^(k)`. */
export const isExistence = (a: Anchor): boolean => a.type === 'existence'
/** True for `+(k)` (a mutate anchor; rejected in validate patterns). */
export const isAdd = (a: Anchor): boolean => a.type === 'add'
/** True for any anchor, `+(k)` included. */
export const isAnchor = (a: Anchor): boolean => a.type !== 'none'

/** The anchors evaluated in phase 1 of a map (`()`, `=()`, `X()`, `^()`); Kyverno's `GetAnchorsResourcesFromMap`. */
export const isPhaseOneAnchor = (a: Anchor): boolean =>
  a.type === 'condition' || a.type === 'equality' || a.type === 'negation' || a.type === 'existence'

/** The anchors a validate pattern may use; `+()` is a mutate-only anchor. */
export const isValidateAnchor = (a: Anchor): boolean => isPhaseOneAnchor(a) || a.type === 'global'
