/**
 * Policies in a set [policy:write; GET also read]. Each policy has its own ETag: updates and
 * deletes need `If-Match` (428 without, 412 when stale); creates may say `If-None-Match: *`.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import { stringify } from 'yaml'
import type { AppDeps, AppEnv } from '../env.ts'
import { policyScopes, tenantOf } from '../middleware/auth.ts'
import { ApiError } from '../errors.ts'
import { readDocuments } from '../body.ts'
import { admitPolicy } from '../policy-gate.ts'
import { lintOnWrite, PolicyWarning } from '../policy-lint.ts'
import { bearer, errorResponses, preconditionResponses } from '../openapi.ts'
import { etagHeader, IdParam, ifMatch, mutationContext, requireIfMatch, storeFailure } from './common.ts'
import { Policy, PolicyName, PolicySet, type PolicyDocument } from '../../store/ports.ts'
import { publishSet } from '../set-cache.ts'

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description })
// `.clone()` first: zod copies `.openapi` onto a schema when it is constructed, and PolicyName may
// have been built before @hono/zod-openapi was loaded (an entry point that imports a store adapter first).
const Params = z.object({ set: IdParam('set'), name: PolicyName.clone().openapi({ param: { name: 'name', in: 'path' } }) })
const PolicySummary = Policy.omit({ document: true })
// Documented loosely: z.json() is recursive, which OpenAPI generators cannot walk.
const PolicyDocumentDoc = z.looseObject({ apiVersion: z.string(), kind: z.string(), metadata: z.looseObject({ name: z.string() }) })
// Lint findings (path, line?, severity, code, message, fix) and loader notes (path, message).
const Warning = PolicyWarning
const PutResult = z.object({ set: PolicySet, policy: PolicySummary, warnings: z.array(Warning) })

const routes = {
  list: createRoute({
    method: 'get',
    path: '/v1/policysets/{set}/policies',
    security: bearer,
    summary: 'List the policies of a set',
    request: { params: z.object({ set: IdParam('set') }) },
    responses: { 200: json(z.object({ set: PolicySet, items: z.array(PolicySummary) }), 'Policies'), ...errorResponses },
  }),
  get: createRoute({
    method: 'get',
    path: '/v1/policysets/{set}/policies/{name}',
    security: bearer,
    summary: 'One policy document (JSON, or YAML with Accept: application/yaml); ETag header',
    request: { params: Params },
    responses: { 200: { content: { 'application/json': { schema: PolicyDocumentDoc }, 'application/yaml': { schema: z.string() } }, description: 'The policy' }, ...errorResponses },
  }),
  put: createRoute({
    method: 'put',
    path: '/v1/policysets/{set}/policies/{name}',
    security: bearer,
    summary: 'Create or update a policy (update: If-Match: "<etag>"; create: optionally If-None-Match: *)',
    request: { params: Params, body: { content: { 'application/yaml': { schema: z.string().openapi({ description: 'one Kyverno policy as YAML or JSON' }) } }, required: true } },
    responses: { 200: json(PutResult, 'Updated'), 201: json(PutResult, 'Created'), ...errorResponses, ...preconditionResponses },
  }),
  delete: createRoute({
    method: 'delete',
    path: '/v1/policysets/{set}/policies/{name}',
    security: bearer,
    summary: 'Delete a policy (If-Match: "<etag>")',
    request: { params: Params },
    responses: { 200: json(z.object({ set: PolicySet }), 'Deleted'), ...errorResponses, ...preconditionResponses },
  }),
}

function wantsYaml(accept: string | undefined): boolean {
  return /\b(application|text)\/(x-)?yaml\b/.test(accept ?? '')
}

export function registerPolicyRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const sets = deps.stores.policySets

  app.openapi(routes.list, async (c) => {
    const r = await sets.listPolicies(tenantOf(c).tenantId, c.req.valid('param').set)
    if (!r.ok) throw storeFailure(r.error, 'policy set')
    return c.json({ set: r.value.set, items: r.value.policies.map(({ document: _d, ...p }) => p) }, 200)
  })

  app.openapi(routes.get, async (c) => {
    const { set, name } = c.req.valid('param')
    const r = await sets.getPolicy(tenantOf(c).tenantId, set, name)
    if (!r.ok) throw storeFailure(r.error, `policy ${name}`)
    c.header('ETag', etagHeader(r.value.etag))
    if (wantsYaml(c.req.header('accept'))) {
      c.header('Content-Type', 'application/yaml; charset=utf-8')
      return c.body(stringify(r.value.document), 200) as never
    }
    return c.json(r.value.document, 200)
  })

  app.openapi(routes.put, async (c) => {
    const { tenantId } = tenantOf(c)
    const { set, name } = c.req.valid('param')
    const docs = await readDocuments(c)
    if (docs.length !== 1) throw new ApiError('bad_request', `expected exactly one policy document, got ${docs.length}`)
    const admitted = admitPolicy(docs[0] ?? null, name)
    const warnings = [...admitted.warnings, ...lintOnWrite(docs[0] ?? null)]
    const etag = ifMatch(c)
    const expect = etag !== undefined ? { etag } : { absent: true as const }
    const r = await sets.putPolicy(tenantId, set, name, docs[0] as PolicyDocument, expect, mutationContext(c, deps))
    if (!r.ok) {
      // Without If-Match the write is a create; hitting an existing policy means the caller must say which version it replaces.
      if (r.error === 'exists' && etag === undefined) {
        if (c.req.header('if-none-match') === '*') throw new ApiError('precondition_failed', `policy ${name} already exists`)
        throw new ApiError('precondition_required', `policy ${name} exists; send If-Match with its ETag to update it`)
      }
      throw storeFailure(r.error, r.error === 'notFound' ? `policy set ${set} or policy ${name}` : `policy ${name}`)
    }
    c.header('ETag', etagHeader(r.value.policy.etag))
    publishSet(c, deps, r.value.set)
    const { document: _d, ...policy } = r.value.policy
    return c.json({ set: r.value.set, policy, warnings }, etag === undefined ? 201 : 200)
  })

  app.openapi(routes.delete, async (c) => {
    const { set, name } = c.req.valid('param')
    const etag = requireIfMatch(c)
    const r = await sets.deletePolicy(tenantOf(c).tenantId, set, name, { etag }, mutationContext(c, deps))
    if (!r.ok) throw storeFailure(r.error, `policy ${name}`)
    publishSet(c, deps, r.value.set)
    return c.json(r.value, 200)
  })
}
