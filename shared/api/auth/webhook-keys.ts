/**
 * Webhook keys resolved to their records, cached per isolate by the key as presented. A warm
 * admission request then neither hashes (SHA-256 through Web Crypto is an asynchronous job, on Node a
 * thread-pool round trip that costs more than the rest of a small request) nor reads the store.
 * Revocation, expiry and deletion are seen within the TTL, as with every admission cache. The
 * cache only ever holds keys in memory; nothing here logs or returns one.
 */
import type { ApiKey, KeyStore } from '../../store/ports.ts'
import { TtlCache } from '../ttl-cache.ts'
import { hashSecret } from './secrets.ts'

export class WebhookKeyCache {
  // Found and unknown keys are bounded apart, so a stream of made-up keys cannot push out real ones.
  readonly #found: TtlCache<ApiKey>
  readonly #unknown: TtlCache<true>

  constructor(
    private readonly keys: Pick<KeyStore, 'findByHash'>,
    ttlMs: number,
    clock: () => number,
    { found = 10_000, unknown = 1_000 }: { found?: number; unknown?: number } = {},
  ) {
    this.#found = new TtlCache(ttlMs, clock, found)
    this.#unknown = new TtlCache(ttlMs, clock, unknown)
  }

  /** The cached record, `null` for a key known not to exist, `undefined` when the store must be asked. */
  peek(secret: string): ApiKey | null | undefined {
    const key = this.#found.get(secret)
    if (key !== undefined) return key
    return this.#unknown.get(secret) ? null : undefined
  }

  /** The key's record (from cache within the TTL), or `null` when no key has that secret. */
  async resolve(secret: string): Promise<ApiKey | null> {
    const cached = this.peek(secret)
    if (cached !== undefined) return cached
    const key = await this.keys.findByHash(await hashSecret(secret))
    if (key) this.#found.set(secret, key)
    else this.#unknown.set(secret, true)
    return key
  }
}
