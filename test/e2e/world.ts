/**
 * A tenant's world for the dashboard test, built over HTTP against a running server: two policy
 * sets, three clusters, and verdicts produced the only way production produces them, by POSTing
 * AdmissionReviews to each cluster's webhook URL. Also what those reviews must add up to, derived
 * from the seed itself (not from the API), so a test can tell a wrong API from a wrong page.
 */
import { expect } from 'vitest'

/** An Enforce policy whose message carries markup-like text: the page must show it, not parse it. */
const requireTeam = (action: 'Enforce' | 'Audit') => ({
  apiVersion: 'kyverno.io/v1',
  kind: 'ClusterPolicy',
  metadata: { name: 'require-team' },
  spec: {
    validationFailureAction: action,
    rules: [
      {
        name: 'team-label',
        match: { any: [{ resources: { kinds: ['Pod'] } }] },
        validate: { message: 'pods need a <b>team</b> label & an owner', pattern: { metadata: { labels: { team: '?*' } } } },
      },
    ],
  },
})
const disallowLatest = {
  apiVersion: 'kyverno.io/v1',
  kind: 'ClusterPolicy',
  metadata: { name: 'disallow-latest' },
  spec: {
    validationFailureAction: 'Audit',
    rules: [
      {
        name: 'pinned-tag',
        match: { any: [{ resources: { kinds: ['Pod'] } }] },
        validate: { message: 'images must be pinned, not :latest', pattern: { spec: { containers: [{ image: '!*:latest' }] } } },
      },
    ],
  },
}

/** One review to send: a Pod with or without the team label, a pinned or :latest image. */
type Send = { cluster: string; name: string; namespace: string; team: boolean; latest: boolean; operation?: 'CREATE' | 'UPDATE'; dryRun?: boolean; gapMin: number }

export type World = {
  tenantId: string
  adminKey: string
  readKey: string
  /** clusterId → display name (one holds markup, to prove the page escapes it). */
  clusters: Record<string, string>
  sent: Send[]
  /** `${clusterId}/${policy}` → pass/fail counts the non-dryRun reviews must produce. */
  expected: Map<string, { pass: number; fail: number }>
}

export const XSS_NAME = 'Prod US <img src=x onerror="window.__xss=1">'

export class Api {
  constructor(readonly base: string) {}
  async call(method: string, path: string, key: string | null, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(this.base + path, {
      method,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : null }
  }
  async ok(method: string, path: string, key: string | null, body?: unknown): Promise<any> {
    const r = await this.call(method, path, key, body)
    expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300)
    return r.body
  }
}

function review(s: Send, uid: string) {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: s.name, namespace: s.namespace, labels: s.team ? { team: 'shop' } : {} },
    spec: { containers: [{ name: 'app', image: s.latest ? 'registry.example/app:latest' : 'registry.example/app:1.4.2' }] },
  }
  const compliant = { ...pod, metadata: { ...pod.metadata, labels: { team: 'shop' } }, spec: { containers: [{ name: 'app', image: 'registry.example/app:1.4.1' }] } }
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid,
      kind: { group: '', version: 'v1', kind: 'Pod' },
      resource: { group: '', version: 'v1', resource: 'pods' },
      name: s.name,
      namespace: s.namespace,
      operation: s.operation ?? 'CREATE',
      userInfo: { username: 'ci-bot' },
      object: pod,
      // The previous version complied: an update that keeps an existing violation would be let
      // through (Kyverno's allowExistingViolations), and these figures count new ones.
      oldObject: s.operation === 'UPDATE' ? compliant : null,
      dryRun: s.dryRun ?? false,
    },
  }
}

/**
 * The reviews, in the order (and, on the app's clock, the minutes apart) they arrive: prod-us calls
 * every 25 minutes and then stops, while staging and prod-eu keep calling for over two hours more,
 * so prod-us is silent by the end (quiet for more than 3 × its usual gap).
 */
function plan(): Send[] {
  const sends: Send[] = [
    { cluster: 'prod-us', name: 'checkout', namespace: 'shop', team: false, latest: true, gapMin: 0 },
    { cluster: 'prod-us', name: 'checkout', namespace: 'shop', team: false, latest: true, operation: 'UPDATE', gapMin: 25 },
    { cluster: 'prod-us', name: 'checkout', namespace: 'shop', team: false, latest: true, operation: 'UPDATE', gapMin: 25 },
    { cluster: 'prod-us', name: 'cart', namespace: 'shop', team: true, latest: false, gapMin: 25 },
    { cluster: 'staging', name: 'web', namespace: 'shop', team: true, latest: false, gapMin: 2 },
    { cluster: 'staging', name: 'api', namespace: 'shop', team: true, latest: false, gapMin: 2 },
  ]
  // More failures in one cell than a drill-down page holds (50), so "Load more" has work to do.
  for (let i = 0; i < 60; i++) sends.push({ cluster: 'staging', name: `batch-${String(i).padStart(2, '0')}`, namespace: 'batch', team: false, latest: false, gapMin: 2 })
  sends.push(
    { cluster: 'prod-eu', name: 'web', namespace: 'shop', team: true, latest: false, gapMin: 2 },
    { cluster: 'prod-eu', name: 'web', namespace: 'shop', team: true, latest: false, operation: 'UPDATE', gapMin: 2 },
    { cluster: 'prod-eu', name: 'api', namespace: 'shop', team: true, latest: true, gapMin: 2 },
    { cluster: 'prod-eu', name: 'cron', namespace: 'ops', team: false, latest: false, gapMin: 2 },
    { cluster: 'prod-eu', name: 'worker', namespace: 'ops', team: false, latest: true, gapMin: 2 },
    { cluster: 'prod-eu', name: 'cache', namespace: 'shop', team: true, latest: false, gapMin: 2 },
    // A dry run is logged but never counted in compliance.
    { cluster: 'prod-eu', name: 'trial', namespace: 'ops', team: false, latest: true, dryRun: true, gapMin: 2 },
  )
  return sends
}

/** How long the plan spans on the app's clock (start it at least this long before now). */
export const PLAN_MINUTES = plan().reduce((m, s) => m + s.gapMin, 0) + 1
/** The cluster the plan leaves silent. */
export const SILENT_CLUSTER = 'prod-us'

/**
 * Builds the world. `advance` moves the app's clock on by the plan's gap before each review.
 * `settled` runs after each review: the log is written after the answer, and a test machine's
 * DynamoDB Local falls behind if a loop outpaces it (a real cluster's webhook calls are minutes
 * apart), so the caller waits there for the writer to drain.
 */
export async function buildWorld(api: Api, rootToken: string, clock: { advance(ms: number): void; settled(): Promise<void> }): Promise<World> {
  const tenantId = 'acme'
  const adminKey = (await api.ok('POST', '/v1/tenants', rootToken, { tenantId, name: 'Acme' })).secret as string
  const readKey = (await api.ok('POST', '/v1/keys', adminKey, { name: 'dashboard', scopes: ['read'] })).secret as string
  // Production enforces the team label; staging only audits it.
  await api.ok('PUT', '/v1/policysets/prod', adminKey, { policies: [requireTeam('Enforce'), disallowLatest] })
  await api.ok('PUT', '/v1/policysets/staging', adminKey, { policies: [requireTeam('Audit'), disallowLatest] })
  const clusters: Record<string, string> = { 'prod-eu': 'Prod EU', 'prod-us': XSS_NAME, staging: 'Staging' }
  const webhookKeys: Record<string, string> = {}
  for (const [clusterId, displayName] of Object.entries(clusters)) {
    const policySetId = clusterId === 'staging' ? 'staging' : 'prod'
    const r = await api.ok('POST', '/v1/clusters', adminKey, { clusterId, displayName, policySetId, failureMode: 'fail-closed', kubernetesVersion: '1.30' })
    webhookKeys[clusterId] = r.secret
  }

  const sent = plan()
  const expected = new Map<string, { pass: number; fail: number }>()
  let n = 0
  for (const s of sent) {
    const uid = `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`
    clock.advance(s.gapMin * 60_000)
    const r = await api.call('POST', `/v1/admission/${webhookKeys[s.cluster]}/validate`, null, review(s, uid))
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    const enforcing = s.cluster !== 'staging'
    expect(r.body.response.uid).toBe(uid)
    expect(r.body.response.allowed, `${s.cluster} ${s.name}: ${JSON.stringify(r.body.response)}`).toBe(s.team || !enforcing)
    await clock.settled()
    if (s.dryRun) continue
    for (const [policy, passed] of [['require-team', s.team], ['disallow-latest', !s.latest]] as const) {
      const key = `${s.cluster}/${policy}`
      const c = expected.get(key) ?? { pass: 0, fail: 0 }
      if (passed) c.pass++
      else c.fail++
      expected.set(key, c)
    }
  }
  return { tenantId, adminKey, readKey, clusters, sent, expected }
}
