/**
 * The null adapter of {@link KvPort}: a Map, immediately consistent. Used by unit tests and by any
 * runtime that wants the snapshot code path without Workers KV.
 */
import type { KvPort } from './port.ts'

export type MemoryKv = KvPort & {
  /** The stored values, for inspection. */
  readonly data: Map<string, string>
}

export function createMemoryKv(initial: Iterable<[string, string]> = []): MemoryKv {
  const data = new Map(initial)
  return {
    data,
    async get(key) {
      return data.get(key) ?? null
    },
    async put(key, value) {
      data.set(key, value)
    },
  }
}
