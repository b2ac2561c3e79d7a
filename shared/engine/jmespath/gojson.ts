/**
 * JSON decoding the way Go's `json.Unmarshal` does it, with its error texts (`invalid character 'x'
 * looking for beginning of value`), which Kyverno surfaces from `parse_json` and JSON literals.
 * Encoding is in gomarshal.ts.
 */
import { setKey, type JsonObject, type JsonValue } from '../../lib/json.ts'
import { err, ok, type Result } from '../../lib/result.ts'

// Far below Go's 10000: the decoder recurses, and no policy document nests this deep.
const MAX_DEPTH = 1000

class Fail {
  constructor(readonly message: string) {}
}

/** Go's `quoteChar` for scanner errors: the offending byte as a Go rune literal. */
function quoteChar(s: string, i: number): string {
  const cp = s.codePointAt(i) as number
  // Go reports the first UTF-8 byte of a multi-byte character, read as a Latin-1 rune.
  const b = cp < 0x80 ? cp : cp < 0x800 ? 0xc0 | (cp >> 6) : cp < 0x10000 ? 0xe0 | (cp >> 12) : 0xf0 | (cp >> 18)
  if (b === 0x27) return `'\\''`
  if (b === 0x22) return `'"'`
  const named: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v', 92: '\\\\' }
  if (named[b] !== undefined) return `'${named[b]}'`
  if (b < 0x20 || b === 0x7f) return `'\\x${b.toString(16).padStart(2, '0')}'`
  if (b >= 0x80 && b < 0xa0) return `'\\u${b.toString(16).padStart(4, '0')}'`
  return `'${String.fromCharCode(b)}'`
}

const isWs = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r'
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9'
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c)

class Decoder {
  i = 0
  rangeError: string | undefined

  constructor(readonly s: string) {}

  fail(what: string): never {
    if (this.i >= this.s.length) throw new Fail('unexpected end of JSON input')
    throw new Fail(`invalid character ${quoteChar(this.s, this.i)} ${what}`)
  }

  ws(): void {
    while (isWs(this.s[this.i])) this.i++
  }

  value(depth: number): JsonValue {
    if (depth > MAX_DEPTH) throw new Fail('exceeded max depth')
    this.ws()
    const c = this.s[this.i]
    if (c === '{') return this.object(depth)
    if (c === '[') return this.array(depth)
    if (c === '"') return this.string()
    if (c === '-' || isDigit(c)) return this.number()
    if (c === 't') return this.literal('true', true)
    if (c === 'f') return this.literal('false', false)
    if (c === 'n') return this.literal('null', null)
    return this.fail('looking for beginning of value')
  }

  literal<T extends JsonValue>(word: string, v: T): T {
    for (let k = 0; k < word.length; k++, this.i++) {
      if (this.s[this.i] !== word[k]) this.fail(`in literal ${word} (expecting '${word[k]}')`)
    }
    return v
  }

  object(depth: number): JsonObject {
    const out: JsonObject = {}
    this.i++
    this.ws()
    if (this.s[this.i] === '}') {
      this.i++
      return out
    }
    for (;;) {
      this.ws()
      if (this.s[this.i] !== '"') this.fail('looking for beginning of object key string')
      const key = this.string()
      this.ws()
      if (this.s[this.i] !== ':') this.fail('after object key')
      this.i++
      setKey(out, key, this.value(depth + 1))
      this.ws()
      const c = this.s[this.i]
      this.i++
      if (c === '}') return out
      if (c !== ',') {
        this.i--
        this.fail('after object key:value pair')
      }
    }
  }

  array(depth: number): JsonValue[] {
    const out: JsonValue[] = []
    this.i++
    this.ws()
    if (this.s[this.i] === ']') {
      this.i++
      return out
    }
    for (;;) {
      out.push(this.value(depth + 1))
      this.ws()
      const c = this.s[this.i]
      this.i++
      if (c === ']') return out
      if (c !== ',') {
        this.i--
        this.fail('after array element')
      }
    }
  }

  string(): string {
    const s = this.s
    let out = ''
    this.i++
    for (;;) {
      const c = s[this.i]
      if (c === undefined) this.fail('')
      if (c === '"') {
        this.i++
        return out
      }
      if (c === '\\') {
        this.i++
        const e = s[this.i]
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }
        if (e !== undefined && simple[e] !== undefined) {
          out += simple[e]
          this.i++
        } else if (e === 'u') {
          this.i++
          out += this.unicodeEscape()
        } else {
          this.fail('in string escape code')
        }
      } else if (c < ' ') {
        this.fail('in string literal')
      } else {
        const code = c.charCodeAt(0)
        // A lone surrogate is invalid UTF-8 to Go, which decodes it as U+FFFD.
        if (code >= 0xd800 && code <= 0xdbff && /[\udc00-\udfff]/.test(s[this.i + 1] ?? '')) {
          out += c + s[this.i + 1]
          this.i += 2
        } else {
          out += code >= 0xd800 && code <= 0xdfff ? '\ufffd' : c
          this.i++
        }
      }
    }
  }

  hex4(): number {
    for (let k = 0; k < 4; k++) if (!isHex(this.s[this.i + k])) {
      this.i += k
      this.fail('in \\u hexadecimal character escape')
    }
    const v = parseInt(this.s.slice(this.i, this.i + 4), 16)
    this.i += 4
    return v
  }

  unicodeEscape(): string {
    const hi = this.hex4()
    if (hi < 0xd800 || hi > 0xdfff) return String.fromCharCode(hi)
    if (hi <= 0xdbff && this.s[this.i] === '\\' && this.s[this.i + 1] === 'u') {
      const save = this.i
      this.i += 2
      const lo = this.hex4()
      if (lo >= 0xdc00 && lo <= 0xdfff) return String.fromCharCode(hi, lo)
      this.i = save
    }
    return '\ufffd'
  }

  number(): number {
    const start = this.i
    if (this.s[this.i] === '-') this.i++
    if (this.s[this.i] === '0') this.i++
    else if (isDigit(this.s[this.i])) while (isDigit(this.s[this.i])) this.i++
    else this.fail('in numeric literal')
    if (this.s[this.i] === '.') {
      this.i++
      if (!isDigit(this.s[this.i])) this.fail('after decimal point in numeric literal')
      while (isDigit(this.s[this.i])) this.i++
    }
    if (this.s[this.i] === 'e' || this.s[this.i] === 'E') {
      this.i++
      if (this.s[this.i] === '+' || this.s[this.i] === '-') this.i++
      if (!isDigit(this.s[this.i])) this.fail('in exponent of numeric literal')
      while (isDigit(this.s[this.i])) this.i++
    }
    const text = this.s.slice(start, this.i)
    const n = Number(text)
    if (!Number.isFinite(n) && this.rangeError === undefined) {
      this.rangeError = `json: cannot unmarshal number ${text} into Go value of type float64`
    }
    return n
  }
}

/** `json.Unmarshal` into `interface{}`: numbers are float64, errors are Go's texts. */
export function parseGoJson(text: string): Result<JsonValue, string> {
  const d = new Decoder(text)
  try {
    const v = d.value(0)
    d.ws()
    if (d.i < text.length) d.fail('after top-level value')
    // Go validates the whole text before decoding, so syntax errors win over range errors.
    return d.rangeError !== undefined ? err(d.rangeError) : ok(v)
  } catch (e) {
    if (e instanceof Fail) return err(e.message)
    if (e instanceof RangeError) return err('exceeded max depth')
    throw e
  }
}

/** Decodes the body of a JSON string literal (quoted identifiers): the decoded text, or `{ error }`. */
export function decodeGoJsonString(body: string): string | { error: string } {
  const r = parseGoJson(`"${body}"`)
  if (!r.ok) return { error: r.error }
  return r.value as string
}
