/**
 * What the reports sections share: reading the log through the API (all pages, or until a count
 * is readable), admitting a pod, and keeping an in-process clock ahead of DynamoDB Local's TTL sweeper.
 */
import { expect } from 'vitest'
import type { VerdictRecord } from '../../../shared/api/reports/schemas.ts'
import type { Kit } from '../contract.ts'
import type { Harness } from './helpers.ts'
import { admissionPath, type pod, review } from './fixtures.ts'
import type { TenantWorld } from './world.ts'
import { eventually as poll } from '../../eventually.ts'

export const APP_LABEL = 'require-app-label'
export const HOUR = 3_600_000
export const DAY = 24 * HOUR

export type Page = { items: VerdictRecord[]; cursor: string | null }

/**
 * Moves a test clock that lags the machine's to a day ahead of it: DynamoDB Local expires items by
 * the real clock, and records stamped in its past would vanish under the tests. A real clock is left alone.
 */
export async function aheadOfTheMachine(h: Harness): Promise<void> {
  const now = h.clock.now().getTime()
  if (now < Date.now() - 60_000) await h.clock.advance(Date.now() + DAY - now)
}

/** Log writes run after the response: poll the API for up to 10 s. */
export const eventually = <T>(read: () => Promise<T | null | undefined>, ms = 10_000): Promise<T> => poll(read, ms, 50)

export const query = (q: Record<string, string | number | undefined>) => {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) if (v !== undefined) p.set(k, String(v))
  const s = p.toString()
  return s ? `?${s}` : ''
}

/** Every verdict the key can see (all pages). */
export async function allVerdicts(h: Harness, key: string, q: Record<string, string | number | undefined> = {}): Promise<VerdictRecord[]> {
  const out: VerdictRecord[] = []
  let cursor: string | undefined
  for (let i = 0; i < 100; i++) {
    const r = await h.call('GET', `/v1/verdicts${query({ ...q, limit: 100, cursor })}`, { key })
    expect(r.status, r.text.slice(0, 300)).toBe(200)
    const page = r.json<Page>()
    out.push(...page.items)
    if (page.cursor === null) return out
    cursor = page.cursor
  }
  throw new Error('too many pages')
}

/** Waits until `count` verdicts are readable by `key`. */
export async function logged(kit: Kit, h: Harness, key: string, count: number): Promise<VerdictRecord[]> {
  await kit.settle?.(h)
  return eventually(async () => {
    const all = await allVerdicts(h, key)
    return all.length >= count ? all : null
  })
}

export const admit = (h: Harness, t: TenantWorld, object: ReturnType<typeof pod>, o: Parameters<typeof review>[1] = {}) => h.call('POST', admissionPath(t.webhook.secret), { json: review(object, o) })
