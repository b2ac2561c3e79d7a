/**
 * `POST /v1/admission/{webhookKey}/validate` — the cluster's webhook. The key in the path is a
 * per-cluster, admission-only capability. The answer always arrives within the budget: on a
 * timeout or store outage the cluster's failure mode decides. Errors are AdmissionReview-shaped so
 * the API server reports them; the key never appears in anything we log.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppDeps, AppEnv } from '../env.ts'
import { looksLikeSecret } from '../auth/secrets.ts'
import { WebhookKeyCache } from '../auth/webhook-keys.ts'
import { readText } from '../body.ts'
import { ApiError } from '../errors.ts'
import { DEFAULT_LIMITS } from '../../kube/decode.ts'
import { background, type SetCache } from '../set-cache.ts'
import { logAdmission } from '../reports/admission-log.ts'
import { TtlCache } from '../ttl-cache.ts'
import { LOOKUP, namespaceCacheFor } from '../namespace-labels-cache.ts'
import type { NamespaceContext } from '../admission/namespace-labels.ts'
import { decideAdmission, failureResponse, type AdmissionDecision, type CompiledSet } from '../admission/index.ts'
import {
  admissionResponse,
  AdmissionReviewResponse,
  formatReviewIssues,
  parseAdmissionReview,
  type AdmissionRequest,
  type AdmissionResponse,
  type AdmissionReviewVersion,
  type ParsedReview,
} from '../../kube/admission.ts'
import type { ApiKey, Cluster } from '../../store/ports.ts'

const route = createRoute({
  method: 'post',
  path: '/v1/admission/{webhookKey}/validate',
  summary: 'Validating admission webhook (AdmissionReview v1 or v1beta1); the webhook key is the credential',
  request: {
    // For the document only (no validator runs, see the registration below): the handler checks the key's shape itself, so a malformed key gets a 401 AdmissionReview.
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

/** Whether a parsed JSON value nests `max` or more levels below `value`. Recursion is bounded by `max`, so a hostile nest cannot overflow the stack. */
function deeperThan(value: unknown, max: number): boolean {
  if (value === null || typeof value !== 'object') return false
  if (max <= 0) return true
  if (Array.isArray(value)) {
    for (const child of value) if (deeperThan(child, max - 1)) return true
    return false
  }
  for (const k in value) if (deeperThan((value as Record<string, unknown>)[k], max - 1)) return true
  return false
}

function reviewError(c: Context, version: AdmissionReviewVersion, uid: string, f: Failure): Response {
  return c.json(admissionResponse(version, { uid, allowed: false, status: { code: f.status, message: f.message } }), f.status)
}

/** The review in the body, or the AdmissionReview-shaped refusal to send instead. */
async function readReview(c: Context): Promise<ParsedReview | Response> {
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
  return parsed.value
}

/** A webhook key that may call admission right now: live, webhook-scoped and bound to a cluster. */
type WebhookKey = ApiKey & { clusterId: string }

function admits(key: ApiKey | null, nowIso: string): key is WebhookKey {
  return !!key && key.scopes.includes('webhook') && key.clusterId !== null && key.revokedAt === null && (key.expiresAt === null || key.expiresAt > nowIso)
}

/** What a final answer came from: the cluster always; the set and decision unless the failure mode answered. */
interface Verdict {
  cluster: Cluster
  set?: CompiledSet
  decision?: AdmissionDecision
  response: AdmissionResponse
}

const UNAUTHORIZED: Failure = { status: 401, message: 'invalid webhook key' }

class Deadline extends Error {}

export function registerAdmissionRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps, cache: SetCache): void {
  const ttl = deps.cacheTtlMs ?? 5_000
  const now = deps.now
  const clock = now ? () => now().getTime() : Date.now
  // Bounded staleness, documented: a revoked webhook key or a changed cluster is seen within `ttl`.
  const keys = new WebhookKeyCache(deps.stores.keys, ttl, clock)
  const clusters = new TtlCache<Cluster>(ttl, clock)
  const budget = deps.admissionBudgetMs ?? 2_000
  const clusterKey = (key: WebhookKey) => `${key.tenantId}\u001f${key.clusterId}`

  // Namespace labels for `namespaceSelector` rules, looked up only for requests whose kind has one.
  const namespaces = namespaceCacheFor(deps)

  const decide = (request: AdmissionRequest, set: CompiledSet, cluster: Cluster, namespace?: NamespaceContext): AdmissionDecision =>
    decideAdmission(request, set, { id: cluster.clusterId, namespaceExclusions: cluster.namespaceExclusions, failureMode: cluster.failureMode }, { now: deps.now, namespace })

  /**
   * The one place an admission verdict becomes final: the policy decision, or the cluster's failure
   * mode when none came in time. Anything recorded per verdict belongs here.
   */
  const final = (c: Context<AppEnv>, version: AdmissionReviewVersion, request: AdmissionRequest, verdict: Verdict): Response => {
    // The verdict log, after the response: policy decisions only (a failure-mode answer evaluated nothing).
    if (verdict.set && verdict.decision) logAdmission(c, deps, { request, cluster: verdict.cluster, set: verdict.set, decision: verdict.decision })
    // An admitted Namespace change teaches its labels (after the response).
    if (request.kind.kind === 'Namespace') namespaces.learn(verdict.cluster, request, verdict.response, background(c, deps), new Date(clock()).toISOString())
    return c.json(admissionResponse(version, verdict.response), 200)
  }

  /** The answer when no decision could be made; without the cluster, its failure mode is unknown. */
  const undecided = (c: Context<AppEnv>, version: AdmissionReviewVersion, request: AdmissionRequest, cluster: Cluster | undefined, e: unknown): Response => {
    const reason = e instanceof Deadline ? `no decision within ${budget} ms` : 'internal error while deciding'
    if (!(e instanceof Deadline)) console.error(JSON.stringify({ level: 'error', requestId: c.get('requestId'), route: 'admission', message: String(e) }))
    // A 503 lets the API server apply the failurePolicy we generated for the cluster.
    if (!cluster) return reviewError(c, version, request.uid, { status: 503, message: `verdict: ${reason}` })
    return final(c, version, request, { cluster, response: failureResponse(request, cluster, reason) })
  }

  // Documented like every route, but served without the generated parameter validator: the key's
  // shape is checked below (a malformed key must get a 401 AdmissionReview), and this is the hot path.
  app.openAPIRegistry.registerPath(route)
  app.post('/v1/admission/:webhookKey/validate', async (c: Context<AppEnv>): Promise<Response> => {
    const review = await readReview(c)
    if (review instanceof Response) return review
    const { version, request } = review
    const webhookKey = c.req.param('webhookKey') ?? ''
    if (!looksLikeSecret(webhookKey, 'webhook')) return reviewError(c, version, request.uid, UNAUTHORIZED)

    // Warm: key, cluster and set all cached here, so the decision is synchronous and no deadline is needed.
    const known = keys.peek(webhookKey)
    if (known !== undefined) {
      if (!admits(known, new Date(clock()).toISOString())) return reviewError(c, version, request.uid, UNAUTHORIZED)
      const cluster = clusters.get(clusterKey(known))
      const set = cluster && cache.peek(known.tenantId, cluster.policySetId)
      const ns = cluster && set ? namespaces.peek(cluster, set, request) : LOOKUP
      if (cluster && set && ns !== LOOKUP) {
        let decision: AdmissionDecision
        try {
          decision = decide(request, set, cluster, ns)
        } catch (e) {
          return undecided(c, version, request, cluster, e)
        }
        return final(c, version, request, { cluster, set, decision, response: decision.response })
      }
    }

    let cluster: Cluster | undefined
    const work = (async () => {
      const key = await keys.resolve(webhookKey)
      if (!admits(key, new Date(clock()).toISOString())) return { kind: 'unauthorized' as const }
      const ck = clusterKey(key)
      cluster = clusters.get(ck)
      if (!cluster) {
        const r = await deps.stores.clusters.get(key.tenantId, key.clusterId)
        if (!r.ok) return { kind: 'unauthorized' as const }
        cluster = r.value
        clusters.set(ck, cluster)
      }
      const set = await cache.get(key.tenantId, cluster.policySetId, background(c, deps))
      if (!set.ok) throw new Error(`policy set ${cluster.policySetId} of cluster ${cluster.clusterId} not found`)
      const ns = await namespaces.resolve(cluster, set.set, request)
      return { kind: 'decided' as const, verdict: { cluster, set: set.set, decision: decide(request, set.set, cluster, ns) } }
    })()

    let timer: ReturnType<typeof setTimeout> | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Deadline()), budget)
    })
    try {
      const outcome = await Promise.race([work, deadline])
      if (outcome.kind === 'unauthorized') return reviewError(c, version, request.uid, UNAUTHORIZED)
      return final(c, version, request, { ...outcome.verdict, response: outcome.verdict.decision.response })
    } catch (e) {
      work.catch(() => undefined) // the late result, if any, is dropped
      return undecided(c, version, request, cluster, e)
    } finally {
      clearTimeout(timer)
    }
  })
}
