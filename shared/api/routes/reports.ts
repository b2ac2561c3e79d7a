/**
 * The report routes [read]: `GET /v1/reports/summary` (from rollups), `GET /v1/reports/what-if`
 * (from the policy's timeline), and the tenant's log settings (`GET`; `PUT` takes admin). The
 * export, the verdict listing and the PolicyReports live beside this file; {@link registerReportRoutes}
 * registers them all.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { AppDeps, AppEnv } from '../env.ts'
import { ApiError } from '../errors.ts'
import { tenantOf } from '../middleware/auth.ts'
import { allClusters, cellsOf, logOf, nowOf, readUpTo, reportScopes } from '../reports/access.ts'
import { bearer, errorResponses, unavailableResponse } from '../reports/openapi.ts'
import { LogSettingsBody, resolveWindow, SummaryQuery, WhatIfQuery } from '../reports/query.ts'
import { Summary, WhatIf } from '../reports/schemas.ts'
import { buildSummary } from '../reports/summary.ts'
import { failedInAudit, whatIfCounts } from '../reports/what-if.ts'
import { planBuckets } from '../reports/window.ts'
import { writerFor } from '../reports/writer.ts'
import { isObject } from '../../lib/json.ts'
import { registerExportRoute } from './reports-export.ts'
import { registerPolicyReportRoute } from './reports-policyreport.ts'
import { registerVerdictRoutes } from './verdicts.ts'

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description })
const DAY_MS = 86_400_000
/** Failures one what-if answer examines at most. */
export const WHAT_IF_MAX = 20_000
const Settings = z.object({ retentionDays: z.number().int() })

const routes = {
  summary: createRoute({
    method: 'get',
    path: '/v1/reports/summary',
    security: bearer,
    summary: 'Compliance per cluster × policy × rule with a daily trend, top violating workloads and silent clusters',
    description: 'Counted from hourly and daily rollups of non-dryRun verdicts (never raw records); the window is rounded out to whole hours.',
    request: { query: SummaryQuery },
    responses: { 200: json(Summary, 'The summary'), ...errorResponses, ...unavailableResponse },
  }),
  whatIf: createRoute({
    method: 'get',
    path: '/v1/reports/what-if',
    security: bearer,
    summary: 'What switching a policy from Audit to Enforce would have denied in the window',
    request: { query: WhatIfQuery },
    responses: { 200: json(WhatIf, 'Requests the policy failed in Audit'), ...errorResponses, ...unavailableResponse },
  }),
  settings: createRoute({
    method: 'get',
    path: '/v1/reports/settings',
    security: bearer,
    summary: "The tenant's verdict-log settings (retention)",
    responses: { 200: json(Settings, 'Settings'), ...errorResponses, ...unavailableResponse },
  }),
  putSettings: createRoute({
    method: 'put',
    path: '/v1/reports/settings',
    security: bearer,
    summary: 'Change the retention of verdicts logged from now on [admin]',
    request: { body: { content: { 'application/json': { schema: LogSettingsBody } }, required: true } },
    responses: { 200: json(Settings, 'Settings'), ...errorResponses, ...unavailableResponse },
  }),
}

/** The policy's id as reports name it (`namespace/name` for a namespaced Policy), from its document. */
function policyIdOf(name: string, doc: Record<string, unknown>): string {
  const meta = isObject(doc.metadata) ? doc.metadata : {}
  return doc.kind === 'Policy' && typeof meta.namespace === 'string' && meta.namespace !== '' ? `${meta.namespace}/${name}` : name
}

export function registerReportRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  app.use('/v1/reports/*', reportScopes(deps))

  app.openapi(routes.summary, async (c) => {
    const log = logOf(deps)
    const { tenantId } = tenantOf(c)
    const q = c.req.valid('query')
    const now = nowOf(deps)
    const window = resolveWindow(q, now, { defaultDays: 7, maxDays: 92 })
    const plan = planBuckets(window.from, window.to)
    const nowIso = now.toISOString()
    const { retentionDays } = await log.settings(tenantId)
    const [cells, workloads, heartbeats, clusters] = await Promise.all([
      cellsOf(log, tenantId, plan, nowIso),
      log.workloads(tenantId, { fromDay: plan.allDays[0] as string, toDay: plan.allDays[plan.allDays.length - 1] as string, now: nowIso }),
      // Heartbeats as far back as anything is kept, so a long-silent cluster still has its last sighting.
      log.heartbeats(tenantId, { fromDay: new Date(now.getTime() - retentionDays * DAY_MS).toISOString().slice(0, 10), toDay: nowIso.slice(0, 10), now: nowIso }),
      allClusters(deps, tenantId),
    ])
    const summary = buildSummary({
      from: plan.from,
      to: plan.to,
      allDays: plan.allDays,
      cells,
      workloads,
      heartbeats,
      clusters: clusters.map((k) => ({ clusterId: k.clusterId, name: k.displayName })),
      filter: { source: q.cluster, policySet: q.policySet },
      now,
    })
    return c.json(summary, 200)
  })

  app.openapi(routes.whatIf, async (c) => {
    const log = logOf(deps)
    const { tenantId } = tenantOf(c)
    const q = c.req.valid('query')
    const set = await deps.stores.policySets.listPolicies(tenantId, q.policySet)
    if (!set.ok) throw new ApiError('not_found', `policy set ${q.policySet} not found`)
    if (!set.value.policies.some((p) => policyIdOf(p.name, p.document) === q.policy)) throw new ApiError('not_found', `policy ${q.policy} is not in set ${q.policySet}`)
    const now = nowOf(deps)
    const { from, to } = resolveWindow(q, now, { defaultDays: 7, maxDays: 31 })
    const nowIso = now.toISOString()
    const [failed, cells] = await Promise.all([
      readUpTo(log, tenantId, { from: from.toISOString(), to: to.toISOString(), policy: q.policy, match: (r) => failedInAudit(r, q.policySet, q.policy), now: nowIso }, WHAT_IF_MAX),
      cellsOf(log, tenantId, planBuckets(from, to), nowIso),
    ])
    const requests = cells.filter((k) => k.sourceType === 'cluster' && k.policySet === q.policySet).reduce((n, k) => n + k.requests, 0)
    const counts = whatIfCounts(failed.records, q.policySet, q.policy)
    return c.json({ policySet: q.policySet, policy: q.policy, from: from.toISOString(), to: to.toISOString(), requests, ...counts, truncated: failed.more }, 200)
  })

  app.openapi(routes.settings, async (c) => {
    const settings = await logOf(deps).settings(tenantOf(c).tenantId)
    return c.json({ retentionDays: settings.retentionDays }, 200)
  })

  app.openapi(routes.putSettings, async (c) => {
    const { tenantId } = tenantOf(c)
    const settings = await logOf(deps).updateSettings(tenantId, c.req.valid('json'))
    writerFor(deps)?.retain(tenantId, settings.retentionDays)
    return c.json({ retentionDays: settings.retentionDays }, 200)
  })

  registerExportRoute(app, deps)
  registerVerdictRoutes(app, deps)
  registerPolicyReportRoute(app, deps)
}
