/**
 * Semantic versions exactly as `github.com/blang/semver/v4` (v4.0.0) parses and compares them,
 * because Kyverno's numeric condition operators and its `semver_compare` JMESPath function use it.
 *
 * - Strict SemVer 2.0 text: `MAJOR.MINOR.PATCH[-PRE][+BUILD]`, no leading zeroes, numbers up to
 *   uint64 (kept as bigint so nothing rounds).
 * - **No leading `v`**: blang's `Parse` rejects `v1.2.3` (only its `ParseTolerant` strips it, and
 *   Kyverno never calls that). No surrounding whitespace either.
 * - Ranges: blang's `ParseRange` grammar, quirks included (see {@link parseSemverRange}).
 */
import { err, ok, type Result } from './result.ts'

/** One dot-separated pre-release identifier: numeric ones compare as numbers, others as ASCII text. */
export type PreRelease = { readonly num: bigint } | { readonly str: string }

/** A parsed version. Build metadata is kept but never affects ordering. */
export interface Semver {
  readonly major: bigint
  readonly minor: bigint
  readonly patch: bigint
  readonly pre: readonly PreRelease[]
  readonly build: readonly string[]
}

/** `0.0.0`, the zero `Version{}` blang returns on a failed parse (what `semver_compare` falls back to). */
export const ZERO_SEMVER: Semver = Object.freeze({ major: 0n, minor: 0n, patch: 0n, pre: [], build: [] })

const NUMBERS = /^[0-9]*$/
const ALPHANUM = /^[0-9A-Za-z-]*$/
const UINT64_MAX = 2n ** 64n - 1n
/** Go's `%q` for the ASCII texts these errors quote. */
const q = (s: string): string => JSON.stringify(s)
const hasLeadingZeroes = (s: string): boolean => s.length > 1 && s[0] === '0'

// strconv.ParseUint(s, 10, 64) on text already known to be digits-only (possibly empty).
function parseUint(s: string): Result<bigint, string> {
  if (s === '') return err(`strconv.ParseUint: parsing "": invalid syntax`)
  const n = BigInt(s)
  return n > UINT64_MAX ? err(`strconv.ParseUint: parsing ${q(s)}: value out of range`) : ok(n)
}

function parseNumber(part: string, what: string): Result<bigint, string> {
  if (!NUMBERS.test(part)) return err(`Invalid character(s) found in ${what} number ${q(part)}`)
  if (hasLeadingZeroes(part)) {
    const label = what[0]?.toUpperCase() + what.slice(1)
    return err(`${label} number must not contain leading zeroes ${q(part)}`)
  }
  return parseUint(part)
}

function parsePreRelease(s: string): Result<PreRelease, string> {
  if (s === '') return err('Prerelease is empty')
  if (NUMBERS.test(s)) {
    if (hasLeadingZeroes(s)) return err(`Numeric PreRelease version must not contain leading zeroes ${q(s)}`)
    const n = parseUint(s)
    return n.ok ? ok({ num: n.value }) : n
  }
  if (ALPHANUM.test(s)) return ok({ str: s })
  return err(`Invalid character(s) found in prerelease ${q(s)}`)
}

/** blang `Parse`, with its error texts (they surface in range errors). */
export function parseSemverStrict(s: string): Result<Semver, string> {
  if (s.length === 0) return err('Version string empty')
  const first = s.indexOf('.')
  const second = first < 0 ? -1 : s.indexOf('.', first + 1)
  if (second < 0) return err('No Major.Minor.Patch elements found')
  const major = parseNumber(s.slice(0, first), 'major')
  if (!major.ok) return major
  const minor = parseNumber(s.slice(first + 1, second), 'minor')
  if (!minor.ok) return minor

  let patchStr = s.slice(second + 1)
  let build: string[] = []
  let pre: string[] = []
  const plus = patchStr.indexOf('+')
  if (plus >= 0) {
    build = patchStr.slice(plus + 1).split('.')
    patchStr = patchStr.slice(0, plus)
  }
  const dash = patchStr.indexOf('-')
  if (dash >= 0) {
    pre = patchStr.slice(dash + 1).split('.')
    patchStr = patchStr.slice(0, dash)
  }
  const patch = parseNumber(patchStr, 'patch')
  if (!patch.ok) return patch

  const preParts: PreRelease[] = []
  for (const p of pre) {
    const r = parsePreRelease(p)
    if (!r.ok) return r
    preParts.push(r.value)
  }
  for (const b of build) {
    if (b === '') return err('Build meta data is empty')
    if (!ALPHANUM.test(b)) return err(`Invalid character(s) found in build meta data ${q(b)}`)
  }
  return ok({ major: major.value, minor: minor.value, patch: patch.value, pre: preParts, build })
}

/**
 * Parses a strict SemVer 2.0 version as blang/semver v4 `Parse` does; `null` when invalid.
 * @example parseSemver('1.2.3-rc.1+b5') // { major: 1n, minor: 2n, patch: 3n, pre: [{str:'rc'},{num:1n}], build: ['b5'] }
 * @example parseSemver('v1.2.3') // null — no `v` prefix, as in blang's Parse
 */
export function parseSemver(s: string): Semver | null {
  const r = parseSemverStrict(s)
  return r.ok ? r.value : null
}

const sign = (a: bigint, b: bigint): -1 | 0 | 1 => (a === b ? 0 : a > b ? 1 : -1)

function comparePre(a: PreRelease, b: PreRelease): -1 | 0 | 1 {
  if ('num' in a) return 'num' in b ? sign(a.num, b.num) : -1
  if ('num' in b) return 1
  return a.str === b.str ? 0 : a.str > b.str ? 1 : -1
}

/**
 * SemVer 2.0 precedence: numbers, then "a release outranks its pre-releases", then identifier by
 * identifier (numeric < alphanumeric), then the longer pre-release list wins. Build is ignored.
 */
export function compareSemver(a: Semver, b: Semver): -1 | 0 | 1 {
  const c = sign(a.major, b.major) || sign(a.minor, b.minor) || sign(a.patch, b.patch)
  if (c !== 0) return c
  if (a.pre.length === 0 || b.pre.length === 0) return a.pre.length === b.pre.length ? 0 : a.pre.length === 0 ? 1 : -1
  const n = Math.min(a.pre.length, b.pre.length)
  for (let i = 0; i < n; i++) {
    const p = comparePre(a.pre[i] as PreRelease, b.pre[i] as PreRelease)
    if (p !== 0) return p
  }
  return a.pre.length === b.pre.length ? 0 : a.pre.length < b.pre.length ? -1 : 1
}

// ---- ranges (blang `range.go`) ----

type Check = (v: Semver) => boolean

const COMPARATORS: Record<string, (c: -1 | 0 | 1) => boolean> = {
  '': (c) => c === 0,
  '=': (c) => c === 0,
  '==': (c) => c === 0,
  '!': (c) => c !== 0,
  '!=': (c) => c !== 0,
  '>': (c) => c === 1,
  '>=': (c) => c >= 0,
  '<': (c) => c === -1,
  '<=': (c) => c <= 0,
}

// Go measures these segments in bytes, so a lone non-ASCII character counts as 2+.
function utf8Length(s: string): number {
  let n = 0
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4
  }
  return n
}

// Splits on spaces, except a space right after `>`, `<` or `=` (so `>= 1.0.0` is one part).
// Quirk kept: segments shorter than 2 bytes are silently dropped.
function splitAndTrim(s: string): string[] {
  const parts: string[] = []
  let last = 0
  let lastChar = ''
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string
    if (ch === ' ' && lastChar !== '>' && lastChar !== '<' && lastChar !== '=') {
      const seg = s.slice(last, i)
      if (utf8Length(seg) >= 2) parts.push(seg)
      last = i + 1
    } else if (ch !== ' ') {
      lastChar = ch
    }
  }
  const tail = s.slice(last)
  if (utf8Length(tail) >= 2) parts.push(tail)
  return parts.map((p) => p.replaceAll(' ', ''))
}

function splitComparatorVersion(s: string): Result<[string, string], string> {
  const i = s.search(/\p{Nd}/u)
  if (i < 0) return err(`Could not get version from string: ${q(s)}`)
  return ok([s.slice(0, i).trim(), s.slice(i)])
}

// strconv.Atoi then Itoa(i+1); any failure yields "" exactly as blang ignores the error.
function incrementPart(version: string, index: number): string {
  const parts = version.split('.')
  const p = parts[index]
  if (p === undefined || !/^[+-]?[0-9]+$/.test(p)) return ''
  const n = BigInt(p)
  if (n !== BigInt.asIntN(64, n)) return ''
  parts[index] = BigInt.asIntN(64, n + 1n).toString()
  return parts.join('.')
}

// `1.2.x`/`1.x` wildcards → plain comparators (blang `expandWildcardVersion`, v4.0.0: any part containing "x").
function expandWildcards(parts: string[]): Result<string[], string> {
  const out: string[] = []
  for (const part of parts) {
    if (!part.includes('x')) {
      out.push(part)
      continue
    }
    const split = splitComparatorVersion(part)
    if (!split.ok) return split
    const [op, ver] = split.value
    const segs = ver.split('.')
    const kind = segs[segs.length - 1] === 'x' ? segs.length : 0 // 2 = minor, 3 = patch wildcard
    let flat = ver.replace('.x.x', '.x').replace('.x', '.0')
    if (flat.split('.').length === 2) flat += '.0'
    let resultOp = ''
    let increment = false
    if (op === '>') [resultOp, increment] = ['>=', true]
    else if (op === '>=') resultOp = '>='
    else if (op === '<') resultOp = '<'
    else if (op === '<=') [resultOp, increment] = ['<', true]
    else if (op === '' || op === '=' || op === '==') {
      out.push('>=' + flat)
      ;[resultOp, increment] = ['<', true]
    } else if (op === '!=' || op === '!') {
      out.push('<' + flat)
      ;[resultOp, increment] = ['>=', true]
    }
    const resultVersion = !increment ? flat : kind === 3 ? incrementPart(flat, 1) : kind === 2 ? incrementPart(flat, 0) : ''
    out.push(resultOp + resultVersion)
  }
  return ok(out)
}

function buildComparator(part: string): Result<Check, string> {
  const split = splitComparatorVersion(part)
  if (!split.ok) return split
  const [op, ver] = split.value
  const cmp = COMPARATORS[op]
  if (!Object.hasOwn(COMPARATORS, op) || cmp === undefined) {
    return err(`Could not parse Range ${q(part)}: Could not parse comparator ${q(op)} in ${q(op + ver)}`)
  }
  const v = parseSemverStrict(ver)
  if (!v.ok) return err(`Could not parse Range ${q(part)}: Could not parse version ${q(ver)} in ${q(op + ver)}: ${v.error}`)
  const bound = v.value
  return ok((x) => cmp(compareSemver(x, bound)))
}

/**
 * Parses a blang/semver v4 range: space-separated comparators are ANDed, `||` ORs groups.
 * Comparators: `=`/`==`/bare (equal), `!`/`!=`, `>`, `>=`, `<`, `<=`; `1.2.x` / `1.x` wildcards.
 * blang quirks kept: a space after an operator is allowed (`>= 1.0.0`); a one-character segment is
 * dropped (`"1"` → "Last element in range is '||'"); any part containing `x` goes through wildcard
 * expansion (a bare `1.0.0-xyz` is rejected); `!=1.2.x` expands to `<1.2.0 >=1.3.0` in one AND
 * group and so matches nothing. Error texts are blang's.
 */
export function parseSemverRange(range: string): Result<Check, string> {
  const parts = splitAndTrim(range)
  const groups: string[][] = []
  let last = 0
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] !== '||') continue
    if (i === 0) return err("First element in range is '||'")
    groups.push(parts.slice(last, i))
    last = i + 1
  }
  if (last === parts.length) return err("Last element in range is '||'")
  groups.push(parts.slice(last))

  const alternatives: Check[][] = []
  for (const group of groups) {
    const expanded = expandWildcards(group)
    if (!expanded.ok) return expanded
    const checks: Check[] = []
    for (const part of expanded.value) {
      const c = buildComparator(part)
      if (!c.ok) return c
      checks.push(c.value)
    }
    // blang would build a nil function here (`a || || b`) and panic when called.
    if (checks.length === 0) return err('empty range')
    alternatives.push(checks)
  }
  return ok((v) => alternatives.some((all) => all.every((c) => c(v))))
}

/**
 * Whether `version` satisfies `range` (blang/semver v4 syntax, see {@link parseSemverRange}).
 * The range is checked first: a bad range is an error whatever the version; an unparsable version
 * is an error too. For Kyverno's `semver_compare` (unparsable version counts as 0.0.0) call
 * `satisfiesRange(parseSemver(v) ? v : '0.0.0', range)`.
 * @example satisfiesRange('1.5.0', '>=1.0.0 <2.0.0') // ok(true)
 * @example satisfiesRange('3.0.0', '<2.0.0 || >=3.0.0') // ok(true)
 */
export function satisfiesRange(version: string, range: string): Result<boolean, string> {
  const r = parseSemverRange(range)
  if (!r.ok) return r
  const v = parseSemverStrict(version)
  if (!v.ok) return err(`invalid version ${q(version)}: ${v.error}`)
  return ok(r.value(v.value))
}
