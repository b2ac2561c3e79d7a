import { describe, expect, it } from 'vitest'
import { createMemoryStores } from '../../store/memory/index.ts'
import { hashSecret, mintSecret } from './secrets.ts'
import { WebhookKeyCache } from './webhook-keys.ts'

/** A memory store holding one key, and its key lookups counted. */
async function world() {
  const stores = createMemoryStores()
  const secret = mintSecret('api')
  const ctx = { actorKeyId: 'operator', at: '2024-01-01T00:00:00.000Z', requestId: 'r' }
  const created = await stores.tenants.create({ tenant: { tenantId: 'acme', name: 'Acme' }, rootKey: { keyId: 'k1', name: 'admin', hash: await hashSecret(secret), expiresAt: null } }, ctx)
  if (!created.ok) throw new Error('tenant not created')
  let reads = 0
  const keys = { findByHash: (hash: string) => ((reads += 1), stores.keys.findByHash(hash)) }
  let now = 0
  const clock = { now: () => now, advance: (ms: number) => void (now += ms) }
  return { secret, keys, reads: () => reads, clock }
}

describe('WebhookKeyCache', () => {
  it('resolves a key once per TTL, then answers from memory without hashing or reading', async () => {
    const w = await world()
    const cache = new WebhookKeyCache(w.keys, 1_000, w.clock.now)
    expect(cache.peek(w.secret)).toBeUndefined()
    expect((await cache.resolve(w.secret))?.keyId).toBe('k1')
    expect(cache.peek(w.secret)?.keyId).toBe('k1')
    expect((await cache.resolve(w.secret))?.keyId).toBe('k1')
    expect(w.reads()).toBe(1)
    w.clock.advance(1_000)
    expect(cache.peek(w.secret)).toBeUndefined()
    await cache.resolve(w.secret)
    expect(w.reads()).toBe(2)
  })

  it('remembers unknown keys as null, apart from known ones, so made-up keys cannot evict real ones', async () => {
    const w = await world()
    const cache = new WebhookKeyCache(w.keys, 1_000, w.clock.now, { found: 10, unknown: 2 })
    await cache.resolve(w.secret)
    const strangers = Array.from({ length: 5 }, () => mintSecret('webhook'))
    for (const s of strangers) expect(await cache.resolve(s)).toBeNull()
    expect(cache.peek(strangers[4] ?? '')).toBeNull()
    expect(cache.peek(strangers[0] ?? '')).toBeUndefined()
    expect(cache.peek(w.secret)?.keyId).toBe('k1')
  })
})
