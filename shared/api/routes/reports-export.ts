/**
 * `GET /v1/reports/export?format=csv|json&from&to` [read] — every verdict of a window (at most 31
 * days and {@link EXPORT_MAX} records: a larger window is refused, never silently cut).
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppDeps, AppEnv } from '../env.ts'
import { ApiError } from '../errors.ts'
import { tenantOf } from '../middleware/auth.ts'
import { logOf, nowOf, readUpTo } from '../reports/access.ts'
import { toCsv } from '../reports/csv.ts'
import { bearer, errorResponses, tooManyResponse, unavailableResponse } from '../reports/openapi.ts'
import { ExportQuery, resolveWindow } from '../reports/query.ts'
import { VerdictRecord } from '../reports/schemas.ts'

export const EXPORT_MAX = 10_000

const Export = z.object({ from: z.string(), to: z.string(), count: z.number().int(), items: z.array(VerdictRecord) })

const route = createRoute({
  method: 'get',
  path: '/v1/reports/export',
  security: bearer,
  summary: `Every verdict of a window (≤ 31 days, ≤ ${EXPORT_MAX} verdicts) as JSON or CSV, newest first`,
  request: { query: ExportQuery },
  responses: {
    200: {
      content: { 'application/json': { schema: Export }, 'text/csv': { schema: z.string().openapi({ description: 'one row per non-pass rule result (one row for a verdict without any)' }) } },
      description: 'The export',
    },
    ...errorResponses,
    ...tooManyResponse,
    ...unavailableResponse,
  },
})

export function registerExportRoute(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  app.openapi(route, async (c) => {
    const log = logOf(deps)
    const { tenantId } = tenantOf(c)
    const q = c.req.valid('query')
    const now = nowOf(deps)
    const { from, to } = resolveWindow(q, now, { defaultDays: 1, maxDays: 31 })
    const read = await readUpTo(log, tenantId, { from: from.toISOString(), to: to.toISOString(), now: now.toISOString() }, EXPORT_MAX)
    if (read.more) throw new ApiError('unprocessable', `the window holds more than ${EXPORT_MAX} verdicts; narrow from/to`)
    if (q.format === 'csv') {
      c.header('Content-Type', 'text/csv; charset=utf-8')
      c.header('Content-Disposition', `attachment; filename="verdicts-${from.toISOString().slice(0, 10)}-${to.toISOString().slice(0, 10)}.csv"`)
      return c.body(toCsv(read.records), 200) as never
    }
    return c.json({ from: from.toISOString(), to: to.toISOString(), count: read.records.length, items: read.records }, 200)
  })
}
