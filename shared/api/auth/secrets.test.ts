import { describe, expect, it } from 'vitest'
import { constantTimeEqual, hashSecret, looksLikeSecret, mintSecret } from './secrets.ts'

describe('secrets', () => {
  it('mints distinct, well-formed secrets with at least 128 bits', () => {
    const a = mintSecret('api')
    const b = mintSecret('api')
    expect(a).not.toBe(b)
    expect(looksLikeSecret(a, 'api')).toBe(true)
    expect(looksLikeSecret(a, 'webhook')).toBe(false)
    // 43 base64url characters carry 258 bits; the prefix carries none.
    expect(a.length - 4).toBe(43)
  })
  it('hashes with SHA-256 (known vector)', async () => {
    expect(await hashSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })
  it('compares in constant time and correctly', () => {
    expect(constantTimeEqual('abcd', 'abcd')).toBe(true)
    expect(constantTimeEqual('abcd', 'abce')).toBe(false)
    expect(constantTimeEqual('abc', 'abcd')).toBe(false)
  })
  it('rejects malformed secrets cheaply', () => {
    expect(looksLikeSecret('vdk_short', 'api')).toBe(false)
    expect(looksLikeSecret('vdk_' + '!'.repeat(43), 'api')).toBe(false)
  })
})
