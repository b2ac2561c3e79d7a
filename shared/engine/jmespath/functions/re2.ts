/**
 * RE2 (Go `regexp`) syntax → JavaScript `RegExp` with the `u` flag. Kyverno's regex functions use
 * Go's engine; we translate instead, so every construct is either mapped to the same meaning or
 * rejected: backreferences and lookaround (RE2 has neither), scoped flag groups, `\C`, `\Z`.
 * Meaning-preserving rewrites: `.` excludes only `\n` (JavaScript's also excludes `\r`, U+2028/9), `\s` is
 * RE2's ASCII `[\t\n\f\r ]`, `\z`/`\A`, POSIX classes, `\Q…\E`, `\pN`/`\p{Greek}`, `(?P<n>…)`,
 * leading `(?imsU)` flags, Go's octal escapes, repeat counts capped at 1000.
 */
import { CATEGORIES, PERL, POSIX, lit, negate, rangesSrc } from './re2-classes.ts'

export interface TranslatedRegex {
  readonly source: string
  readonly flags: string
  /** Capture group names in order (`''` for unnamed), for `${name}` expansion. */
  readonly names: readonly string[]
}

class Bad {
  constructor(readonly message: string) {}
}

const bad = (code: string, arg: string): Bad => new Bad(`error parsing regexp: ${code}: \`${arg}\``)

class Translator {
  private i = 0
  private out = ''
  readonly names: string[] = []
  flags = { i: false, m: false, s: false, U: false }
  // Whether the last emitted item can take a quantifier (and whether it already has one).
  private canRepeat = false
  private repeated = false

  constructor(private readonly p: string) {}

  private cp(): number {
    return this.p.codePointAt(this.i) as number
  }

  private take(): string {
    const ch = String.fromCodePoint(this.cp())
    this.i += ch.length
    return ch
  }

  private atom(src: string): void {
    this.out += src
    this.canRepeat = true
    this.repeated = false
  }

  run(): string {
    this.leadingFlags()
    while (this.i < this.p.length) this.step()
    return this.out
  }

  // `(?i)` etc. at the very start become JavaScript flags; anywhere else they are rejected.
  private leadingFlags(): void {
    const m = /^\(\?([imsU]+)\)/.exec(this.p)
    if (!m) return
    for (const f of m[1] as string) this.flags[f as 'i' | 'm' | 's' | 'U'] = true
    this.i = m[0].length
  }

  private step(): void {
    const c = this.p[this.i] as string
    if (c === '\\') return this.escape()
    if (c === '[') return this.atom(this.klass())
    if (c === '(') return this.group()
    if (c === ')') {
      this.i++
      this.out += ')'
      this.canRepeat = true
      this.repeated = false
      return
    }
    if (c === '*' || c === '+' || c === '?') return this.quantifier(c, c)
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.p.slice(this.i))
      if (m) return this.quantifier(m[0], m[0], Number(m[1]), m[3] === undefined ? (m[2] ? -1 : Number(m[1])) : m[3] === '' ? -1 : Number(m[3]))
      this.i++
      return this.atom('\\{')
    }
    if (c === '|') {
      this.i++
      this.out += '|'
      this.canRepeat = false
      return
    }
    if (c === '.') {
      this.i++
      return this.atom(this.flags.s ? '[\\s\\S]' : '[^\\n]')
    }
    if (c === '^' || c === '$') {
      this.i++
      this.out += this.flags.m ? (c === '^' ? '(?:^|(?<=\\n))' : '(?:$|(?=\\n))') : c
      this.canRepeat = false
      return
    }
    if (c === ']' || c === '}' || c === '/') {
      this.i++
      return this.atom('\\' + c)
    }
    this.atom(lit(this.cp()))
    this.take()
  }

  private quantifier(text: string, src: string, min = 0, max = 0): void {
    if (!this.canRepeat) throw bad('missing argument to repetition operator', text)
    if (this.repeated) throw bad('invalid nested repetition operator', this.p.slice(this.i - 1, this.i + text.length))
    if (text.startsWith('{') && (min > 1000 || max > 1000 || (max >= 0 && max < min))) throw bad('invalid repeat count', text)
    this.i += text.length
    let lazy = false
    if (this.p[this.i] === '?') {
      lazy = true
      this.i++
    }
    if (this.flags.U) lazy = !lazy
    this.out += src + (lazy ? '?' : '')
    this.repeated = true
  }

  private group(): void {
    const rest = this.p.slice(this.i)
    let m: RegExpExecArray | null
    if (rest.startsWith('(?:')) {
      this.i += 3
      this.out += '(?:'
    } else if ((m = /^\(\?P?<([A-Za-z0-9_]+)>/.exec(rest))) {
      this.names.push(m[1] as string)
      this.i += m[0].length
      this.out += `(?<${m[1]}>`
    } else if (rest.startsWith('(?P<') || (rest.startsWith('(?<') && !/^\(\?<[=!]/.test(rest))) {
      throw bad('invalid named capture', rest.slice(0, Math.max(rest.indexOf('>') + 1, 4)))
    } else if (rest.startsWith('(?')) {
      throw bad('invalid or unsupported Perl syntax', rest.slice(0, 3))
    } else {
      this.names.push('')
      this.i++
      this.out += '('
    }
    this.canRepeat = false
  }

  // One escape sequence: a code point, a ready-made class source, or an assertion already emitted.
  private escapeToken(inClass: boolean): { cp: number } | { src: string } | null {
    const start = this.i
    this.i++
    if (this.i >= this.p.length) throw new Bad('error parsing regexp: trailing backslash at end of expression: ``')
    const c = this.p[this.i] as string
    if ('dswDSW'.includes(c)) {
      this.i++
      const base = PERL[c.toLowerCase()] as [number, number][]
      return { src: rangesSrc(c === c.toLowerCase() ? base : negate(base)) }
    }
    if (c === 'p' || c === 'P') return { src: this.unicodeClass(c === 'P', start) }
    if (!inClass && 'bBAz'.includes(c)) {
      this.i++
      this.out += c === 'A' ? '(?<![\\s\\S])' : c === 'z' ? '(?![\\s\\S])' : '\\' + c
      this.canRepeat = false
      return null
    }
    const simple: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 }
    if (simple[c] !== undefined) {
      this.i++
      return { cp: simple[c] as number }
    }
    if (c === 'x') {
      const m = /^x(?:\{([0-9A-Fa-f]{1,6})\}|([0-9A-Fa-f]{2}))/.exec(this.p.slice(this.i))
      const v = m ? parseInt((m[1] ?? m[2]) as string, 16) : NaN
      if (!m || v > 0x10ffff) throw bad('invalid escape sequence', this.p.slice(start, this.i + 2))
      this.i += m[0].length
      return { cp: v }
    }
    if (c >= '0' && c <= '7') {
      // Go: `\0`, `\012` are octal; a lone `\1`…`\7` would be a backreference, which RE2 rejects.
      const m = /^[0-7]{1,3}/.exec(this.p.slice(this.i)) as RegExpExecArray
      if (c !== '0' && m[0].length === 1) throw bad('invalid escape sequence', this.p.slice(start, this.i + 1))
      this.i += m[0].length
      return { cp: parseInt(m[0], 8) }
    }
    const cp = this.p.codePointAt(this.i) as number
    if (cp < 0x80 && !/[0-9A-Za-z]/.test(c)) {
      this.i++
      return { cp }
    }
    throw bad('invalid escape sequence', this.p.slice(start, this.i + 1))
  }

  private escape(): void {
    if (this.p[this.i + 1] === 'Q') {
      const end = this.p.indexOf('\\E', this.i + 2)
      const text = this.p.slice(this.i + 2, end < 0 ? undefined : end)
      this.i = end < 0 ? this.p.length : end + 2
      for (const ch of text) this.atom(lit(ch.codePointAt(0) as number))
      return
    }
    const t = this.escapeToken(false)
    if (t === null) return
    if ('cp' in t) this.atom(lit(t.cp))
    else this.atom(t.src.startsWith('\\p') || t.src.startsWith('\\P') ? t.src : `[${t.src}]`)
  }

  private unicodeClass(negated: boolean, start: number): string {
    const m = /^[pP](?:\{(\^?)([A-Za-z_]+)\}|([A-Za-z]))/.exec(this.p.slice(this.i))
    if (!m) throw bad('invalid character class range', this.p.slice(start, this.i + 2))
    this.i += m[0].length
    const name = (m[2] ?? m[3]) as string
    if (m[1] === '^') negated = !negated
    let prop: string
    if (name === 'Any') prop = 'Any'
    else if (CATEGORIES.has(name)) prop = name
    else if (/^[A-Z][a-z]+(_[A-Z][a-z]+)*$/.test(name)) prop = `Script=${name}`
    else throw bad('invalid character class range', this.p.slice(start, this.i))
    return `\\${negated ? 'P' : 'p'}{${prop}}`
  }

  // A class member that may start a range: a code point, or a whole sub-class (no range then).
  private classMember(): { cp: number } | { src: string } {
    if (this.p[this.i] === '\\') return this.escapeToken(true) as { cp: number } | { src: string }
    const cp = this.cp()
    this.take()
    return { cp }
  }

  // A bracket expression, emitted as a JavaScript class with every member spelled out safely.
  private klass(): string {
    const start = this.i
    this.i++
    let negated = false
    if (this.p[this.i] === '^') {
      negated = true
      this.i++
    }
    let body = ''
    let first = true
    while (first || this.p[this.i] !== ']') {
      if (this.i >= this.p.length) throw bad('missing closing ]', this.p.slice(start))
      first = false
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(this.p.slice(this.i))
      if (posix) {
        const rs = POSIX[posix[2] as string]
        if (!rs) throw bad('invalid character class range', posix[0])
        body += rangesSrc(posix[1] ? negate(rs) : rs)
        this.i += posix[0].length
        continue
      }
      const lo = this.classMember()
      if ('src' in lo) {
        body += lo.src
        continue
      }
      if (this.p[this.i] === '-' && this.i + 1 < this.p.length && this.p[this.i + 1] !== ']') {
        this.i++
        const hi = this.classMember()
        if ('src' in hi || hi.cp < lo.cp) throw bad('invalid character class range', this.p.slice(start, this.i))
        body += `${lit(lo.cp)}-${lit(hi.cp)}`
        continue
      }
      body += lit(lo.cp)
    }
    this.i++
    return `[${negated ? '^' : ''}${body}]`
  }
}

/** Translates an RE2 pattern, or returns Go's `error parsing regexp: …` text. */
export function translateRe2(pattern: string): TranslatedRegex | { error: string } {
  try {
    const t = new Translator(pattern)
    const source = t.run()
    const flags = 'u' + (t.flags.i ? 'i' : '')
    // Unbalanced parentheses and the like surface here.
    try {
      new RegExp(source, flags)
    } catch (e) {
      return { error: `error parsing regexp: ${(e as Error).message}` }
    }
    return { source, flags, names: t.names }
  } catch (e) {
    if (e instanceof Bad) return { error: e.message }
    throw e
  }
}
