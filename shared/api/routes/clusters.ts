/**
 * Clusters [admin]. Registering mints the cluster's webhook key and answers — the only time the key
 * is shown — with a ready-to-apply ValidatingWebhookConfiguration. `GET …/webhook` regenerates the
 * configuration with a placeholder; rotation is its own POST with an overlap window.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppDeps, AppEnv } from '../env.ts'
import { requireScope, tenantOf } from '../middleware/auth.ts'
import { hashSecret, mintSecret, newId } from '../auth/secrets.ts'
import { ApiError } from '../errors.ts'
import { bearer, errorResponses, preconditionResponses } from '../openapi.ts'
import { background, type SetCache } from '../set-cache.ts'
import { webhookConfiguration, toYaml } from '../webhook-config.ts'
import { etagHeader, IdParam, mutationContext, PageQuery, requireIfMatch, storeFailure } from './common.ts'
import { ApiKeyView, Cluster, ClusterPatch, NewCluster, type Cluster as ClusterT } from '../../store/ports.ts'

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description })
const Params = z.object({ id: IdParam('id') })
const KUBE_VERSION = z.string().regex(/^v?1\.\d{1,3}(\.\d+)?$/, 'Kubernetes version like 1.30')
/**
 * Like Kyverno's default webhook configuration, kube-system is left out unless the tenant says
 * otherwise (`[]` includes it): a fail-closed webhook that also gates the control plane's own pods
 * can keep a cluster from recovering while the webhook is unreachable.
 */
const DEFAULT_EXCLUSIONS = ['kube-system']
const CreateCluster = NewCluster.extend({
  kubernetesVersion: KUBE_VERSION,
  namespaceExclusions: z
    .array(z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a namespace name'))
    .max(100)
    .default(DEFAULT_EXCLUSIONS)
    .describe('Namespaces the webhook skips and the server ignores; default ["kube-system"], [] to include it'),
}).strict()
const UpdateCluster = ClusterPatch.extend({ kubernetesVersion: KUBE_VERSION.optional() }).strict()
const Registered = z.object({ cluster: Cluster, webhookKey: ApiKeyView, secret: z.string(), webhookConfiguration: z.string().describe('YAML for kubectl apply') })
const PLACEHOLDER = '<WEBHOOK_KEY>'
const ROTATION_OVERLAP_MS = 24 * 3600 * 1000

const routes = {
  list: createRoute({ method: 'get', path: '/v1/clusters', security: bearer, summary: 'List clusters', request: { query: PageQuery }, responses: { 200: json(z.object({ items: z.array(Cluster), cursor: z.string().nullable() }), 'Clusters'), ...errorResponses } }),
  create: createRoute({
    method: 'post',
    path: '/v1/clusters',
    security: bearer,
    summary: 'Register a cluster; answers its webhook key (once) and webhook configuration',
    request: { body: { content: { 'application/json': { schema: CreateCluster } }, required: true } },
    responses: { 201: json(Registered, 'Registered'), ...errorResponses, 409: preconditionResponses[409] },
  }),
  get: createRoute({ method: 'get', path: '/v1/clusters/{id}', security: bearer, summary: 'A cluster (ETag header)', request: { params: Params }, responses: { 200: json(Cluster, 'The cluster'), ...errorResponses } }),
  update: createRoute({
    method: 'put',
    path: '/v1/clusters/{id}',
    security: bearer,
    summary: 'Change a cluster (If-Match: "<etag>")',
    request: { params: Params, body: { content: { 'application/json': { schema: UpdateCluster } }, required: true } },
    responses: { 200: json(Cluster, 'Updated'), ...errorResponses, ...preconditionResponses },
  }),
  delete: createRoute({ method: 'delete', path: '/v1/clusters/{id}', security: bearer, summary: 'Delete a cluster and revoke its webhook keys (If-Match)', request: { params: Params }, responses: { 200: json(z.object({ cluster: Cluster, revokedKeyIds: z.array(z.string()) }), 'Deleted'), ...errorResponses, ...preconditionResponses } }),
  webhook: createRoute({
    method: 'get',
    path: '/v1/clusters/{id}/webhook',
    security: bearer,
    summary: 'The webhook configuration for the cluster, regenerated, with a key placeholder',
    request: { params: Params },
    responses: { 200: { content: { 'application/yaml': { schema: z.string() } }, description: 'ValidatingWebhookConfiguration YAML' }, ...errorResponses },
  }),
  rotate: createRoute({
    method: 'post',
    path: '/v1/clusters/{id}/webhook/rotate',
    security: bearer,
    summary: 'Rotate the webhook key; the old key keeps working for 24 hours',
    request: { params: Params },
    responses: { 200: json(z.object({ webhookKey: ApiKeyView, secret: z.string(), previousKeyValidUntil: z.string(), webhookConfiguration: z.string() }), 'Rotated'), ...errorResponses },
  }),
}

function webhookUrl(c: Context, deps: AppDeps, key: string): string {
  const base = (deps.publicUrl ?? new URL(c.req.url).origin).replace(/\/+$/, '')
  return `${base}/v1/admission/${key}/validate`
}

async function configYaml(c: Context, deps: AppDeps, cache: SetCache, tenantId: string, cluster: ClusterT, key: string): Promise<string> {
  const set = await cache.get(tenantId, cluster.policySetId, background(c, deps))
  if (!set.ok) throw new ApiError('bad_request', `policy set ${cluster.policySetId} not found`, [{ path: 'policySetId', message: 'no such policy set' }])
  return toYaml(webhookConfiguration(set.set, { id: cluster.clusterId, kubernetesVersion: cluster.kubernetesVersion, namespaceExclusions: cluster.namespaceExclusions, failureMode: cluster.failureMode }, webhookUrl(c, deps, key)))
}

export function registerClusterRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps, cache: SetCache): void {
  app.use('/v1/clusters', requireScope(deps, 'admin'))
  app.use('/v1/clusters/*', requireScope(deps, 'admin'))
  const clusters = deps.stores.clusters

  app.openapi(routes.list, async (c) => c.json(await clusters.list(tenantOf(c).tenantId, c.req.valid('query')), 200))

  app.openapi(routes.create, async (c) => {
    const { tenantId } = tenantOf(c)
    const body = c.req.valid('json')
    const set = await deps.stores.policySets.get(tenantId, body.policySetId)
    if (!set.ok) throw new ApiError('bad_request', `policy set ${body.policySetId} not found`, [{ path: 'body.policySetId', message: 'no such policy set' }])
    const secret = mintSecret('webhook')
    const r = await clusters.create(tenantId, body, { keyId: newId('k_'), name: `webhook for ${body.clusterId}`, hash: await hashSecret(secret), expiresAt: null }, mutationContext(c, deps))
    if (!r.ok) throw storeFailure(r.error, `cluster ${body.clusterId}`)
    c.header('ETag', etagHeader(r.value.cluster.etag))
    const yaml = await configYaml(c, deps, cache, tenantId, r.value.cluster, secret)
    return c.json({ cluster: r.value.cluster, webhookKey: r.value.webhookKey, secret, webhookConfiguration: yaml }, 201)
  })

  app.openapi(routes.get, async (c) => {
    const r = await clusters.get(tenantOf(c).tenantId, c.req.valid('param').id)
    if (!r.ok) throw storeFailure(r.error, 'cluster')
    c.header('ETag', etagHeader(r.value.etag))
    return c.json(r.value, 200)
  })

  app.openapi(routes.update, async (c) => {
    const { tenantId } = tenantOf(c)
    const etag = requireIfMatch(c)
    const patch = c.req.valid('json')
    if (patch.policySetId !== undefined && !(await deps.stores.policySets.get(tenantId, patch.policySetId)).ok) {
      throw new ApiError('bad_request', `policy set ${patch.policySetId} not found`, [{ path: 'body.policySetId', message: 'no such policy set' }])
    }
    const r = await clusters.update(tenantId, c.req.valid('param').id, patch, { etag }, mutationContext(c, deps))
    if (!r.ok) throw storeFailure(r.error, 'cluster')
    c.header('ETag', etagHeader(r.value.etag))
    return c.json(r.value, 200)
  })

  app.openapi(routes.delete, async (c) => {
    const etag = requireIfMatch(c)
    const r = await clusters.delete(tenantOf(c).tenantId, c.req.valid('param').id, { etag }, mutationContext(c, deps))
    if (!r.ok) throw storeFailure(r.error, 'cluster')
    return c.json(r.value, 200)
  })

  app.openapi(routes.webhook, async (c) => {
    const { tenantId } = tenantOf(c)
    const r = await clusters.get(tenantId, c.req.valid('param').id)
    if (!r.ok) throw storeFailure(r.error, 'cluster')
    c.header('Content-Type', 'application/yaml; charset=utf-8')
    return c.body(await configYaml(c, deps, cache, tenantId, r.value, PLACEHOLDER), 200) as never
  })

  app.openapi(routes.rotate, async (c) => {
    const { tenantId } = tenantOf(c)
    const id = c.req.valid('param').id
    const cluster = await clusters.get(tenantId, id)
    if (!cluster.ok) throw storeFailure(cluster.error, 'cluster')
    const current = await currentWebhookKey(deps, tenantId, id)
    if (!current) throw new ApiError('conflict', `cluster ${id} has no live webhook key to rotate`)
    const secret = mintSecret('webhook')
    const until = new Date((deps.now ?? (() => new Date()))().getTime() + ROTATION_OVERLAP_MS).toISOString()
    const r = await deps.stores.keys.rotate(tenantId, current.keyId, { keyId: newId('k_'), name: current.name, hash: await hashSecret(secret), expiresAt: null }, { overlapUntil: until }, mutationContext(c, deps))
    if (!r.ok) throw storeFailure(r.error, 'webhook key')
    const yaml = await configYaml(c, deps, cache, tenantId, cluster.value, secret)
    return c.json({ webhookKey: r.value.next, secret, previousKeyValidUntil: r.value.previous.expiresAt ?? until, webhookConfiguration: yaml }, 200)
  })
}

async function currentWebhookKey(deps: AppDeps, tenantId: string, clusterId: string): Promise<z.infer<typeof ApiKeyView> | null> {
  let cursor: string | undefined
  for (let pages = 0; pages < 100; pages++) {
    const page = await deps.stores.keys.list(tenantId, { limit: 100, cursor })
    const live = page.items.find((k) => k.clusterId === clusterId && k.revokedAt === null && k.replacedBy === null)
    if (live) return live
    if (!page.cursor) return null
    cursor = page.cursor
  }
  return null
}
