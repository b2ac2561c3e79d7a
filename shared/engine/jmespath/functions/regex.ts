/**
 * `regex_match`, `regex_replace_all`, `regex_replace_all_literal` with Go `regexp` semantics:
 * unanchored matching, `ReplaceAll`'s treatment of empty matches, and `Expand`'s `$name` rules
 * (`$1x` names the group "1x", which does not exist, so it expands to nothing — write `${1}x`).
 * Patterns are translated from RE2 (re2.ts); pattern and input sizes are capped because the
 * JavaScript engine backtracks where RE2 would not.
 */
import { JmesError, fnError, limitError } from '../errors.ts'
import { LIMITS, checkStringLength } from '../limits.ts'
import type { Value } from '../values.ts'
import { ifaceToString } from './convert.ts'
import { translateRe2, type TranslatedRegex } from './re2.ts'
import { spec, type FunctionDef } from './types.ts'

interface Compiled {
  readonly re: RegExp
  readonly names: readonly string[]
}

const cache = new Map<string, Compiled | { error: string }>()

function compile(pattern: string): Compiled | { error: string } {
  const hit = cache.get(pattern)
  if (hit !== undefined) {
    cache.delete(pattern)
    cache.set(pattern, hit)
    return hit
  }
  const t = translateRe2(pattern)
  const entry = 'error' in t ? t : { re: new RegExp((t as TranslatedRegex).source, t.flags + 'g'), names: t.names }
  cache.set(pattern, entry)
  if (cache.size > LIMITS.regexCacheSize) cache.delete(cache.keys().next().value as string)
  return entry
}

function prepare(fn: string, pattern: string, input: string): Compiled | { error: string } {
  if (pattern.length > LIMITS.regexPattern) throw limitError(`${fn}: regular expression longer than ${LIMITS.regexPattern} characters`)
  if (input.length > LIMITS.regexInput) throw limitError(`${fn}: input longer than ${LIMITS.regexInput} characters`)
  return compile(pattern)
}

// Go `extract`: a name of letters, digits and `_`, optionally braced; numeric names without leading zeros are group numbers.
function extract(t: string): { name: string; num: number; rest: string } | null {
  let s = t
  const brace = s.startsWith('{')
  if (brace) s = s.slice(1)
  const m = /^[\p{L}\p{Nd}_]+/u.exec(s)
  if (!m) return null
  const name = m[0]
  let rest = s.slice(name.length)
  if (brace) {
    if (!rest.startsWith('}')) return null
    rest = rest.slice(1)
  }
  let num = /^[0-9]+$/.test(name) && name.length <= 8 ? Number(name) : -1
  if (name.length > 1 && name.startsWith('0')) num = -1
  return { name, num, rest }
}

/** Go `Regexp.Expand` of a replacement template against one match. */
export function expandTemplate(template: string, match: RegExpExecArray, names: readonly string[]): string {
  let out = ''
  let t = template
  for (;;) {
    const at = t.indexOf('$')
    if (at < 0) break
    out += t.slice(0, at)
    t = t.slice(at + 1)
    if (t.startsWith('$')) {
      out += '$'
      t = t.slice(1)
      continue
    }
    const x = extract(t)
    if (x === null) {
      out += '$'
      continue
    }
    t = x.rest
    if (x.num >= 0) out += match[x.num] ?? ''
    else {
      const i = names.indexOf(x.name)
      if (i >= 0) out += match[i + 1] ?? ''
    }
  }
  return out + t
}

/** Go `Regexp.ReplaceAll`: an empty match right after the previous match is not replaced. */
function replaceAll(c: Compiled, src: string, repl: (m: RegExpExecArray) => string): string {
  let out = ''
  let lastEnd = 0
  let pos = 0
  const re = c.re
  while (pos <= src.length) {
    re.lastIndex = pos
    const m = re.exec(src)
    if (m === null) break
    const a0 = m.index
    const a1 = a0 + m[0].length
    out += src.slice(lastEnd, a0)
    if (a1 > lastEnd || a0 === 0) out += repl(m)
    checkStringLength(out.length)
    lastEnd = a1
    const width = pos < src.length ? ((src.codePointAt(pos) as number) > 0xffff ? 2 : 1) : 1
    pos = pos + width > a1 ? pos + width : a1
  }
  return out + src.slice(lastEnd)
}

function replaceFn(name: string, literal: boolean): FunctionDef {
  return {
    name,
    args: spec('string', ['string', 'number'], ['string', 'number']),
    call: ([pattern, srcV, replV]) => {
      const src = ifaceToString(srcV as Value) as string
      const repl = ifaceToString(replV as Value) as string
      const c = prepare(name, pattern as string, src)
      if ('error' in c) throw fnError(name, c.error)
      return replaceAll(c, src, (m) => (literal ? repl : expandTemplate(repl, m, c.names)))
    },
  }
}

export const REGEX_FUNCTIONS: readonly FunctionDef[] = [
  replaceFn('regex_replace_all', false),
  replaceFn('regex_replace_all_literal', true),
  {
    name: 'regex_match',
    args: spec('string', ['string', 'number']),
    call: ([pattern, value]) => {
      const src = ifaceToString(value as Value) as string
      const c = prepare('regex_match', pattern as string, src)
      // regexp.Match returns the compile error unwrapped.
      if ('error' in c) throw new JmesError('function', c.error)
      c.re.lastIndex = 0
      return c.re.test(src)
    },
  },
]
