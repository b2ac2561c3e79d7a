/**
 * `GET /v1/clusters/{id}/policyreport?format=yaml|json` [read] — the cluster's latest verdict per
 * resource as `wgpolicyk8s.io/v1alpha2` PolicyReports (one per namespace) and a
 * ClusterPolicyReport: multi-document YAML by default (`kubectl apply -f -` ready), or a v1 `List`.
 *
 * Registered before the cluster routes: their `/v1/clusters/*` guard takes `admin`, and this read
 * answers before that guard runs.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import { stringify } from 'yaml'
import type { AppDeps, AppEnv } from '../env.ts'
import { tenantOf } from '../middleware/auth.ts'
import { logOf, nowOf, reportScopes } from '../reports/access.ts'
import { bearer, errorResponses, unavailableResponse } from '../reports/openapi.ts'
import { policyReports } from '../reports/policy-report.ts'
import { PolicyReportQuery } from '../reports/query.ts'
import { IdParam, storeFailure } from './common.ts'

const route = createRoute({
  method: 'get',
  path: '/v1/clusters/{id}/policyreport',
  security: bearer,
  summary: "The cluster's latest verdict per resource as wgpolicyk8s.io/v1alpha2 PolicyReport and ClusterPolicyReport",
  description:
    'Resources the cluster created or updated (and did not delete) within the retention, newest verdict each; dryRun requests and unnamed (generateName) objects are left out.',
  request: { params: z.object({ id: IdParam('id') }), query: PolicyReportQuery },
  responses: {
    200: {
      content: { 'application/yaml': { schema: z.string() }, 'application/json': { schema: z.object({ apiVersion: z.literal('v1'), kind: z.literal('List'), items: z.array(z.record(z.string(), z.unknown())) }) } },
      description: 'The reports',
    },
    ...errorResponses,
    ...unavailableResponse,
  },
})

export function registerPolicyReportRoute(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  app.use('/v1/clusters/:id/policyreport', reportScopes(deps))
  app.openapi(route, async (c) => {
    const log = logOf(deps)
    const { tenantId } = tenantOf(c)
    const { id } = c.req.valid('param')
    const { format } = c.req.valid('query')
    const cluster = await deps.stores.clusters.get(tenantId, id)
    if (!cluster.ok) throw storeFailure(cluster.error, 'cluster')
    const now = nowOf(deps)
    const docs = policyReports(id, await log.latest(tenantId, id, { now: now.toISOString() }))
    if (format === 'json') return c.json({ apiVersion: 'v1' as const, kind: 'List' as const, items: docs }, 200)
    c.header('Content-Type', 'application/yaml; charset=utf-8')
    return c.body(docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n'), 200) as never
  })
}
