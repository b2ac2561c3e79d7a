/**
 * `base64_encode`/`base64_decode` (Go `base64.StdEncoding`, padding required, CR/LF skipped, errors
 * `illegal base64 data at input byte N`) and the digest functions `sha256`, `sha1`, `md5`.
 * Strings are handled as UTF-8 bytes, as Go does; decoded bytes that are not UTF-8 become U+FFFD.
 */
import { JmesError } from '../errors.ts'
import { checkStringLength } from '../limits.ts'
import { md5Hex, sha1Hex, sha256Hex } from './hashes.ts'
import { decodeUtf8, encodeUtf8 } from './utf8.ts'
import { spec, type FunctionDef } from './types.ts'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const DECODE = new Map([...ALPHABET].map((c, i) => [c.charCodeAt(0), i]))
const utf8 = encodeUtf8

export function base64Encode(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]]
    const n = (a << 16) | (b << 8) | c
    const left = bytes.length - i
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + (left > 1 ? ALPHABET[(n >> 6) & 63]! : '=') + (left > 2 ? ALPHABET[n & 63]! : '=')
  }
  return out
}

class Corrupt {
  constructor(readonly at: number) {}
}

/** Go's `StdEncoding.DecodeString`, quantum by quantum, with its error positions. */
export function base64Decode(src: Uint8Array): Uint8Array | { error: string } {
  const out: number[] = []
  let si = 0
  const isNl = (b: number | undefined): boolean => b === 0x0a || b === 0x0d
  try {
    while (si < src.length) {
      const dbuf = [0, 0, 0, 0]
      let dlen = 4
      for (let j = 0; j < 4; j++) {
        if (si === src.length) {
          if (j === 0) return new Uint8Array(out)
          throw new Corrupt(si - j)
        }
        const inb = src[si] as number
        si++
        const d = DECODE.get(inb)
        if (d !== undefined) {
          dbuf[j] = d
          continue
        }
        if (isNl(inb)) {
          j--
          continue
        }
        if (inb !== 0x3d) throw new Corrupt(si - 1)
        // Padding: only valid as the end of the input.
        if (j < 2) throw new Corrupt(si - 1)
        if (j === 2) {
          while (si < src.length && isNl(src[si])) si++
          if (si === src.length) throw new Corrupt(src.length)
          if (src[si] !== 0x3d) throw new Corrupt(si - 1)
          si++
        }
        while (si < src.length && isNl(src[si])) si++
        if (si < src.length) throw new Corrupt(si)
        dlen = j
        break
      }
      const val = ((dbuf[0] as number) << 18) | ((dbuf[1] as number) << 12) | ((dbuf[2] as number) << 6) | (dbuf[3] as number)
      const bytes = [(val >> 16) & 255, (val >> 8) & 255, val & 255]
      out.push(...bytes.slice(0, dlen - 1))
    }
    return new Uint8Array(out)
  } catch (e) {
    if (e instanceof Corrupt) return { error: `illegal base64 data at input byte ${e.at}` }
    throw e
  }
}

export const ENCODING_FUNCTIONS: readonly FunctionDef[] = [
  {
    name: 'base64_encode',
    args: spec('string'),
    call: ([s]) => {
      const bytes = utf8(s as string)
      checkStringLength(Math.ceil(bytes.length / 3) * 4)
      return base64Encode(bytes)
    },
  },
  {
    name: 'base64_decode',
    args: spec('string'),
    call: ([s]) => {
      const r = base64Decode(utf8(s as string))
      if (!(r instanceof Uint8Array)) throw new JmesError('function', r.error)
      return decodeUtf8(r)
    },
  },
  { name: 'sha256', args: spec('string'), call: ([s]) => sha256Hex(utf8(s as string)) },
  { name: 'sha1', args: spec('string'), call: ([s]) => sha1Hex(utf8(s as string)) },
  { name: 'md5', args: spec('string'), call: ([s]) => md5Hex(utf8(s as string)) },
]
