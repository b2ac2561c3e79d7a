/**
 * Namespace labels of a cluster, for rules that match by `namespaceSelector`:
 * - `PUT /v1/clusters/{id}/namespaces` [admin]: the sync from `kubectl get ns`, replacing what is known;
 * - `GET /v1/clusters/{id}/namespaces` [admin]: what is known, by name;
 * - `POST /v1/admission/{webhookKey}/namespaces`: the learning webhook. The generated
 *   configuration sends it the cluster's Namespace changes (with `failurePolicy: Ignore`); it
 *   records them after the response and always allows, so it can never refuse a namespace.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppDeps, AppEnv } from '../env.ts'
import { looksLikeSecret } from '../auth/secrets.ts'
import { WebhookKeyCache } from '../auth/webhook-keys.ts'
import { readText } from '../body.ts'
import { ApiError } from '../errors.ts'
import { hasScope, requireScope, tenantOf } from '../middleware/auth.ts'
import { namespaceCacheFor } from '../namespace-labels-cache.ts'
import { bearer, errorResponses } from '../openapi.ts'
import { background } from '../set-cache.ts'
import { DEFAULT_LIMITS } from '../../kube/decode.ts'
import { admissionResponse, AdmissionReviewResponse, formatReviewIssues, parseAdmissionReview, type AdmissionReviewVersion } from '../../kube/admission.ts'
import { NamespaceEntry, NamespaceInput, namespaceLimits } from '../../store/ports.ts'
import { IdParam, mutationContext, nowIso, PageQuery, storeFailure } from './common.ts'

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description })
const Params = z.object({ id: IdParam('id') })

/** The sync body: every namespace of the cluster, each name once. */
export const NamespaceSync = z
  .strictObject({ namespaces: z.array(NamespaceInput).max(namespaceLimits.perSync) })
  .superRefine((body, ctx) => {
    const seen = new Set<string>()
    body.namespaces.forEach((ns, i) => {
      if (seen.has(ns.name)) ctx.addIssue({ code: 'custom', path: ['namespaces', i, 'name'], message: `namespace ${ns.name} appears more than once` })
      seen.add(ns.name)
    })
  })

const SYNC_ONE_LINER =
  "kubectl get ns -o json | jq '{namespaces: [.items[] | {name: .metadata.name, labels: (.metadata.labels // {})}]}' " +
  '| curl -X PUT -H "Authorization: Bearer $VERDICT_ADMIN_KEY" -H "Content-Type: application/json" --data-binary @- "$VERDICT_URL/v1/clusters/<id>/namespaces"'

const routes = {
  put: createRoute({
    method: 'put',
    path: '/v1/clusters/{id}/namespaces',
    security: bearer,
    summary: "Replace the cluster's known namespace labels (for namespaceSelector rules)",
    description: [
      "Rules that match or exclude by `namespaceSelector` need the labels of the request's namespace, which an AdmissionReview does not carry.",
      'Verdict learns them from the Namespace changes the generated webhook configuration sends, and from this sync, which replaces everything known for the cluster',
      '(run it once after installing the webhook, and whenever in doubt). Produce the body with:',
      '',
      `    ${SYNC_ONE_LINER}`,
      '',
      `At most ${namespaceLimits.perSync} namespaces and ${namespaceLimits.labelsPerNamespace} labels each, in Kubernetes' label syntax, within the 1 MiB body limit`,
      '(for a larger cluster, leave out the `kubernetes.io/metadata.name` label: Verdict adds it for Kubernetes 1.22+). Only entries that differ are written.',
      'Changes are seen by admission within the cache TTL (5 s by default) everywhere, at once on the instance that took the sync.',
    ].join('\n'),
    request: { params: Params, body: { content: { 'application/json': { schema: NamespaceSync } }, required: true } },
    responses: {
      200: json(z.object({ count: z.number().int(), written: z.number().int(), removed: z.number().int() }), 'Synced: namespaces now known, entries written, entries removed'),
      ...errorResponses,
    },
  }),
  list: createRoute({
    method: 'get',
    path: '/v1/clusters/{id}/namespaces',
    security: bearer,
    summary: "The cluster's known namespace labels, by name, and where each came from (sync or admission)",
    request: { params: Params, query: PageQuery },
    responses: { 200: json(z.object({ items: z.array(NamespaceEntry), cursor: z.string().nullable() }), 'Namespaces'), ...errorResponses },
  }),
  learn: createRoute({
    method: 'post',
    path: '/v1/admission/{webhookKey}/namespaces',
    summary: "Learning webhook for the cluster's Namespace changes; always allows (the webhook key is the credential)",
    description:
      'Body: an admission.k8s.io/v1 AdmissionReview of a Namespace CREATE, UPDATE or DELETE. The labels are recorded after the answer (not for dry runs); the answer always allows. ' +
      'The generated configuration registers it with failurePolicy Ignore, so even an outage never refuses a namespace.',
    request: { params: z.object({ webhookKey: z.string().openapi({ param: { name: 'webhookKey', in: 'path' } }) }) },
    responses: {
      200: json(AdmissionReviewResponse, 'Allowed'),
      400: json(AdmissionReviewResponse, 'Malformed review'),
      401: json(AdmissionReviewResponse, 'Unknown, revoked or expired webhook key'),
      503: json(AdmissionReviewResponse, 'The key could not be checked within the admission budget; the API server applies failurePolicy Ignore'),
    },
  }),
}

/** Same bound as the validating webhook: a review's object may nest as deep as a manifest. */
const MAX_REVIEW_DEPTH = DEFAULT_LIMITS.maxDepth + 2

/** Whether a parsed JSON value nests `max` or more levels (iterative, so a hostile nest cannot overflow the stack). */
function deeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]]
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [v, depth] = top
    if (v === null || typeof v !== 'object') continue
    if (depth >= max) return true
    for (const child of Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1])
  }
  return false
}

type Refusal = { status: 400 | 401 | 413 | 415 | 503; message: string }

function refuse(c: Context, version: AdmissionReviewVersion, uid: string, f: Refusal): Response {
  return c.json(admissionResponse(version, { uid, allowed: false, status: { code: f.status, message: f.message } }), f.status)
}

export function registerNamespaceRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const namespaces = namespaceCacheFor(deps)
  const admin = requireScope(deps, 'admin')
  // Registered after the cluster routes, whose `/v1/clusters/*` guard has then already admitted an
  // admin; checked again here so the routes stay guarded whatever the registration order.
  app.use('/v1/clusters/:id/namespaces', (c, next) => {
    const p = c.get('principal')
    return p !== undefined && hasScope(p, 'admin') ? next() : admin(c, next)
  })

  app.openapi(routes.put, async (c) => {
    const { tenantId } = tenantOf(c)
    const { id } = c.req.valid('param')
    const r = await deps.stores.namespaces.replace(tenantId, id, c.req.valid('json').namespaces, mutationContext(c, deps))
    if (!r.ok) throw storeFailure(r.error, 'cluster')
    namespaces.synced(tenantId, id)
    return c.json(r.value, 200)
  })

  app.openapi(routes.list, async (c) => {
    const r = await deps.stores.namespaces.list(tenantOf(c).tenantId, c.req.valid('param').id, c.req.valid('query'))
    if (!r.ok) throw storeFailure(r.error, 'cluster')
    return c.json(r.value, 200)
  })

  const now = deps.now
  const clock = now ? () => now().getTime() : Date.now
  const keys = new WebhookKeyCache(deps.stores.keys, deps.cacheTtlMs ?? 5_000, clock)
  const budget = deps.admissionBudgetMs ?? 2_000
  const withinBudget = <T>(work: Promise<T>): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('late')), budget)
    })
    return Promise.race([work, late]).finally(() => clearTimeout(timer))
  }
  // Served without the generated validator, as the validating webhook is: every refusal is an AdmissionReview.
  app.openAPIRegistry.registerPath(routes.learn)
  app.post('/v1/admission/:webhookKey/namespaces', async (c: Context<AppEnv>): Promise<Response> => {
    let body: unknown
    try {
      body = JSON.parse(await readText(c))
    } catch (e) {
      if (e instanceof ApiError && (e.status === 413 || e.status === 415)) return refuse(c, 'v1', '', { status: e.status, message: e.message })
      return refuse(c, 'v1', '', { status: 400, message: e instanceof ApiError ? e.message : 'the body is not valid JSON' })
    }
    if (deeperThan(body, MAX_REVIEW_DEPTH)) return refuse(c, 'v1', '', { status: 400, message: `the review is nested deeper than ${MAX_REVIEW_DEPTH} levels` })
    const parsed = parseAdmissionReview(body)
    if (!parsed.ok) return refuse(c, 'v1', '', { status: 400, message: `invalid AdmissionReview: ${formatReviewIssues(parsed.error)}` })
    const { version, request } = parsed.value
    const secret = c.req.param('webhookKey') ?? ''
    const unauthorized: Refusal = { status: 401, message: 'invalid webhook key' }
    if (!looksLikeSecret(secret, 'webhook')) return refuse(c, version, request.uid, unauthorized)
    let key: Awaited<ReturnType<WebhookKeyCache['resolve']>>
    try {
      key = await withinBudget(keys.resolve(secret))
    } catch {
      // Under failurePolicy Ignore the API server goes ahead; the change is learned next time (or by a sync).
      return refuse(c, version, request.uid, { status: 503, message: 'verdict: the webhook key could not be checked in time' })
    }
    const at = nowIso(deps)
    if (!key || !key.scopes.includes('webhook') || key.clusterId === null || key.revokedAt !== null || (key.expiresAt !== null && key.expiresAt <= at)) {
      return refuse(c, version, request.uid, unauthorized)
    }
    const allowed = { uid: request.uid, allowed: true }
    namespaces.learn({ tenantId: key.tenantId, clusterId: key.clusterId }, request, allowed, background(c, deps), at)
    return c.json(admissionResponse(version, allowed), 200)
  })
}
