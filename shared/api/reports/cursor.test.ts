import { describe, expect, it } from 'vitest'
import { openCursor, sealCursor } from './cursor.ts'

const KEY = 'k'.repeat(64)

describe('page cursors', () => {
  it('open only for the tenant, key and query they were sealed for', async () => {
    const c = await sealCursor(KEY, 'acme', '[["cluster","c1"]]', '2026-03-01T00:00:00.000Z.ab12')
    expect(c).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
    expect(c).not.toContain('2026-03-01')
    expect(await openCursor(KEY, 'acme', '[["cluster","c1"]]', c)).toBe('2026-03-01T00:00:00.000Z.ab12')
    expect(await openCursor(KEY, 'globex', '[["cluster","c1"]]', c)).toBeNull()
    expect(await openCursor('other'.repeat(13), 'acme', '[["cluster","c1"]]', c)).toBeNull()
    expect(await openCursor(KEY, 'acme', '[]', c)).toBeNull()
  })

  it('refuse any altered byte and anything that is not a cursor', async () => {
    const c = await sealCursor(KEY, 'acme', '[]', '2026-03-01T00:00:00.000Z.ab12')
    for (let i = 0; i < c.length; i++) {
      if (c[i] === '.') continue
      const altered = c.slice(0, i) + (c[i] === 'A' ? 'B' : 'A') + c.slice(i + 1)
      expect(await openCursor(KEY, 'acme', '[]', altered)).toBeNull()
    }
    for (const junk of ['', '.', 'a.b.c', 'abc', '!!!.???', `${c}.x`]) expect(await openCursor(KEY, 'acme', '[]', junk)).toBeNull()
  })
})
