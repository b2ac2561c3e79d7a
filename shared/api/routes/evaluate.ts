/**
 * `POST /v1/evaluate?policySet=NAME&format=json|sarif|junit|text` [evaluate] — CI evaluation of
 * manifests against a stored set. 200 even when resources fail policy: the verdict is in the body.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppDeps, AppEnv } from '../env.ts'
import { requireScope, tenantOf } from '../middleware/auth.ts'
import { ApiError } from '../errors.ts'
import { readText } from '../body.ts'
import { bearer, errorResponses } from '../openapi.ts'
import { background, type SetCache } from '../set-cache.ts'
import { IdParam } from './common.ts'
import { evaluationRecords } from '../reports/record.ts'
import { logVerdicts } from '../reports/writer.ts'
import { buildReport, CONTENT_TYPES, EvaluationReport, formatInputError, formatReport, parseResources, ReportFormat } from '../../report/index.ts'

const Query = z.object({
  policySet: IdParam('policySet').openapi({ param: { name: 'policySet', in: 'query' } }),
  format: ReportFormat.default('json'),
  source: z.string().max(200).optional().describe('pipeline or repository label, recorded with the verdicts (`source: {type: ci, label}`) in the verdict log'),
})

const evaluate = createRoute({
  method: 'post',
  path: '/v1/evaluate',
  security: bearer,
  summary: 'Evaluate manifests (multi-document YAML, JSON object/array, v1 List or AdmissionReview) against a policy set',
  request: { query: Query, body: { content: { 'application/yaml': { schema: z.string() } }, required: true } },
  responses: {
    200: {
      content: { 'application/json': { schema: EvaluationReport }, 'application/sarif+json': { schema: z.string() }, 'application/xml': { schema: z.string() }, 'text/plain': { schema: z.string() } },
      description: 'The report; `verdict` is fail when any resource fails an Enforce rule',
    },
    ...errorResponses,
  },
})

export function registerEvaluateRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps, cache: SetCache): void {
  app.use('/v1/evaluate', requireScope(deps, 'evaluate'))
  app.openapi(evaluate, async (c) => {
    const { policySet, format, source } = c.req.valid('query')
    const text = await readText(c)
    // An empty stream of manifests may be a legitimately empty render, but an empty body is a
    // broken pipeline step; answering "pass" for it would hide that in CI.
    if (text.trim() === '') throw new ApiError('bad_request', 'the request body is empty; send the manifests to evaluate')
    const resources = parseResources(text, { maxResources: 1000 })
    if (!resources.ok) throw new ApiError('bad_request', formatInputError(resources.error))
    const found = await cache.get(tenantOf(c).tenantId, policySet, background(c, deps))
    if (!found.ok) throw new ApiError('not_found', `policy set ${policySet} not found`)
    const report = buildReport(found.set.policies, resources.value, {
      policySet: { name: policySet, version: found.set.version },
      now: deps.now,
    })
    const { tenantId } = tenantOf(c)
    const set = { name: policySet, version: found.set.version }
    const latencyMs = performance.now() - c.get('startedAt')
    const time = (deps.now ?? (() => new Date()))().toISOString()
    logVerdicts(c, deps, tenantId, () => evaluationRecords({ time, label: source ?? null, report, set, latencyMs }))
    c.header('Content-Type', CONTENT_TYPES[format])
    return c.body(formatReport(report, format), 200) as never
  })
}
