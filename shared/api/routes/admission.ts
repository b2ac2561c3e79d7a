/**
 * `POST /v1/admission/{webhookKey}/validate` — the cluster's webhook. The key in the path is a
 * per-cluster, admission-only capability. The answer always arrives within the budget: on a
 * timeout or store outage the cluster's failure mode decides. Errors are AdmissionReview-shaped so
 * the API server reports them; the key never appears in anything we log.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppDeps, AppEnv } from '../env.ts'
import { hashSecret, looksLikeSecret } from '../auth/secrets.ts'
import { readText } from '../body.ts'
import { ApiError } from '../errors.ts'
import { DEFAULT_LIMITS } from '../../kube/decode.ts'
import type { SetCache } from '../set-cache.ts'
import { TtlCache } from '../ttl-cache.ts'
import { decideAdmission, failureResponse, type ClusterSettings } from '../admission/index.ts'
import { admissionResponse, AdmissionReviewResponse, formatReviewIssues, parseAdmissionReview, type AdmissionRequest, type AdmissionReviewVersion } from '../../kube/admission.ts'
import type { ApiKey, Cluster } from '../../store/ports.ts'

const route = createRoute({
  method: 'post',
  path: '/v1/admission/{webhookKey}/validate',
  summary: 'Validating admission webhook (AdmissionReview v1 or v1beta1); the webhook key is the credential',
  request: {
    // Any string: the handler checks the key's shape itself, so a malformed key gets a 401 AdmissionReview, not a generic 400.
    params: z.object({ webhookKey: z.string().openapi({ param: { name: 'webhookKey', in: 'path' } }) }),
  },
  description: 'Body: an admission.k8s.io/v1 (or v1beta1) AdmissionReview, read and validated by the handler so that even a malformed review gets an AdmissionReview-shaped answer.',
  responses: {
    200: { content: { 'application/json': { schema: AdmissionReviewResponse } }, description: 'The decision' },
    400: { content: { 'application/json': { schema: AdmissionReviewResponse } }, description: 'Malformed review; the error is in response.status' },
    401: { content: { 'application/json': { schema: AdmissionReviewResponse } }, description: 'Unknown, revoked or expired webhook key' },
    503: { content: { 'application/json': { schema: AdmissionReviewResponse } }, description: 'No decision in time and the cluster is unknown; the API server applies its failurePolicy' },
  },
})

type Failure = { status: 400 | 401 | 413 | 415 | 503; message: string }

/**
 * How deep a review may nest: its object (two levels down) as deep as a manifest `POST /v1/evaluate`
 * accepts. JSON.parse copes with far deeper input, but the engine walks objects recursively.
 */
const MAX_REVIEW_DEPTH = DEFAULT_LIMITS.maxDepth + 2

/** Whether a parsed JSON value nests deeper than `max` (iterative: a hostile nest must not overflow the stack here). */
function deeperThan(value: unknown, max: number): boolean {
  const stack: Array<{ v: object; depth: number }> = value !== null && typeof value === 'object' ? [{ v: value, depth: 0 }] : []
  for (let top = stack.pop(); top; top = stack.pop()) {
    if (top.depth >= max) return true
    for (const child of Object.values(top.v)) if (child !== null && typeof child === 'object') stack.push({ v: child as object, depth: top.depth + 1 })
  }
  return false
}

function reviewError(c: Context, version: AdmissionReviewVersion, uid: string, f: Failure): Response {
  return c.json(admissionResponse(version, { uid, allowed: false, status: { code: f.status, message: f.message } }), f.status)
}

class Deadline extends Error {}

export function registerAdmissionRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps, cache: SetCache): void {
  const ttl = deps.cacheTtlMs ?? 5_000
  const clock = () => (deps.now ?? (() => new Date()))().getTime()
  // Bounded staleness, documented: a revoked webhook key or a changed cluster is seen within `ttl`.
  const keys = new TtlCache<ApiKey | null>(ttl, clock)
  const clusters = new TtlCache<Cluster>(ttl, clock)
  const budget = deps.admissionBudgetMs ?? 2_000

  app.openapi(route, (async (c: Context<AppEnv>): Promise<Response> => {
    let text: string
    try {
      text = await readText(c)
    } catch (e) {
      // Too large and wrong content type keep their status (413, 415), still in AdmissionReview shape.
      const status = e instanceof ApiError && (e.status === 413 || e.status === 415) ? e.status : 400
      return reviewError(c, 'v1', '', { status, message: e instanceof Error ? e.message : 'unreadable body' })
    }
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      return reviewError(c, 'v1', '', { status: 400, message: 'the body is not valid JSON' })
    }
    if (deeperThan(body, MAX_REVIEW_DEPTH)) return reviewError(c, 'v1', '', { status: 400, message: `the review is nested deeper than ${MAX_REVIEW_DEPTH} levels` })
    const parsed = parseAdmissionReview(body)
    if (!parsed.ok) {
      const uid = typeof (body as { request?: { uid?: unknown } })?.request?.uid === 'string' ? String((body as { request: { uid: string } }).request.uid) : ''
      return reviewError(c, 'v1', uid, { status: 400, message: `invalid AdmissionReview: ${formatReviewIssues(parsed.error)}` })
    }
    const { version, request } = parsed.value
    const webhookKey = c.req.param('webhookKey') ?? ''
    if (!looksLikeSecret(webhookKey, 'webhook')) return reviewError(c, version, request.uid, { status: 401, message: 'invalid webhook key' })

    let cluster: Cluster | undefined
    const work = (async () => {
      const hash = await hashSecret(webhookKey)
      let key = keys.get(hash)
      if (key === undefined) {
        key = await deps.stores.keys.findByHash(hash)
        keys.set(hash, key)
      }
      const now = new Date(clock()).toISOString()
      if (!key || !key.scopes.includes('webhook') || key.clusterId === null || key.revokedAt !== null || (key.expiresAt !== null && key.expiresAt <= now)) {
        return { kind: 'unauthorized' as const }
      }
      const ck = `${key.tenantId}\u001f${key.clusterId}`
      cluster = clusters.get(ck)
      if (!cluster) {
        const r = await deps.stores.clusters.get(key.tenantId, key.clusterId)
        if (!r.ok) return { kind: 'unauthorized' as const }
        cluster = r.value
        clusters.set(ck, cluster)
      }
      const set = await cache.get(key.tenantId, cluster.policySetId)
      if (!set.ok) throw new Error(`policy set ${cluster.policySetId} of cluster ${cluster.clusterId} not found`)
      const settings: ClusterSettings = { id: cluster.clusterId, namespaceExclusions: cluster.namespaceExclusions, failureMode: cluster.failureMode }
      return { kind: 'decided' as const, decision: decideAdmission(request as AdmissionRequest, set.set, settings, { now: deps.now }) }
    })()

    let timer: ReturnType<typeof setTimeout> | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Deadline()), budget)
    })
    try {
      const outcome = await Promise.race([work, deadline])
      if (outcome.kind === 'unauthorized') return reviewError(c, version, request.uid, { status: 401, message: 'invalid webhook key' })
      return c.json(admissionResponse(version, outcome.decision.response), 200)
    } catch (e) {
      work.catch(() => undefined) // the late result, if any, is dropped
      const reason = e instanceof Deadline ? `no decision within ${budget} ms` : 'internal error while deciding'
      if (!(e instanceof Deadline)) console.error(JSON.stringify({ level: 'error', requestId: c.get('requestId'), route: 'admission', message: String(e) }))
      // Without the cluster we cannot know its failure mode: a 503 lets the API server apply the failurePolicy we generated for it.
      if (!cluster) return reviewError(c, version, request.uid, { status: 503, message: `verdict: ${reason}` })
      return c.json(admissionResponse(version, failureResponse(request, cluster, reason)), 200)
    } finally {
      clearTimeout(timer)
    }
  }) as never)
}
