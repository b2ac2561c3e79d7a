/**
 * Tenant isolation and scopes, generated from the route table. Two tenants with full setups; for
 * every route, B's admin key naming A's resources gets exactly what it gets for ids that exist
 * nowhere (404 for reads and changes, lists without A's items), so no answer reveals that A's
 * resource exists, and A's state is untouched afterwards. Then every route against every narrower
 * key: a `read` key cannot write, an `evaluate` key cannot read sets, a `webhook` key can only admit.
 */
import { expect } from 'vitest'
import type { ContractTest, Kit } from '../contract.ts'
import { expectError, expectReview, expectReviewError, once, type Harness, type Reply } from './helpers.ts'
import { admissionPath, pod, review, SECCOMP, TEAM_LABEL, TEAM_LABEL_POLICY } from './fixtures.ts'
import { ghostTarget, ROUTES, routeName, targetOf, type RouteCase } from './routes.ts'
import { setupTenant, type Key, type TenantWorld } from './world.ts'

/** Both tenants, and A's observable state before B tried anything. */
type World = { h: Harness; a: TenantWorld; b: TenantWorld; before: string }

/** Everything observable about A, to compare before and after B's attempts. */
async function snapshotOf(h: Harness, a: TenantWorld): Promise<string> {
  const get = async (path: string) => {
    const r = await h.call('GET', path, { key: a.admin.secret })
    expect(r.status, path).toBe(200)
    return `${r.headers.get('etag') ?? ''} ${r.text}`
  }
  return [
    await get('/v1/keys?limit=100'),
    await get(`/v1/policysets/${a.setId}`),
    await get(`/v1/policysets/${a.setId}/policies/${a.policyName}`),
    await get(`/v1/policysets/${a.setId}/versions`),
    await get(`/v1/clusters/${a.clusterId}`),
    await get('/v1/clusters'),
    await get('/v1/audit?limit=100'),
  ].join('\n')
}

/** What B's answer must not contain: anything that names A. */
function foreignMarks(a: TenantWorld): string[] {
  return [a.tenantId, a.setId, a.clusterId, a.admin.id, a.evaluate.id, a.read.id, a.write.id, a.webhook.id, a.policyEtag, a.clusterEtag]
}

/** Status and error code: the part of an answer that could tell "exists elsewhere" from "exists nowhere". */
function outcome(r: Reply): string {
  let code = ''
  try {
    code = r.json<{ error?: { code?: string }; response?: { status?: { code?: number } } }>().error?.code ?? ''
  } catch {
    code = 'not json'
  }
  return `${r.status} ${code}`
}

/** The key kinds of the scope matrix, and what each may do. */
const KINDS = ['admin', 'policy:write', 'read', 'evaluate', 'webhook'] as const
type Kind = (typeof KINDS)[number]

function keyOf(a: TenantWorld, kind: Kind): Key {
  return { admin: a.admin, 'policy:write': a.write, read: a.read, evaluate: a.evaluate, webhook: a.webhook }[kind]
}

/** Which key kinds pass each tenant scope (written out, not computed from the app's own check). */
const ALLOWED: Record<string, readonly Kind[]> = {
  admin: ['admin'],
  'policy:write': ['admin', 'policy:write'],
  // Policy-set reads accept `read` or `policy:write`, as the routes document.
  read: ['admin', 'policy:write', 'read'],
  evaluate: ['admin', 'evaluate'],
}

/** The status a key of `kind` gets on `route` when its scope is not enough; `undefined` when it is. */
function refusal(route: RouteCase, kind: Kind): number | undefined {
  if (route.caller === 'public') return undefined
  if (route.caller === 'webhook') return kind === 'webhook' ? undefined : 401
  // The operator's token is not a key; webhook keys are not API keys (both: wrong credential, 401).
  if (route.caller === 'operator' || kind === 'webhook') return 401
  return ALLOWED[route.caller]?.includes(kind) ? undefined : 403
}

export function isolationContract(test: ContractTest): void {
  let shared: (() => Promise<World>) | undefined
  const world = (kit: Kit) =>
    (shared ??= once(async () => {
      const h = await kit.harness()
      const a = await setupTenant(h, 'acme')
      const b = await setupTenant(h, 'globex', { policyYaml: TEAM_LABEL_POLICY, policyName: TEAM_LABEL, failureMode: 'fail-open' })
      return { h, a, b, before: await snapshotOf(h, a) }
    }))()

  test('the route table is every route of the OpenAPI document', async (kit) => {
    const { h } = await world(kit)
    const doc = (await h.call('GET', '/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>()
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    expect(ROUTES.map(routeName).sort()).toEqual(documented.sort())
  })

  for (const route of ROUTES) {
    test(`tenant B's admin on tenant A's resources: ${routeName(route)}`, async (kit) => {
      const { h, a, b } = await world(kit)
      // In the admission path the credential is the path itself: B's admin key goes there.
      const ask = (t: ReturnType<typeof targetOf>) => {
        const { path, options } = route.request({ ...t, webhookSecret: b.admin.secret })
        return { sent: `${path} ${JSON.stringify(options)}`, reply: h.call(route.method, path, { ...options, key: b.admin.secret }) }
      }
      const mine = ask(targetOf(a))
      const theirs = await mine.reply
      const nowhere = await ask(ghostTarget()).reply
      // Ids B itself sent may be echoed back ("policy x not found"); nothing else of A's may appear.
      for (const mark of foreignMarks(a).filter((m) => !mine.sent.includes(m))) expect(theirs.text, `B's answer names A's ${mark}`).not.toContain(mark)
      expect(theirs.text, "B's answer holds a record of A's").not.toContain(`"tenantId":"${a.tenantId}"`)
      if (route.foreign === 'list') {
        expect(theirs.status).toBe(200)
        expect(theirs.json<{ items: unknown[] }>().items.length).toBeGreaterThan(0) // B's own items are there
        return
      }
      expect(theirs.status, theirs.text.slice(0, 300)).toBe(route.foreign.status)
      if (route.caller === 'webhook') expectReviewError(theirs, 401)
      else if (theirs.status >= 400) expectError(theirs, theirs.status)
      // Indistinguishable from naming nothing at all.
      expect(outcome(theirs)).toBe(outcome(nowhere))
    })
  }

  test("A's resources are exactly as they were after all of B's attempts", async (kit) => {
    const { h, a, before } = await world(kit)
    expect(await snapshotOf(h, a)).toBe(before)
    // And A's webhook still enforces A's set.
    const denied = expectReview(await h.call('POST', admissionPath(a.webhook.secret), { json: review(pod('bare', { seccomp: 'none', labels: { team: 'x' } })) }))
    expect(denied.response.status?.message).toContain(SECCOMP)
  })

  test("B's webhook key evaluates B's set only, never A's cluster or set", async (kit) => {
    const { h, b } = await world(kit)
    const path = admissionPath(b.webhook.secret)
    // Passes A's seccomp policy but fails B's label policy: denied by B's.
    const labelless = expectReview(await h.call('POST', path, { json: review(pod('web')) }))
    expect(labelless.response.allowed).toBe(false)
    expect(labelless.response.status?.message).toContain(TEAM_LABEL)
    expect(labelless.response.status?.message).not.toContain(SECCOMP)
    // Fails A's seccomp policy but passes B's: allowed.
    const noSeccomp = expectReview(await h.call('POST', path, { json: review(pod('bare', { seccomp: 'none', labels: { team: 'payments' } })) }))
    expect(noSeccomp.response).toMatchObject({ allowed: true })
  })

  for (const route of ROUTES) {
    test(`scopes on ${routeName(route)}`, async (kit) => {
      const { h, a } = await world(kit)
      for (const kind of KINDS) {
        const expected = refusal(route, kind)
        const key = keyOf(a, kind)
        const { path, options } = route.request({ ...targetOf(a), webhookSecret: key.secret })
        const withKey = { ...options, key: route.caller === 'webhook' ? undefined : key.secret }
        if (expected === undefined) {
          // Allowed: only reads are sent, so the matrix never changes A (writes are covered elsewhere).
          if (route.mutates) continue
          const r = await h.call(route.method, path, withKey)
          expect(r.status, `${kind} key on ${routeName(route)}: ${r.text.slice(0, 200)}`).toBe(200)
          continue
        }
        const r = await h.call(route.method, path, withKey)
        if (route.caller === 'webhook') expectReviewError(r, expected)
        else expect(expectError(r, expected).code, `${kind} key on ${routeName(route)}`).toBe(expected === 401 ? 'unauthorized' : 'forbidden')
      }
    })
  }

  test("the scope matrix left A's resources as they were", async (kit) => {
    const { h, a, before } = await world(kit)
    expect(await snapshotOf(h, a)).toBe(before)
  })
}
