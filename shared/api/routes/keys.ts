/** API keys [admin]: list (never secrets), create (secret shown once), revoke, rotate. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppDeps, AppEnv } from '../env.ts'
import { requireScope, tenantOf } from '../middleware/auth.ts'
import { hashSecret, mintSecret, newId } from '../auth/secrets.ts'
import { ApiError } from '../errors.ts'
import { bearer, errorResponses, preconditionResponses } from '../openapi.ts'
import { IdParam, mutationContext, nowIso, PageQuery, storeFailure } from './common.ts'
import { ApiKeyView, Scope } from '../../store/ports.ts'

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description })

const CreateKey = z
  .object({
    name: z.string().min(1).max(200),
    scopes: z.array(Scope.exclude(['webhook'])).min(1).describe('webhook keys are minted by registering a cluster'),
    expiresAt: z.iso.datetime().optional(),
  })
  .strict()
const KeyWithSecret = z.object({ key: ApiKeyView, secret: z.string().describe('shown once; store it now') })
const KeyPage = z.object({ items: z.array(ApiKeyView), cursor: z.string().nullable() })
const RotateBody = z
  .object({ overlapSeconds: z.number().int().min(0).max(7 * 24 * 3600).default(3600).describe('how long the old key keeps working') })
  .strict()

const list = createRoute({ method: 'get', path: '/v1/keys', security: bearer, summary: 'List API keys (never their secrets)', request: { query: PageQuery }, responses: { 200: json(KeyPage, 'Keys'), ...errorResponses } })
const create = createRoute({
  method: 'post',
  path: '/v1/keys',
  security: bearer,
  summary: 'Create an API key; its secret is shown once',
  request: { body: { content: { 'application/json': { schema: CreateKey } }, required: true } },
  responses: { 201: json(KeyWithSecret, 'Created'), ...errorResponses },
})
const revoke = createRoute({
  method: 'delete',
  path: '/v1/keys/{id}',
  security: bearer,
  summary: 'Revoke a key (effective on the next request)',
  request: { params: z.object({ id: IdParam('id') }) },
  responses: { 200: json(ApiKeyView, 'Revoked'), ...errorResponses },
})
const rotate = createRoute({
  method: 'post',
  path: '/v1/keys/{id}/rotate',
  security: bearer,
  summary: 'Rotate a key: a new secret now, the old one keeps working for the overlap window',
  request: { params: z.object({ id: IdParam('id') }), body: { content: { 'application/json': { schema: RotateBody } }, required: false } },
  responses: { 200: json(z.object({ previous: ApiKeyView, key: ApiKeyView, secret: z.string() }), 'Rotated'), ...errorResponses, 409: preconditionResponses[409] },
})

export function registerKeyRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  app.use('/v1/keys', requireScope(deps, 'admin'))
  app.use('/v1/keys/*', requireScope(deps, 'admin'))
  app.openapi(list, async (c) => {
    const page = await deps.stores.keys.list(tenantOf(c).tenantId, c.req.valid('query'))
    return c.json(page, 200)
  })
  app.openapi(create, async (c) => {
    const body = c.req.valid('json')
    if (body.expiresAt !== undefined && body.expiresAt <= nowIso(deps)) throw new ApiError('bad_request', 'expiresAt is in the past', [{ path: 'body.expiresAt', message: 'must be in the future' }])
    const secret = mintSecret('api')
    const r = await deps.stores.keys.create(
      tenantOf(c).tenantId,
      { keyId: newId('k_'), name: body.name, scopes: body.scopes, hash: await hashSecret(secret), clusterId: null, expiresAt: body.expiresAt ?? null },
      mutationContext(c, deps),
    )
    if (!r.ok) throw storeFailure(r.error, 'key')
    return c.json({ key: r.value, secret }, 201)
  })
  app.openapi(revoke, async (c) => {
    const r = await deps.stores.keys.revoke(tenantOf(c).tenantId, c.req.valid('param').id, mutationContext(c, deps))
    if (!r.ok) throw storeFailure(r.error, 'key')
    return c.json(r.value, 200)
  })
  app.openapi(rotate, async (c) => {
    const { tenantId } = tenantOf(c)
    const id = c.req.valid('param').id
    const current = await deps.stores.keys.get(tenantId, id)
    if (!current.ok) throw storeFailure(current.error, 'key')
    const overlap = (c.req.valid('json') as { overlapSeconds?: number } | undefined)?.overlapSeconds ?? 3600
    const secret = mintSecret(current.value.scopes.includes('webhook') ? 'webhook' : 'api')
    const until = new Date((deps.now ?? (() => new Date()))().getTime() + overlap * 1000).toISOString()
    const r = await deps.stores.keys.rotate(tenantId, id, { keyId: newId('k_'), name: current.value.name, hash: await hashSecret(secret), expiresAt: current.value.expiresAt }, { overlapUntil: until }, mutationContext(c, deps))
    if (!r.ok) throw r.error === 'conflict' ? new ApiError('conflict', 'this key was already rotated or revoked') : storeFailure(r.error, 'key')
    return c.json({ previous: r.value.previous, key: r.value.next, secret }, 200)
  })
}
