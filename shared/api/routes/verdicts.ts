/**
 * `GET /v1/verdicts` [read] — the log, newest first, filtered, one page at a time. Pages follow a
 * signed position in the log (not an offset), so records logged while a client pages through
 * arrive before its first page and never shift or repeat the pages after it.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppDeps, AppEnv } from '../env.ts'
import { ApiError } from '../errors.ts'
import { tenantOf } from '../middleware/auth.ts'
import { bearer, errorResponses, unavailableResponse } from '../reports/openapi.ts'
import { logOf, nowOf, reportScopes } from '../reports/access.ts'
import { openCursor, sealCursor } from '../reports/cursor.ts'
import { resolveWindow, VerdictsQuery } from '../reports/query.ts'
import { VerdictPage } from '../reports/schemas.ts'
import { limits, type VerdictRecord } from '../../store/ports.ts'

const route = createRoute({
  method: 'get',
  path: '/v1/verdicts',
  security: bearer,
  summary: 'Logged verdicts, newest first, with filters and cursor pagination',
  description:
    'A page may hold fewer than `limit` items with a non-null `cursor` when a rare filter made it examine 2,000 records: follow `cursor` until it is null. ' +
    'A cursor is bound to the tenant and to the filters it was issued for; anything else is a 400 naming `query.cursor`.',
  request: { query: VerdictsQuery },
  responses: { 200: { content: { 'application/json': { schema: VerdictPage } }, description: 'A page of verdicts' }, ...errorResponses, ...unavailableResponse },
})

/** The filters as the cursor's MAC covers them (paging parameters excluded). */
function canonical(q: VerdictsQuery): string {
  const { cursor: _cursor, limit: _limit, ...filters } = q
  return JSON.stringify(Object.entries(filters).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)))
}

/** The record-level conditions of a query (what the timeline read does not already guarantee). */
function matcher(q: VerdictsQuery): (r: VerdictRecord) => boolean {
  return (r) => {
    if (q.source !== undefined && r.source.type !== q.source) return false
    if (q.cluster !== undefined && !(r.source.type === 'cluster' && r.source.clusterId === q.cluster)) return false
    if (q.namespace !== undefined && r.resource.namespace !== q.namespace) return false
    if (q.kind !== undefined && r.resource.kind !== q.kind) return false
    const mine = (x: { policy: string; rule: string }) => (q.policy === undefined || x.policy === q.policy) && (q.rule === undefined || x.rule === q.rule)
    if (q.result === 'pass') return (r.passed ?? []).some(mine)
    const results = r.results.filter(mine)
    if (q.result === 'allowed' || q.result === 'denied') {
      if (r.allowed !== (q.result === 'allowed')) return false
    } else if (q.result !== undefined) return results.some((x) => x.status === q.result)
    return q.policy === undefined && q.rule === undefined ? true : results.length > 0
  }
}

export function registerVerdictRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  app.use('/v1/verdicts', reportScopes(deps))
  app.openapi(route, async (c) => {
    const log = logOf(deps)
    const { tenantId } = tenantOf(c)
    const q = c.req.valid('query')
    if (q.cluster !== undefined && q.source === 'ci') throw new ApiError('bad_request', 'a cluster filter contradicts source=ci', [{ path: 'query.source', message: 'must be `cluster` (or absent) with `cluster`' }])
    const now = nowOf(deps)
    const { from, to } = resolveWindow(q, now, { defaultDays: 365, maxDays: 366 })
    const { cursorKey } = await log.settings(tenantId)
    const filters = canonical(q)
    let before: string | undefined
    if (q.cursor !== undefined) {
      const position = await openCursor(cursorKey, tenantId, filters, q.cursor)
      if (position === null) throw new ApiError('bad_request', 'the cursor is not one this query issued', [{ path: 'query.cursor', message: 'invalid, altered, or from another tenant or query' }])
      before = position
    }
    const page = await log.list(tenantId, {
      from: from.toISOString(),
      to: to.toISOString(),
      ...(before === undefined ? {} : { before }),
      // The narrowest timeline that holds every match: the policy's (its non-pass results), else the source's.
      ...(q.policy !== undefined && q.result !== 'pass' ? { policy: q.policy } : {}),
      ...(q.cluster !== undefined ? { source: { type: 'cluster' as const, clusterId: q.cluster } } : q.source === 'ci' ? { source: { type: 'ci' as const } } : {}),
      match: matcher(q),
      limit: q.limit ?? limits.pageSize,
      now: now.toISOString(),
    })
    const cursor = page.next === null ? null : await sealCursor(cursorKey, tenantId, filters, page.next)
    return c.json({ items: page.items, cursor }, 200)
  })
}
