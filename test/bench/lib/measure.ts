/**
 * Timing helpers. In-process figures are CPU time of this process (user + system), not wall time:
 * the bench machine is shared, and CPU time does not count the time another process held the core.
 * Figures that are compared are measured interleaved, round by round, so drift hits them alike.
 */

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of no samples')
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

/** Wall-clock milliseconds since an arbitrary origin (for things that include waiting: HTTP, process start). */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6
}

/** CPU microseconds this process has used so far. */
export function cpuUs(): number {
  const u = process.cpuUsage()
  return u.user + u.system
}

export interface Work {
  /** Items one call of `fn` handles; the result is per item. */
  items: number
  fn: () => void
}

/**
 * Median CPU µs per item of each work, over `rounds` interleaved rounds (a warm-up call of each
 * first, for the JIT and lazily built caches). Each `fn` must do the same work every call.
 */
export function usPerItemEach(rounds: number, works: readonly Work[]): number[] {
  // Calibrate on the warm-up call: every sample runs long enough (≥ 20 ms) for CPU accounting to be exact.
  const reps = works.map((w) => {
    if (w.items <= 0) throw new Error('usPerItemEach: a work has no items')
    const t0 = cpuUs()
    w.fn()
    return Math.max(1, Math.ceil(20_000 / Math.max(1, cpuUs() - t0)))
  })
  const samples = works.map(() => [] as number[])
  for (let r = 0; r < rounds; r++) {
    works.forEach((w, i) => {
      const n = reps[i] as number
      const t0 = cpuUs()
      for (let k = 0; k < n; k++) w.fn()
      ;(samples[i] as number[]).push((cpuUs() - t0) / (w.items * n))
    })
  }
  return samples.map(median)
}

export function usPerItem(rounds: number, items: number, fn: () => void): number {
  return usPerItemEach(rounds, [{ items, fn }])[0] as number
}

/** Keeps results alive so the JIT cannot drop the work that produced them. */
export const sink = { n: 0 }

export interface AsyncWork {
  items: number
  fn: () => Promise<void>
}

/** {@link usPerItemEach} for async work that does no I/O (CPU time still counts only this process's work). */
export async function usPerItemEachAsync(rounds: number, works: readonly AsyncWork[]): Promise<number[]> {
  const reps: number[] = []
  for (const w of works) {
    if (w.items <= 0) throw new Error('usPerItemEachAsync: a work has no items')
    const t0 = cpuUs()
    await w.fn()
    reps.push(Math.max(1, Math.ceil(20_000 / Math.max(1, cpuUs() - t0))))
  }
  const samples = works.map(() => [] as number[])
  for (let r = 0; r < rounds; r++) {
    for (const [i, w] of works.entries()) {
      const n = reps[i] as number
      const t0 = cpuUs()
      for (let k = 0; k < n; k++) await w.fn()
      ;(samples[i] as number[]).push((cpuUs() - t0) / (w.items * n))
    }
  }
  return samples.map(median)
}
