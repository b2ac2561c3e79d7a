/** `POST /v1/tenants` — the operator creates a tenant and receives its first admin key, once. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppDeps, AppEnv } from '../env.ts'
import { requireOperator } from '../middleware/auth.ts'
import { hashSecret, mintSecret } from '../auth/secrets.ts'
import { errorResponses, preconditionResponses } from '../openapi.ts'
import { mutationContext, storeFailure } from './common.ts'
import { ApiKeyView, NewTenant, Tenant } from '../../store/ports.ts'

const CreatedTenant = z.object({ tenant: Tenant, adminKey: ApiKeyView, secret: z.string().describe('shown once; store it now') })

const create = createRoute({
  method: 'post',
  path: '/v1/tenants',
  summary: 'Create a tenant and its first admin key (operator root token)',
  security: [{ bearerAuth: [] }],
  request: { body: { content: { 'application/json': { schema: NewTenant.strict() } }, required: true } },
  responses: {
    201: { content: { 'application/json': { schema: CreatedTenant } }, description: 'Created; the secret is never shown again' },
    ...errorResponses,
    409: preconditionResponses[409],
  },
})

export function registerTenantRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  app.use('/v1/tenants', requireOperator(deps))
  app.openapi(create, async (c) => {
    const body = c.req.valid('json')
    const secret = mintSecret('api')
    const r = await deps.stores.tenants.create(
      { tenant: body, rootKey: { keyId: `${body.tenantId}-admin`, name: 'first admin key', hash: await hashSecret(secret), expiresAt: null } },
      mutationContext(c, deps),
    )
    if (!r.ok) throw storeFailure(r.error, `tenant ${body.tenantId}`)
    return c.json({ tenant: r.value.tenant, adminKey: r.value.rootKey, secret }, 201)
  })
}
