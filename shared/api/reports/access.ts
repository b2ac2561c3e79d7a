/**
 * What every report route needs: the configured log (or a 503), the clock, the read scopes, the
 * tenant's clusters, and the rollup cells of a window (hour cells at the edges, day cells between).
 */
import type { MiddlewareHandler } from 'hono'
import type { AppDeps, AppEnv } from '../env.ts'
import { ApiError } from '../errors.ts'
import { requireScope } from '../middleware/auth.ts'
import type { Cluster, LogPage, LogQuery, RollupCell, VerdictLog, VerdictRecord } from '../../store/ports.ts'
import type { BucketPlan } from './window.ts'

export function logOf(deps: AppDeps): VerdictLog {
  if (!deps.verdictLog) throw new ApiError('unavailable', 'the verdict log is not configured on this server')
  return deps.verdictLog
}

export const nowOf = (deps: AppDeps): Date => (deps.now ?? (() => new Date()))()

/** Report reads take `read` (or `policy:write`, as policy-set reads do; `admin` implies both); changes take `admin`. */
export function reportScopes(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const read = requireScope(deps, ['read', 'policy:write'])
  const admin = requireScope(deps, 'admin')
  return (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? read(c, next) : admin(c, next))
}

/** Every registered cluster of the tenant (bounded: 100 pages of 100). */
export async function allClusters(deps: AppDeps, tenantId: string): Promise<Cluster[]> {
  const out: Cluster[] = []
  let cursor: string | undefined
  for (let pages = 0; pages < 100; pages++) {
    const page = await deps.stores.clusters.list(tenantId, { limit: 100, ...(cursor === undefined ? {} : { cursor }) })
    out.push(...page.items)
    if (!page.cursor) break
    cursor = page.cursor
  }
  return out
}

/** The rollup cells covering a planned window, each bucket once. */
export async function cellsOf(log: VerdictLog, tenantId: string, plan: BucketPlan, now: string): Promise<RollupCell[]> {
  const parts = await Promise.all([
    ...plan.hours.map((h) => log.rollups(tenantId, { granularity: 'hour', from: h.from, to: h.to, now })),
    plan.days ? log.rollups(tenantId, { granularity: 'day', from: plan.days.from, to: plan.days.to, now }) : Promise.resolve([]),
  ])
  return parts.flat()
}

/**
 * Every record of a query, page after page, stopping once more than `max` were found (so the
 * caller can refuse or mark the answer truncated instead of reading without bound).
 */
export async function readUpTo(log: VerdictLog, tenantId: string, query: Omit<LogQuery, 'limit' | 'before'>, max: number): Promise<{ records: VerdictRecord[]; more: boolean }> {
  const records: VerdictRecord[] = []
  let before: string | undefined
  for (;;) {
    const page: LogPage = await log.list(tenantId, { ...query, limit: Math.min(1_000, max + 1 - records.length), ...(before === undefined ? {} : { before }) })
    records.push(...page.items)
    if (records.length > max) return { records: records.slice(0, max), more: true }
    if (page.next === null) return { records, more: false }
    before = page.next
  }
}
