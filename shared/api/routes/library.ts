/**
 * The built-in policy library [GET: read or policy:write; install: policy:write]: list the sets,
 * read one (JSON or YAML, any version), and install one into a policy set of the tenant's in one
 * store write, with Audit or Enforce. Installed policies carry `verdict.dev/library: <set>@<version>`,
 * so installing again upgrades (or, with an explicit version, pins) what the last install put there.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppDeps, AppEnv } from '../env.ts'
import { policyScopes, tenantOf } from '../middleware/auth.ts'
import { ApiError } from '../errors.ts'
import { admitPolicy } from '../policy-gate.ts'
import { bearer, errorResponses, preconditionResponses } from '../openapi.ts'
import { etagHeader, ifMatch, IdParam, mutationContext, requireVersionMatch, storeFailure } from './common.ts'
import { PolicySet, type PolicyDocument, type SetContent } from '../../store/ports.ts'
import { publishSet } from '../set-cache.ts'
import { findLibrarySet, listLibrary, planInstall, type InstallPlan, type LibrarySetVersion } from '../../library/index.ts'

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description })

const SetName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'library set name: lowercase letters, digits and -, at most 63')
  .openapi({ param: { name: 'name', in: 'path' } })
const Semver = z.string().regex(/^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})$/, 'version: MAJOR.MINOR.PATCH, e.g. 1.1.0')
const FailureAction = z.enum(['Audit', 'Enforce'])

const VersionInfo = z.object({ version: z.string(), notes: z.string(), policies: z.array(z.string()) })
const Summary = z.object({ name: z.string(), title: z.string(), description: z.string(), latest: z.string(), versions: z.array(VersionInfo) })
// Documented loosely: z.json() is recursive, which OpenAPI generators cannot walk.
const PolicyDocumentDoc = z.looseObject({ apiVersion: z.string(), kind: z.string(), metadata: z.looseObject({ name: z.string() }) })
const SetVersionDoc = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  version: z.string(),
  notes: z.string(),
  latest: z.string(),
  versions: z.array(z.string()),
  policies: z.array(z.object({ name: z.string(), document: PolicyDocumentDoc })),
})
const InstallBody = z.strictObject({
  policySet: IdParam('policySet').describe('the tenant policy set to install into; created when absent'),
  version: Semver.optional().describe('the library version to install (default: the latest); naming one pins it'),
  failureAction: FailureAction.describe('Audit first (violations become warnings and report entries), then Enforce'),
  ruleFailureActions: z
    .record(z.string().min(1).max(63), FailureAction)
    .optional()
    .describe('per-rule overrides by rule name, e.g. {"sysctls": "Audit"} for one Pod Security control'),
})
const InstallResult = z.object({
  set: PolicySet,
  library: z.object({ name: z.string(), version: z.string() }),
  /** False when the set already held exactly this install (nothing was written). */
  changed: z.boolean(),
  installed: z.array(z.object({ name: z.string(), etag: z.string() })),
  removed: z.array(z.string()),
})

const routes = {
  list: createRoute({
    method: 'get',
    path: '/v1/library',
    security: bearer,
    summary: 'The built-in policy library: sets, versions and descriptions',
    responses: { 200: json(z.object({ items: z.array(Summary) }), 'Library sets'), ...errorResponses },
  }),
  get: createRoute({
    method: 'get',
    path: '/v1/library/{name}',
    security: bearer,
    summary: 'One library set at a version (default latest): its policies as JSON, or as multi-document YAML with ?format=yaml',
    request: { params: z.object({ name: SetName }), query: z.object({ version: Semver.optional(), format: z.enum(['json', 'yaml']).optional() }) },
    responses: { 200: { content: { 'application/json': { schema: SetVersionDoc }, 'application/yaml': { schema: z.string() } }, description: 'The set' }, ...errorResponses },
  }),
  install: createRoute({
    method: 'post',
    path: '/v1/library/{name}/install',
    security: bearer,
    summary: 'Install a library set into a policy set in one write (Audit or Enforce); installing again upgrades or pins',
    description: 'Optional If-Match: "<set version>" makes the install conditional on the set not having changed.',
    request: { params: z.object({ name: SetName }), body: { content: { 'application/json': { schema: InstallBody } }, required: true } },
    responses: { 200: json(InstallResult, 'Installed into an existing set'), 201: json(InstallResult, 'Installed into a new set'), ...errorResponses, ...preconditionResponses },
  }),
}

function librarySet(name: string, version: string | undefined, where: string): LibrarySetVersion {
  const found = findLibrarySet(name, version)
  if (found.ok) return found.value
  if (found.error === 'unknownSet') throw new ApiError('not_found', `library set ${name} not found`)
  throw new ApiError('not_found', `library set ${name} has no version ${version}`, [{ path: `${where}.version`, message: `one of ${listLibrary().find((s) => s.name === name)?.versions.map((v) => v.version).join(', ')}` }])
}

function refused(plan: ReturnType<typeof planInstall>, setId: string): InstallPlan {
  if (plan.ok) return plan.value
  if (plan.error.kind === 'unknownRule') {
    throw new ApiError('bad_request', `the library set has no rule named "${plan.error.rule}"`, [{ path: `body.ruleFailureActions.${plan.error.rule}`, message: 'no such rule in this library set' }])
  }
  throw new ApiError('conflict', `policy set ${setId} already has its own policy named ${plan.error.policy}; rename or delete it before installing`)
}

/** Writes the plan: one replace against the version read (a new set is created first, and undone if the fill fails). */
async function write(c: Context<AppEnv>, deps: AppDeps, setId: string, current: SetContent | null, plan: InstallPlan, description: string): Promise<SetContent> {
  const { tenantId } = tenantOf(c)
  const sets = deps.stores.policySets
  const ctx = mutationContext(c, deps)
  const docs = plan.policies.map((p) => ({ name: p.name, document: p.document as PolicyDocument }))
  if (current) {
    const r = await sets.replace(tenantId, setId, docs, { version: current.set.version }, ctx)
    if (r.ok) return r.value
    // Without If-Match, losing a race is the service's business to report, not a stale precondition of the caller's.
    if (r.error === 'conflict' && ifMatch(c) === undefined) throw new ApiError('conflict', `policy set ${setId} changed during the install; retry`)
    throw storeFailure(r.error, `policy set ${setId}`)
  }
  const created = await sets.create(tenantId, { setId, description }, ctx)
  if (!created.ok) throw new ApiError('conflict', `policy set ${setId} was created concurrently; retry`)
  const undo = () => sets.delete(tenantId, setId, { version: created.value.version }, ctx).catch(() => undefined)
  const filled = await sets.replace(tenantId, setId, docs, { version: created.value.version }, ctx).catch(async (e: unknown) => {
    await undo()
    throw e
  })
  if (!filled.ok) {
    await undo()
    throw storeFailure(filled.error, `policy set ${setId}`)
  }
  return filled.value
}

export function registerLibraryRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  app.use('/v1/library', policyScopes(deps))
  app.use('/v1/library/*', policyScopes(deps))

  app.openapi(routes.list, (c) => c.json({ items: listLibrary() }, 200))

  app.openapi(routes.get, (c) => {
    const { name } = c.req.valid('param')
    const { version, format } = c.req.valid('query')
    const set = librarySet(name, version, 'query')
    c.header('ETag', etagHeader(`${set.name}@${set.version}`))
    if (format === 'yaml' || (format === undefined && /\b(application|text)\/(x-)?yaml\b/.test(c.req.header('accept') ?? ''))) {
      c.header('Content-Type', 'application/yaml; charset=utf-8')
      return c.body(set.policies.map((p) => p.text).join('---\n'), 200) as never
    }
    const { policies, ...rest } = set
    return c.json({ ...rest, policies: policies.map((p) => ({ name: p.name, document: p.document as z.infer<typeof PolicyDocumentDoc> })) }, 200)
  })

  app.openapi(routes.install, async (c) => {
    const { tenantId } = tenantOf(c)
    const { name } = c.req.valid('param')
    const body = c.req.valid('json')
    const set = librarySet(name, body.version, 'body')
    const current = await deps.stores.policySets.listPolicies(tenantId, body.policySet)
    if (!current.ok && ifMatch(c) !== undefined) throw new ApiError('not_found', `policy set ${body.policySet} not found`)
    if (current.ok && ifMatch(c) !== undefined && requireVersionMatch(c) !== current.value.set.version) {
      throw new ApiError('precondition_failed', `policy set ${body.policySet} changed since you read it (stale If-Match); fetch it and retry`)
    }
    const existing = current.ok ? current.value : null
    const plan = refused(
      planInstall(existing?.policies.map((p) => ({ name: p.name, document: p.document })) ?? [], set, { failureAction: body.failureAction, ruleFailureActions: body.ruleFailureActions }),
      body.policySet,
    )
    // The hosted gate applies to library policies like any other: a library that fails it is a defect, caught here.
    for (const p of plan.policies) if (plan.installed.includes(p.name)) admitPolicy(p.document, p.name)
    const library = { name: set.name, version: set.version }
    if (existing && !plan.changed) {
      c.header('ETag', etagHeader(existing.set.version))
      const installed = existing.policies.filter((p) => plan.installed.includes(p.name)).map((p) => ({ name: p.name, etag: p.etag }))
      return c.json({ set: existing.set, library, changed: false, installed, removed: [] }, 200)
    }
    const written = await write(c, deps, body.policySet, existing, plan, `installed from the library: ${set.name}`)
    c.header('ETag', etagHeader(written.set.version))
    publishSet(c, deps, written.set)
    const installed = written.policies.filter((p) => plan.installed.includes(p.name)).map((p) => ({ name: p.name, etag: p.etag }))
    return c.json({ set: written.set, library, changed: true, installed, removed: plan.removed }, existing ? 200 : 201)
  })
}
