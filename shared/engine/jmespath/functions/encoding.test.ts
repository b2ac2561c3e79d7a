/** base64 (Go StdEncoding) and the digest functions. */
import { describe, expect, it } from 'vitest'
import { failure, value } from '../testing/helpers.ts'
import { md5Hex, sha1Hex, sha256Hex } from './hashes.ts'
import { decodeUtf8, encodeUtf8 } from './utf8.ts'

describe('base64', () => {
  it.each([
    ["base64_encode('hello')", 'aGVsbG8='],
    ["base64_encode('')", ''],
    ["base64_encode('é')", 'w6k='],
    ["base64_encode('ab')", 'YWI='],
    ["base64_decode('aGVsbG8=')", 'hello'],
    ["base64_decode('YWI=')", 'ab'],
    ["base64_decode('YW\nI=')", 'ab'], // a real newline is skipped
    ["base64_decode('w6k=')", 'é'],
    ["base64_decode('')", ''],
    ["base64_decode('/w==')", '\ufffd'], // 0xFF is not UTF-8
  ])('%s', (expr, expected) => expect(value(expr)).toBe(expected))

  it.each([
    ["base64_decode('aGVsbG8')", 'illegal base64 data at input byte 4'],
    ["base64_decode('YW\\nI=')", 'illegal base64 data at input byte 2'], // a backslash, not a newline
    ["base64_decode('a$==')", 'illegal base64 data at input byte 1'],
    ["base64_decode('YQ==YQ==')", 'illegal base64 data at input byte 4'],
    ["base64_decode('Y===')", 'illegal base64 data at input byte 1'],
    ["base64_decode('YQ=')", 'illegal base64 data at input byte 3'],
  ])('%s fails', (expr, message) => expect(failure(expr).message).toBe(message))
})

describe('digests', () => {
  it.each([
    ["sha256('')", 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ["sha256('abc')", 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ["sha1('abc')", 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ["sha1('')", 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    ["md5('abc')", '900150983cd24fb0d6963f7d28e17f72'],
    ["md5('')", 'd41d8cd98f00b204e9800998ecf8427e'],
  ])('%s', (expr, expected) => expect(value(expr)).toBe(expected))

  it('handles multi-block messages', () => {
    const two = encodeUtf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')
    expect(sha256Hex(two)).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1')
    expect(sha1Hex(two)).toBe('84983e441c3bd26ebaae4aa1f95129e5e54670f1')
    expect(md5Hex(encodeUtf8('1234567890'.repeat(8)))).toBe('57edf4a22be3c955ac49da2e2107b67a')
  })
})

describe('utf8', () => {
  it('round-trips text and replaces lone surrogates and bad bytes', () => {
    expect(decodeUtf8(encodeUtf8('aé😀'))).toBe('aé😀')
    expect(Array.from(encodeUtf8('\ud800'))).toEqual([0xef, 0xbf, 0xbd])
    expect(decodeUtf8(new Uint8Array([0x61, 0xc3, 0x28]))).toBe('a\ufffd(')
    expect(decodeUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBe('\ufffd\ufffd\ufffd')
  })
})
