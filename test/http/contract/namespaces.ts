/**
 * Namespace labels at admission: a policy that denies Pods in namespaces labelled env=prod,
 * decided on labels synced through `PUT /v1/clusters/{id}/namespaces` and learned from the
 * cluster's Namespace changes (the learning webhook, `POST /v1/admission/{key}/namespaces`).
 * Learned writes land after the answer: in process `kit.settle` awaits them, a runtime target polls.
 */
import { expect } from 'vitest'
import { parse } from 'yaml'
import type { JsonObject } from '../../../shared/lib/json.ts'
import type { NamespaceEntry } from '../../../shared/store/ports.ts'
import type { ContractTest, Kit } from '../contract.ts'
import { expectError, expectIssue, expectReview, expectReviewError, TEST_CACHE_TTL_MS, type Harness } from './helpers.ts'
import { admissionPath, pod, review } from './fixtures.ts'
import { eventually } from './reports-helpers.ts'
import { setupTenant, type TenantWorld } from './world.ts'

export const NO_PODS_IN_PROD = 'no-pods-in-prod'

/** Denies every Pod in a namespace labelled env=prod (Kyverno reads the labels from its informer). */
export const NO_PODS_IN_PROD_POLICY = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: ${NO_PODS_IN_PROD}
spec:
  validationFailureAction: Enforce
  rules:
    - name: deny-prod
      match:
        any:
          - resources:
              kinds: [Pod]
              namespaceSelector:
                matchLabels:
                  env: prod
      validate:
        message: Pods may not run in production namespaces
        deny: {}
`

export const namespacesPath = (webhookKey: string): string => `/v1/admission/${encodeURIComponent(webhookKey)}/namespaces`

/** The AdmissionReview the API server sends the learning webhook for a Namespace change. */
export function namespaceReview(operation: 'CREATE' | 'UPDATE' | 'DELETE', name: string, labels: Record<string, string>, o: { dryRun?: boolean } = {}): JsonObject {
  const object: JsonObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } } }
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: crypto.randomUUID(),
      kind: { group: '', version: 'v1', kind: 'Namespace' },
      resource: { group: '', version: 'v1', resource: 'namespaces' },
      name,
      namespace: name,
      operation,
      userInfo: { username: 'alice', groups: ['system:authenticated'] },
      object: operation === 'DELETE' ? null : object,
      oldObject: operation === 'CREATE' ? null : { ...object, metadata: { name, labels: { 'kubernetes.io/metadata.name': name } } },
      dryRun: o.dryRun ?? false,
    },
  }
}

const sync = (h: Harness, t: TenantWorld, namespaces: Array<{ name: string; labels: Record<string, string> }>, key = t.admin.secret) =>
  h.call('PUT', `/v1/clusters/${t.clusterId}/namespaces`, { key, json: { namespaces } })

const podIn = (h: Harness, t: TenantWorld, namespace: string) => h.call('POST', admissionPath(t.webhook.secret), { json: review(pod('web', { namespace })) })

async function known(h: Harness, t: TenantWorld): Promise<Record<string, NamespaceEntry>> {
  const r = await h.call('GET', `/v1/clusters/${t.clusterId}/namespaces?limit=100`, { key: t.admin.secret })
  expect(r.status, r.text.slice(0, 300)).toBe(200)
  return Object.fromEntries(r.json<{ items: NamespaceEntry[] }>().items.map((e) => [e.name, e]))
}

/** Waits until the known namespaces satisfy `ok` (learned writes land after the answer). */
async function knownWhen(kit: Kit, h: Harness, t: TenantWorld, ok: (k: Record<string, NamespaceEntry>) => boolean): Promise<Record<string, NamespaceEntry>> {
  await kit.settle?.(h)
  return eventually(async () => {
    const k = await known(h, t)
    return ok(k) ? k : null
  })
}

const tenant = (h: Harness, id = 'acme') => setupTenant(h, id, { policyYaml: NO_PODS_IN_PROD_POLICY, policyName: NO_PODS_IN_PROD })

export function namespaceContract(test: ContractTest): void {
  test('the webhook configuration of a set with namespaceSelector rules also sends Namespace changes, never denying them', async (kit) => {
    const h = await kit.harness()
    const a = await tenant(h)
    const config = parse(a.webhookConfiguration) as { webhooks: Array<{ name: string; clientConfig: { url: string }; failurePolicy: string; sideEffects: string; rules: unknown[] }> }
    expect(config.webhooks).toHaveLength(2)
    expect(config.webhooks[1]).toMatchObject({
      name: 'acme-c1.namespaces.verdict.dev',
      clientConfig: { url: `https://verdict.example/v1/admission/${a.webhook.secret}/namespaces` },
      failurePolicy: 'Ignore',
      sideEffects: 'NoneOnDryRun',
      rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE', 'DELETE'], resources: ['namespaces'] }],
    })
  })

  test('synced labels decide: a Pod in a prod namespace is denied, in a dev one allowed, in an unknown one allowed with a warning', async (kit) => {
    const h = await kit.harness()
    const a = await tenant(h)
    const synced = await sync(h, a, [
      { name: 'payments', labels: { 'kubernetes.io/metadata.name': 'payments', env: 'prod' } },
      { name: 'ci', labels: { env: 'dev' } },
    ])
    expect(synced.status, synced.text).toBe(200)
    expect(synced.json()).toEqual({ count: 2, written: 2, removed: 0 })
    const k = await known(h, a)
    expect(Object.keys(k).sort()).toEqual(['ci', 'payments'])
    expect(k.payments).toMatchObject({ labels: { env: 'prod' }, source: 'sync' })

    const prod = expectReview(await podIn(h, a, 'payments'))
    expect(prod.response.allowed).toBe(false)
    expect(prod.response.status?.message).toBe(
      `resource Pod/payments/web was blocked due to the following policies\n\n${NO_PODS_IN_PROD}:\n  deny-prod: Pods may not run in production namespaces`,
    )
    expect(prod.response.warnings).toBeUndefined()
    const dev = expectReview(await podIn(h, a, 'ci'))
    expect(dev.response).toEqual({ uid: dev.response.uid, allowed: true })

    const unknown = expectReview(await podIn(h, a, 'nowhere'))
    expect(unknown.response.allowed).toBe(true)
    expect(unknown.response.warnings).toEqual([expect.stringMatching(new RegExp(`^verdict: the labels of namespace nowhere are not known.*PUT /v1/clusters/${a.clusterId}/namespaces`))])
    // The gap warning of old is gone: the rule was evaluated.
    expect(JSON.stringify(unknown.response)).not.toContain('not applied')

    // A later sync replaces the set: payments is gone (now unknown), ci became prod.
    expect((await sync(h, a, [{ name: 'ci', labels: { env: 'prod' } }])).json()).toEqual({ count: 1, written: 1, removed: 1 })
    expect(expectReview(await podIn(h, a, 'ci')).response.allowed).toBe(false)
    expect(expectReview(await podIn(h, a, 'payments')).response.warnings?.[0]).toMatch(/namespace payments are not known/)
  })

  test('a Namespace change through the learning webhook decides the next Pod (within the cache TTL)', async (kit) => {
    const h = await kit.harness()
    const a = await tenant(h)
    expect((await sync(h, a, [{ name: 'ci', labels: { env: 'dev' } }])).status).toBe(200)
    expect(expectReview(await podIn(h, a, 'ci')).response.allowed).toBe(true)

    const learn = (body: JsonObject) => h.call('POST', namespacesPath(a.webhook.secret), { json: body })
    const update = expectReview(await learn(namespaceReview('UPDATE', 'ci', { env: 'prod' })))
    expect(update.response).toEqual({ uid: update.response.uid, allowed: true })
    const k = await knownWhen(kit, h, a, (k) => k.ci?.labels.env === 'prod')
    expect(k.ci).toMatchObject({ source: 'admission', labels: { 'kubernetes.io/metadata.name': 'ci', env: 'prod' } })
    await h.clock.advance(TEST_CACHE_TTL_MS + 100)
    expect(expectReview(await podIn(h, a, 'ci')).response.allowed).toBe(false)

    // A dry run teaches nothing; a new namespace is learned; a deleted one is forgotten.
    expect(expectReview(await learn(namespaceReview('UPDATE', 'ci', { env: 'dev' }, { dryRun: true }))).response.allowed).toBe(true)
    expect(expectReview(await learn(namespaceReview('CREATE', 'fresh', { env: 'prod' }))).response.allowed).toBe(true)
    expect(expectReview(await learn(namespaceReview('DELETE', 'ci', {}))).response.allowed).toBe(true)
    const after = await knownWhen(kit, h, a, (k) => k.fresh !== undefined && k.ci === undefined)
    expect(Object.keys(after)).toEqual(['fresh'])
    await h.clock.advance(TEST_CACHE_TTL_MS + 100)
    expect(expectReview(await podIn(h, a, 'fresh')).response.allowed).toBe(false)
    expect(expectReview(await podIn(h, a, 'ci')).response.warnings?.[0]).toMatch(/namespace ci are not known/)
  })

  test('the learning webhook allows whatever it is sent, and refuses only a bad key or a malformed review', async (kit) => {
    const h = await kit.harness()
    const a = await tenant(h)
    const path = namespacesPath(a.webhook.secret)
    // Labels Kubernetes would refuse are not stored, but the request is still allowed.
    const odd = namespaceReview('UPDATE', 'odd', { env: 'x'.repeat(70) })
    expect(expectReview(await h.call('POST', path, { json: odd })).response.allowed).toBe(true)
    // Not a Namespace: allowed, nothing learned.
    expect(expectReview(await h.call('POST', path, { json: review(pod('web', { namespace: 'ci' })) })).response.allowed).toBe(true)
    expectReviewError(await h.call('POST', namespacesPath(a.admin.secret), { json: namespaceReview('CREATE', 'x', {}) }), 401, /invalid webhook key/)
    expectReviewError(await h.call('POST', path, { json: { kind: 'AdmissionReview' } }), 400, /invalid AdmissionReview/)
    await kit.settle?.(h)
    expect(await known(h, a)).toEqual({})
  })

  test('the sync body is validated and names the field; an unknown cluster is 404', async (kit) => {
    const h = await kit.harness()
    const a = await tenant(h)
    const bad: Array<{ namespaces: unknown; path: string }> = [
      { namespaces: [{ name: 'a', labels: {} }, { name: 'a', labels: {} }], path: 'body.namespaces[1].name' },
      { namespaces: [{ name: 'Not_DNS', labels: {} }], path: 'body.namespaces[0].name' },
      { namespaces: [{ name: 'a', labels: { 'bad key!': 'x' } }], path: 'body.namespaces[0].labels' },
      { namespaces: [{ name: 'a', labels: { env: 'y'.repeat(64) } }], path: 'body.namespaces[0].labels' },
      { namespaces: [{ name: 'a' }], path: 'body.namespaces[0].labels' },
      { namespaces: Array.from({ length: 10_001 }, (_, i) => ({ name: `n${i}`, labels: {} })), path: 'body.namespaces' },
    ]
    for (const b of bad) {
      const r = await h.call('PUT', `/v1/clusters/${a.clusterId}/namespaces`, { key: a.admin.secret, json: { namespaces: b.namespaces } })
      expectIssue(expectError(r, 400, 'bad_request'), b.path)
    }
    expect(await known(h, a)).toEqual({})
    expectError(await h.call('PUT', '/v1/clusters/nope/namespaces', { key: a.admin.secret, json: { namespaces: [] } }), 404, 'not_found')
    expectError(await h.call('GET', '/v1/clusters/nope/namespaces', { key: a.admin.secret }), 404, 'not_found')
    // Only admin keys sync.
    expectError(await sync(h, a, [], a.write.secret), 403, 'forbidden')
  })

  test('a namespace lookup that hangs or fails still gets a decision in time, on the name label, with a warning', async (kit) => {
    const h = await kit.harness()
    const a = await tenant(h)
    expect((await sync(h, a, [{ name: 'payments', labels: { env: 'prod' } }])).status).toBe(200)
    for (const get of [() => new Promise<never>(() => undefined), () => Promise.reject(new Error('ECONNRESET'))]) {
      // A second instance (cold caches) on the same data, whose namespace reads fail; the cluster is fail-closed.
      const stores = { ...h.stores, namespaces: { ...h.stores.namespaces, get } }
      const broken = await kit.harness({ share: { ...h, stores }, deps: { admissionBudgetMs: 400 } })
      const started = performance.now()
      const r = expectReview(await podIn(broken, a, 'payments'))
      expect(performance.now() - started).toBeLessThan(400)
      // Not the failure mode's 503: decided without the labels, and said so.
      expect(r.response.allowed).toBe(true)
      expect(r.response.warnings).toEqual([expect.stringMatching(/^verdict: the labels of namespace payments could not be read( in 200 ms)?;/)])
    }
  })

  test("another tenant can neither read nor replace this cluster's namespaces, nor teach them through its own webhook", async (kit) => {
    const h = await kit.harness()
    const a = await tenant(h)
    const b = await tenant(h, 'globex')
    expect((await sync(h, a, [{ name: 'payments', labels: { env: 'prod' } }])).status).toBe(200)
    // B names A's cluster id: answered as for a cluster that exists nowhere.
    expectError(await h.call('GET', `/v1/clusters/${a.clusterId}/namespaces`, { key: b.admin.secret }), 404, 'not_found')
    expectError(await h.call('PUT', `/v1/clusters/${a.clusterId}/namespaces`, { key: b.admin.secret, json: { namespaces: [] } }), 404, 'not_found')
    // B's webhook teaches B's cluster only.
    expect(expectReview(await h.call('POST', namespacesPath(b.webhook.secret), { json: namespaceReview('UPDATE', 'payments', { env: 'dev' }) })).response.allowed).toBe(true)
    await knownWhen(kit, h, b, (k) => k.payments !== undefined)
    expect((await known(h, a)).payments?.labels).toEqual({ env: 'prod' })
    await h.clock.advance(TEST_CACHE_TTL_MS + 100)
    expect(expectReview(await podIn(h, a, 'payments')).response.allowed).toBe(false)
    expect(expectReview(await podIn(h, b, 'payments')).response.allowed).toBe(true)
  })
}
