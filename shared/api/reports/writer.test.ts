/**
 * The writer against the memory log, with faults switched into it (as the HTTP budget suite does
 * with stores): retries, counts, bounded attempts, and never a rejection.
 */
import { describe, expect, it, vi } from 'vitest'
import { createMemoryVerdictLog } from '../../store/memory/log.ts'
import type { VerdictLog, VerdictRecord } from '../../store/ports.ts'
import { VerdictLogWriter } from './writer.ts'

const record = (uid: string): VerdictRecord => ({
  id: `${new Date().toISOString()}.${uid}`,
  source: { type: 'cluster', clusterId: 'c1' },
  uid,
  time: new Date().toISOString(),
  operation: 'CREATE',
  resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: uid },
  policySet: { name: 'prod', version: 1 },
  results: [],
  passes: 0,
  passed: [],
  allowed: true,
  dryRun: false,
  latencyMs: 1,
})

/** `inner` whose first `failures` writes throw (the write that follows may still be a retry of one that committed). */
function flaky(inner: VerdictLog, failures: number, how: 'throw' | 'hang' = 'throw'): VerdictLog {
  let left = failures
  return {
    ...inner,
    write: (...args) => {
      if (left-- > 0) return how === 'hang' ? new Promise(() => undefined) : Promise.reject(new Error('ECONNRESET'))
      return inner.write(...args)
    },
  }
}

describe('VerdictLogWriter', () => {
  it('retries a failed write and stores it once', async () => {
    const log = createMemoryVerdictLog()
    const w = new VerdictLogWriter(flaky(log, 2), Date.now, { attempts: 4, backoffMs: 1 })
    await w.write('acme', [record('a'), record('b')])
    expect(w.metrics).toMatchObject({ batches: 1, written: 2, retries: 2, failed: 0, lost: 0, inFlight: 0 })
    expect((await log.list('acme', { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z', limit: 10, now: new Date().toISOString() })).items).toHaveLength(2)
  })

  it('gives up after its attempts without rejecting, and counts what was lost', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const w = new VerdictLogWriter(flaky(createMemoryVerdictLog(), 10), Date.now, { attempts: 3, backoffMs: 1 })
    await expect(w.write('acme', [record('a')])).resolves.toBeUndefined()
    expect(w.metrics).toMatchObject({ batches: 1, written: 0, retries: 2, failed: 1, lost: 1, inFlight: 0 })
    expect(errors).toHaveBeenCalledTimes(1)
    errors.mockRestore()
  })

  it('abandons an attempt that hangs, and the retry succeeds', async () => {
    const log = createMemoryVerdictLog()
    const w = new VerdictLogWriter(flaky(log, 1, 'hang'), Date.now, { attempts: 2, backoffMs: 1, attemptTimeoutMs: 50 })
    const started = Date.now()
    await w.write('acme', [record('a')])
    expect(Date.now() - started).toBeLessThan(1_000)
    expect(w.metrics).toMatchObject({ written: 1, retries: 1, failed: 0 })
  })

  it('uses the tenant retention from the log settings', async () => {
    const log = createMemoryVerdictLog()
    await log.updateSettings('acme', { retentionDays: 1 })
    const write = vi.spyOn(log, 'write')
    await new VerdictLogWriter(log, Date.now).write('acme', [record('a')])
    expect(write.mock.calls[0]?.[2]).toEqual({ retentionDays: 1 })
  })
})
