/**
 * The Hono application factory: every runtime (Worker, Lambda, Node) serves the same app built
 * from the adapters it passes in. Routes live in routes/, one group per file.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import { HTTPException } from 'hono/http-exception'
import { ApiError, codeOf, errorBody, statusOf, zodIssues } from './errors.ts'
import type { AppDeps, AppEnv } from './env.ts'
import { renderDocsPage } from './docs-page.ts'
import { registerDashboardRoute } from './routes/dashboard.ts'
import { registerTenantRoutes } from './routes/tenants.ts'
import { registerKeyRoutes } from './routes/keys.ts'
import { registerPolicySetRoutes } from './routes/policy-sets.ts'
import { registerPolicyRoutes } from './routes/policies.ts'
import { registerLibraryRoutes } from './routes/library.ts'
import { registerClusterRoutes } from './routes/clusters.ts'
import { registerNamespaceRoutes } from './routes/namespaces.ts'
import { registerReportRoutes } from './routes/reports.ts'
import { writerFor } from './reports/writer.ts'
import { registerAuditRoutes } from './routes/audit.ts'
import { registerEvaluateRoutes } from './routes/evaluate.ts'
import { registerAdmissionRoutes } from './routes/admission.ts'
import { limitBody, MAX_BODY_BYTES } from './body.ts'
import { setCacheFor } from './set-cache.ts'

export const API_VERSION = '0.1.0'

/** Builds the app for one set of adapters. Never reads the environment. */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const target = (result as { target?: string }).target ?? ''
        const where = target === 'json' ? 'body' : target
        return c.json(errorBody('bad_request', 'the request is invalid', zodIssues(result.error, where), c.get('requestId')), 400)
      }
    },
  })
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer' })

  app.use('*', async (c, next) => {
    c.set('requestId', c.req.header('x-request-id')?.slice(0, 64) || crypto.randomUUID())
    c.set('startedAt', performance.now())
    c.header('x-request-id', c.get('requestId'))
    await next()
  })
  // No body may exceed the limit, whoever reads it (a validator or a handler), with or without a
  // Content-Length. Admission reads its own body so that even a 413 is an AdmissionReview.
  app.use('/v1/*', async (c, next) => {
    if ((c.req.method !== 'POST' && c.req.method !== 'PUT') || c.req.path.startsWith('/v1/admission/')) return next()
    const exceeded = limitBody(c)
    await next()
    // Whatever the reader made of the cut-off body (Hono's validator calls it malformed JSON), it was too large.
    if (exceeded()) c.res = c.json(errorBody('payload_too_large', `body larger than ${MAX_BODY_BYTES} bytes`, undefined, c.get('requestId')), 413)
  })

  const health = createRoute({
    method: 'get',
    path: '/healthz',
    summary: 'Liveness: the app is up (no store round trip)',
    responses: {
      200: {
        content: {
          'application/json': {
            schema: z.object({
              status: z.literal('ok'),
              version: z.string(),
              // This instance's verdict-log writer: batches written, retried, given up (counts only, no tenant data).
              verdictLog: z.object({ batches: z.number(), written: z.number(), duplicates: z.number(), retries: z.number(), failed: z.number(), lost: z.number(), inFlight: z.number() }).optional(),
            }),
          },
        },
        description: 'Up',
      },
    },
  })
  app.openapi(health, (c) => {
    const log = writerFor(deps)
    return c.json({ status: 'ok' as const, version: API_VERSION, ...(log ? { verdictLog: { ...log.metrics } } : {}) }, 200)
  })
  registerTenantRoutes(app, deps)
  registerKeyRoutes(app, deps)
  registerPolicySetRoutes(app, deps)
  registerPolicyRoutes(app, deps)
  registerLibraryRoutes(app, deps)
  // One compiled-set cache per app instance (per isolate on Workers), shared by every path that evaluates.
  const sets = setCacheFor(deps)
  // Before the cluster routes: GET /v1/clusters/{id}/policyreport is a read, answered ahead of their admin guard.
  registerReportRoutes(app, deps)
  registerClusterRoutes(app, deps, sets)
  // After the cluster routes, behind their `/v1/clusters/*` admin guard.
  registerNamespaceRoutes(app, deps)
  registerAuditRoutes(app, deps)
  registerEvaluateRoutes(app, deps, sets)
  registerAdmissionRoutes(app, deps, sets)

  const docConfig = {
    openapi: '3.0.3',
    info: { title: 'Verdict API', version: API_VERSION, description: 'Hosted Kyverno-compatible policy evaluation' },
  }
  app.doc('/openapi.json', docConfig)
  app.get('/docs', (c) => c.html(renderDocsPage(app.getOpenAPIDocument(docConfig) as never)))
  registerDashboardRoute(app)

  app.notFound((c) => c.json(errorBody('not_found', `no route for ${c.req.method} ${new URL(c.req.url).pathname}`, undefined, c.get('requestId')), 404))
  app.onError((e, c) => {
    const requestId = c.get('requestId')
    if (e instanceof ApiError) return c.json(errorBody(e.code, e.message, e.issues, requestId), statusOf(e.code))
    if (e instanceof HTTPException && e.status < 500) {
      // Framework-level refusals (malformed JSON, the 415 media-type gate) keep their status and get the matching code.
      return c.json(errorBody(codeOf(e.status), e.message, undefined, requestId), e.status)
    }
    // Matched by name: the API layer knows storage only through its ports, not the DynamoDB adapter's classes.
    if (e instanceof Error && e.name === 'StoreBusyError') {
      c.header('Retry-After', '1')
      return c.json(errorBody('unavailable', 'the store is busy with concurrent writes; retry shortly', undefined, requestId), 503)
    }
    // An unexpected failure: never echo internals; the request id ties it to the server log.
    console.error(JSON.stringify({ level: 'error', requestId, message: String(e), stack: e instanceof Error ? e.stack : undefined }))
    return c.json(errorBody('internal', 'internal error', undefined, requestId), 500)
  })
  return app
}
