/**
 * `json.Marshal` as Go does it: map keys sorted, `<`, `>`, `&`, U+2028/9 escaped, Go float text.
 * Kyverno renders non-string values spliced into strings this way, and `to_string` too.
 */
import { Int64 } from '../../lib/json.ts'
import { err, ok, type Result } from '../../lib/result.ts'
import { limitError } from './errors.ts'
import { LIMITS } from './limits.ts'
import { ExpRef, compareGoStrings, isMap, type Value } from './values.ts'

const HEX = '0123456789abcdef'

function quoteString(s: string, out: string[]): void {
  let buf = '"'
  let start = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    let rep: string | undefined
    if (c < 0x20 || c === 0x22 || c === 0x5c || c === 0x3c || c === 0x3e || c === 0x26) {
      const short: Record<number, string> = { 0x22: '\\"', 0x5c: '\\\\', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t' }
      rep = short[c] ?? `\\u00${HEX[c >> 4]}${HEX[c & 15]}`
    } else if (c === 0x2028 || c === 0x2029) {
      rep = `\\u${c.toString(16)}`
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const pair = c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff
      if (pair) {
        i++
        continue
      }
      rep = '\\ufffd'
    }
    if (rep !== undefined) {
      buf += s.slice(start, i) + rep
      start = i + 1
    }
  }
  out.push(buf + s.slice(start) + '"')
}

/** Go `json.Marshal` float64 text: shortest digits, exponent form below 1e-6 or from 1e21. */
export function goJsonNumber(n: number): string {
  if (Object.is(n, -0)) return '-0'
  return String(n)
}

/**
 * `json.Marshal` of a value: sorted keys, HTML-escaped strings, Go number formatting. The output is
 * capped at the module's string limit. Errors: Go's `json: unsupported value: NaN`.
 */
export function goJsonMarshal(v: Value): Result<string, string> {
  const out: string[] = []
  let size = 0
  const emit = (s: string): void => {
    size += s.length
    if (size > LIMITS.stringLength) throw limitError(`JSON text longer than ${LIMITS.stringLength} characters`)
    out.push(s)
  }
  const walk = (x: Value): string | undefined => {
    if (x === null) emit('null')
    else if (typeof x === 'boolean') emit(x ? 'true' : 'false')
    else if (typeof x === 'number') {
      if (!Number.isFinite(x)) return `json: unsupported value: ${Number.isNaN(x) ? 'NaN' : x > 0 ? '+Inf' : '-Inf'}`
      emit(goJsonNumber(x))
    } else if (typeof x === 'string') {
      const parts: string[] = []
      quoteString(x, parts)
      emit(parts[0] as string)
    } else if (x instanceof Int64) emit(String(x.value))
    else if (x instanceof ExpRef) emit('{}')
    else if (Array.isArray(x)) {
      emit('[')
      for (let i = 0; i < x.length; i++) {
        if (i > 0) emit(',')
        const e = walk(x[i] as Value)
        if (e !== undefined) return e
      }
      emit(']')
    } else if (isMap(x)) {
      emit('{')
      const keys = Object.keys(x).sort(compareGoStrings)
      for (let i = 0; i < keys.length; i++) {
        if (i > 0) emit(',')
        const parts: string[] = []
        quoteString(keys[i] as string, parts)
        emit((parts[0] as string) + ':')
        const e = walk(x[keys[i] as string] as Value)
        if (e !== undefined) return e
      }
      emit('}')
    }
    return undefined
  }
  const e = walk(v)
  return e === undefined ? ok(out.join('')) : err(e)
}
