/**
 * Polling for what happens after a response (waitUntil work: KV publishing, log writes): `read`
 * until it gives a value, or fail after `ms`.
 */
export async function eventually<T>(read: () => Promise<T | null | undefined>, ms = 5_000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const v = await read()
    if (v !== null && v !== undefined) return v
    if (Date.now() > deadline) throw new Error(`nothing after ${ms} ms`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}
