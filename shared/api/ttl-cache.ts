/** A small per-isolate TTL cache with a size bound (oldest entries go first). */
export class TtlCache<V> {
  readonly #entries = new Map<string, { value: V; at: number }>()
  constructor(
    private readonly ttlMs: number,
    private readonly clock: () => number,
    private readonly max = 10_000,
  ) {}

  get(key: string): V | undefined {
    const e = this.#entries.get(key)
    if (!e) return undefined
    if (this.clock() - e.at >= this.ttlMs) {
      this.#entries.delete(key)
      return undefined
    }
    return e.value
  }

  set(key: string, value: V): void {
    if (this.#entries.size >= this.max) this.#entries.delete(this.#entries.keys().next().value as string)
    this.#entries.set(key, { value, at: this.clock() })
  }
}
