/** `GET /v1/audit` [admin] — every admin action, newest first, with the acting key's id. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppDeps, AppEnv } from '../env.ts'
import { requireScope, tenantOf } from '../middleware/auth.ts'
import { bearer, errorResponses } from '../openapi.ts'
import { PageQuery } from './common.ts'
import { AuditEntry } from '../../store/ports.ts'

const list = createRoute({
  method: 'get',
  path: '/v1/audit',
  security: bearer,
  summary: 'The audit trail of admin actions',
  request: { query: PageQuery },
  responses: { 200: { content: { 'application/json': { schema: z.object({ items: z.array(AuditEntry), cursor: z.string().nullable() }) } }, description: 'Entries' }, ...errorResponses },
})

export function registerAuditRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  app.use('/v1/audit', requireScope(deps, 'admin'))
  app.openapi(list, async (c) => c.json(await deps.stores.audit.list(tenantOf(c).tenantId, c.req.valid('query')), 200))
}
