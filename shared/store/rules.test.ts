import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { limits } from './ports.ts'
import { earlierExpiry, newToken, pageLimit, utf8Length, versionKey } from './rules.ts'

describe('store rules', () => {
  it('utf8Length counts UTF-8 bytes (the snapshot size limit is in bytes)', () => {
    // encodeURIComponent is a portable UTF-8 encoder: one %XX per byte.
    const bytes = (s: string) => encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, '.').length
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => utf8Length(s) === bytes(s)))
    expect(utf8Length('a\u00e9\u20ac\u{1f680}')).toBe(1 + 2 + 3 + 4)
    // Lone surrogates become U+FFFD when encoded: 3 bytes each.
    expect(utf8Length('\ud800a\udc00')).toBe(3 + 1 + 3)
  })

  it('page sizes are clamped to 1…maxPageSize', () => {
    expect(pageLimit(undefined)).toBe(limits.pageSize)
    expect(pageLimit({ limit: 0 })).toBe(1)
    expect(pageLimit({ limit: 1e9 })).toBe(limits.maxPageSize)
    expect(pageLimit({ limit: 2.7 })).toBe(2)
  })

  it('version keys sort as numbers', () => {
    const versions = [1, 9, 10, 99, 100, 12345]
    expect(versions.map(versionKey).sort()).toEqual(versions.map(versionKey))
  })

  it('expiry only ever gets earlier', () => {
    expect(earlierExpiry(null, '2026-01-02T00:00:00.000Z')).toBe('2026-01-02T00:00:00.000Z')
    expect(earlierExpiry('2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z')).toBe('2026-01-01T00:00:00.000Z')
  })

  it('tokens are 128-bit hex and unique', () => {
    const tokens = new Set(Array.from({ length: 1000 }, newToken))
    expect(tokens.size).toBe(1000)
    for (const t of tokens) expect(t).toMatch(/^[0-9a-f]{32}$/)
  })
})
