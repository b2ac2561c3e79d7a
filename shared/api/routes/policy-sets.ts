/**
 * Policy sets [policy:write; GET also read]: list, get, create-or-replace as a whole (GitOps sync),
 * delete, history and restore. A set's ETag is its version; every change bumps it.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppDeps, AppEnv } from '../env.ts'
import { policyScopes, tenantOf } from '../middleware/auth.ts'
import { ApiError, zodIssues } from '../errors.ts'
import { readDocuments } from '../body.ts'
import { admitPolicy } from '../policy-gate.ts'
import { lintOnWrite, PolicyWarning } from '../policy-lint.ts'
import { bearer, errorResponses, preconditionResponses } from '../openapi.ts'
import { etagHeader, ifMatch, IdParam, mutationContext, PageQuery, requireVersionMatch, storeFailure } from './common.ts'
import { HistoryEntry, PolicySet, Policy, limits, type PolicyDocument } from '../../store/ports.ts'
import { publishSet, retractSet } from '../set-cache.ts'
import { isObject, type JsonValue } from '../../lib/json.ts'

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description })
const SetParam = z.object({ set: IdParam('set') })
const PolicySummary = Policy.omit({ document: true })
const SetWithPolicies = z.object({ set: PolicySet, policies: z.array(PolicySummary) })
// What a PUT answers: the set, and the linter's warnings for each policy written.
const PutSetResult = SetWithPolicies.extend({ warnings: z.array(PolicyWarning.extend({ policy: z.string() })) })
const ReplaceBody = z.strictObject({ description: z.string().max(1000).optional(), policies: z.array(z.record(z.string(), z.json())) })

const routes = {
  list: createRoute({ method: 'get', path: '/v1/policysets', security: bearer, summary: 'List policy sets', request: { query: PageQuery }, responses: { 200: json(z.object({ items: z.array(PolicySet), cursor: z.string().nullable() }), 'Sets'), ...errorResponses } }),
  get: createRoute({ method: 'get', path: '/v1/policysets/{set}', security: bearer, summary: 'A policy set and its policies (ETag: the set version)', request: { params: SetParam }, responses: { 200: json(SetWithPolicies, 'The set'), ...errorResponses } }),
  put: createRoute({
    method: 'put',
    path: '/v1/policysets/{set}',
    security: bearer,
    summary: 'Create a set, or replace all its policies against its version (If-Match: "<version>")',
    description: 'Body: JSON `{description?, policies: [...]}` or a multi-document YAML stream of policies.',
    request: { params: SetParam, body: { content: { 'application/yaml': { schema: z.string().openapi({ description: 'policies as multi-document YAML; or send application/json {description?, policies: [...]}' }) } }, required: true } },
    responses: { 200: json(PutSetResult, 'Replaced'), 201: json(PutSetResult, 'Created'), ...errorResponses, ...preconditionResponses },
  }),
  delete: createRoute({ method: 'delete', path: '/v1/policysets/{set}', security: bearer, summary: 'Delete a set (If-Match: "<version>")', request: { params: SetParam }, responses: { 200: json(PolicySet, 'Deleted'), ...errorResponses, ...preconditionResponses } }),
  history: createRoute({ method: 'get', path: '/v1/policysets/{set}/versions', security: bearer, summary: 'A set\'s history, newest first', request: { params: SetParam, query: PageQuery }, responses: { 200: json(z.object({ items: z.array(HistoryEntry), cursor: z.string().nullable() }), 'History'), ...errorResponses } }),
  restore: createRoute({
    method: 'post',
    path: '/v1/policysets/{set}/versions/{n}/restore',
    security: bearer,
    summary: 'Make an earlier version current again, as a new version (If-Match: "<version>")',
    request: { params: z.object({ set: IdParam('set'), n: z.coerce.number().int().min(1).openapi({ param: { name: 'n', in: 'path' } }) }) },
    responses: { 200: json(SetWithPolicies, 'Restored'), ...errorResponses, ...preconditionResponses },
  }),
}

const summary = (content: { set: z.infer<typeof PolicySet>; policies: z.infer<typeof Policy>[] }) => ({
  set: content.set,
  policies: content.policies.map(({ document: _d, ...rest }) => rest),
})

/** Policies from a PUT body: `{policies: [...]}` JSON, or a stream of policy documents. */
async function bodyPolicies(c: Context): Promise<{ description?: string; policies: JsonValue[] }> {
  const docs = await readDocuments(c)
  const first = docs[0]
  if (docs.length === 1 && isObject(first) && Array.isArray(first.policies)) {
    const parsed = ReplaceBody.safeParse(first)
    if (!parsed.success) throw new ApiError('bad_request', 'invalid policy set body', zodIssues(parsed.error, 'body'))
    return { description: parsed.data.description, policies: parsed.data.policies as JsonValue[] }
  }
  return { policies: docs }
}

export function registerPolicySetRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  app.use('/v1/policysets', policyScopes(deps))
  app.use('/v1/policysets/*', policyScopes(deps))
  const sets = deps.stores.policySets

  app.openapi(routes.list, async (c) => c.json(await sets.list(tenantOf(c).tenantId, c.req.valid('query')), 200))

  app.openapi(routes.get, async (c) => {
    const r = await sets.listPolicies(tenantOf(c).tenantId, c.req.valid('param').set)
    if (!r.ok) throw storeFailure(r.error, 'policy set')
    c.header('ETag', etagHeader(r.value.set.version))
    return c.json(summary(r.value), 200)
  })

  app.openapi(routes.put, async (c) => {
    const { tenantId } = tenantOf(c)
    const setId = c.req.valid('param').set
    const body = await bodyPolicies(c)
    // Validate everything before the first write, so a bad policy never leaves a half-made set.
    const names = new Set<string>()
    const warnings: Array<z.infer<typeof PutSetResult>['warnings'][number]> = []
    const policies = body.policies.map((doc, i) => {
      let admitted
      try {
        admitted = admitPolicy(doc)
      } catch (e) {
        if (e instanceof ApiError) throw new ApiError(e.code, `policies[${i}]: ${e.message}`, e.issues?.map((x) => ({ ...x, path: `policies[${i}].${x.path}` })))
        throw e
      }
      if (names.has(admitted.policy.name)) throw new ApiError('bad_request', `policies[${i}]: duplicate policy name "${admitted.policy.name}"`)
      names.add(admitted.policy.name)
      const policy = admitted.policy.name
      warnings.push(...[...admitted.warnings, ...lintOnWrite(doc, `policies[${i}].`)].map((w) => ({ policy, ...w })))
      return { name: policy, document: doc as PolicyDocument }
    })
    // Bytes, not UTF-16 units: the store measures the UTF-8 snapshot.
    if (new TextEncoder().encode(JSON.stringify(policies)).byteLength > limits.snapshotBytes) {
      throw new ApiError('payload_too_large', `a policy set must stay below ${limits.snapshotBytes} bytes of JSON`)
    }
    const ctx = mutationContext(c, deps)
    const existing = await sets.get(tenantId, setId)
    if (!existing.ok) {
      // As for a policy: an If-Match naming a set that does not exist is a 404, the answer for any set the caller cannot see.
      if (ifMatch(c) !== undefined) throw new ApiError('not_found', `policy set ${setId} not found`)
      const created = await sets.create(tenantId, { setId, description: body.description ?? '' }, ctx)
      if (!created.ok) throw storeFailure(created.error, `policy set ${setId}`)
      if (policies.length === 0) {
        c.header('ETag', etagHeader(created.value.version))
        publishSet(c, deps, created.value)
        return c.json({ set: created.value, policies: [], warnings }, 201)
      }
      // Create and fill are two writes; if the fill fails, undo the create so a refused PUT leaves no
      // empty set behind (the delete is conditional on version 1, so it never removes a concurrent writer's work).
      const undo = () => sets.delete(tenantId, setId, { version: created.value.version }, ctx).catch(() => undefined)
      const filled = await sets.replace(tenantId, setId, policies, { version: created.value.version }, ctx).catch(async (e: unknown) => {
        await undo()
        throw e
      })
      if (!filled.ok) {
        await undo()
        throw storeFailure(filled.error, `policy set ${setId}`)
      }
      c.header('ETag', etagHeader(filled.value.set.version))
      publishSet(c, deps, filled.value.set)
      return c.json({ ...summary(filled.value), warnings }, 201)
    }
    if (c.req.header('if-none-match') === '*') throw new ApiError('precondition_failed', `policy set ${setId} already exists`)
    const version = requireVersionMatch(c)
    const r = await sets.replace(tenantId, setId, policies, { version }, ctx)
    if (!r.ok) throw storeFailure(r.error, `policy set ${setId}`)
    c.header('ETag', etagHeader(r.value.set.version))
    publishSet(c, deps, r.value.set)
    return c.json({ ...summary(r.value), warnings }, 200)
  })

  app.openapi(routes.delete, async (c) => {
    const version = requireVersionMatch(c)
    const ctx = mutationContext(c, deps)
    const r = await sets.delete(tenantOf(c).tenantId, c.req.valid('param').set, { version }, ctx)
    if (!r.ok) throw storeFailure(r.error, 'policy set')
    retractSet(c, deps, { ...r.value, at: ctx.at })
    return c.json(r.value, 200)
  })

  app.openapi(routes.history, async (c) => {
    const r = await sets.history(tenantOf(c).tenantId, c.req.valid('param').set, c.req.valid('query'))
    if (!r.ok) throw storeFailure(r.error, 'policy set')
    return c.json(r.value, 200)
  })

  app.openapi(routes.restore, async (c) => {
    const version = requireVersionMatch(c)
    const { set, n } = c.req.valid('param')
    const r = await sets.restore(tenantOf(c).tenantId, set, n, { version }, mutationContext(c, deps))
    if (!r.ok) throw storeFailure(r.error, r.error === 'notFound' ? `policy set ${set} or its version ${n}` : 'policy set')
    c.header('ETag', etagHeader(r.value.set.version))
    publishSet(c, deps, r.value.set)
    return c.json(summary(r.value), 200)
  })
}
