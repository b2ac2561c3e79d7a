/**
 * The customer's path from nothing to enforced admission: tenant, keys, policy set, cluster,
 * AdmissionReviews, CI evaluation, audit, and the published API description. The steps share one
 * tenant built through the API (`setupTenant` asserts each creation).
 */
import { expect } from 'vitest'
import { parse } from 'yaml'
import type { JsonObject } from '../../../shared/lib/json.ts'
import type { ContractTest, Kit } from '../contract.ts'
import { expectError, expectReview, once, type Harness } from './helpers.ts'
import { admissionPath, deployment, pod, review, SECCOMP, SECCOMP_RULE } from './fixtures.ts'
import { setupTenant, type TenantWorld } from './world.ts'

/** The route paths of the issue's table, exactly as spelled there. */
export const ISSUE_PATHS = [
  '/v1/tenants',
  '/v1/keys',
  '/v1/keys/{id}',
  '/v1/keys/{id}/rotate',
  '/v1/policysets',
  '/v1/policysets/{set}',
  '/v1/policysets/{set}/policies',
  '/v1/policysets/{set}/policies/{name}',
  '/v1/policysets/{set}/versions',
  '/v1/policysets/{set}/versions/{n}/restore',
  '/v1/clusters',
  '/v1/clusters/{id}',
  '/v1/clusters/{id}/webhook',
  '/v1/clusters/{id}/webhook/rotate',
  '/v1/audit',
  '/v1/evaluate',
  '/v1/admission/{webhookKey}/validate',
  '/healthz',
  '/v1/library',
  '/v1/library/{name}',
  '/v1/library/{name}/install',
  '/v1/verdicts',
  '/v1/reports/summary',
  '/v1/reports/export',
  '/v1/reports/what-if',
  '/v1/reports/settings',
  '/v1/clusters/{id}/policyreport',
  // Namespace labels for namespaceSelector rules (sync, and the learning webhook).
  '/v1/clusters/{id}/namespaces',
  '/v1/admission/{webhookKey}/namespaces',
]

type WebhookConfig = {
  kind: string
  webhooks: Array<{
    clientConfig: { url: string }
    failurePolicy: string
    namespaceSelector?: { matchExpressions: Array<{ key: string; operator: string; values: string[] }> }
    rules: Array<{ apiGroups: string[]; resources: string[]; operations: string[] }>
  }>
}

const NON_COMPLIANT = /^resource Pod\/default\/bare was blocked due to the following policies\n\nrequire-seccomp:\n {2}check-seccomp: validation error: seccompProfile\.type must be RuntimeDefault or Localhost/

export function walkthroughContract(test: ContractTest): void {
  let world: (() => Promise<{ h: Harness; a: TenantWorld }>) | undefined
  const acme = (kit: Kit) =>
    (world ??= once(async () => {
      const h = await kit.harness()
      return { h, a: await setupTenant(h, 'acme') }
    }))()
  const admit = async (h: Harness, a: TenantWorld, body: unknown) => h.call('POST', admissionPath(a.webhook.secret), { json: body })

  test('the operator creates a tenant and gets its admin key, shown once', async (kit) => {
    const h = await kit.harness()
    const r = await h.call('POST', '/v1/tenants', { key: h.root, json: { tenantId: 'initech', name: 'Initech' } })
    expect(r.status).toBe(201)
    const body = r.json<{ tenant: { tenantId: string }; adminKey: Record<string, unknown>; secret: string }>()
    expect(body.tenant.tenantId).toBe('initech')
    expect(body.secret).toMatch(/^vdk_[A-Za-z0-9_-]{43}$/)
    expect(body.adminKey).toMatchObject({ tenantId: 'initech', scopes: ['admin'], revokedAt: null })
    expect(body.adminKey).not.toHaveProperty('hash')
    // The key works, and is never shown again.
    const keys = await h.call('GET', '/v1/keys', { key: body.secret })
    expect(keys.status).toBe(200)
    expect(keys.text).not.toContain(body.secret)
    expectError(await h.call('POST', '/v1/tenants', { key: h.root, json: { tenantId: 'initech', name: 'again' } }), 409, 'conflict')
    expectError(await h.call('POST', '/v1/tenants', { key: body.secret, json: { tenantId: 'evil', name: 'Evil' } }), 401, 'unauthorized')
  })

  test('an admin mints evaluate, read and policy:write keys', async (kit) => {
    const { h, a } = await acme(kit)
    const list = await h.call('GET', '/v1/keys', { key: a.admin.secret })
    expect(list.status).toBe(200)
    const items = list.json<{ items: Array<{ keyId: string; scopes: string[] }> }>().items
    const scopes = Object.fromEntries(items.map((k) => [k.keyId, k.scopes]))
    expect(scopes).toMatchObject({ [a.admin.id]: ['admin'], [a.evaluate.id]: ['evaluate'], [a.read.id]: ['read'], [a.write.id]: ['policy:write'], [a.webhook.id]: ['webhook'] })
    for (const k of [a.evaluate, a.read, a.write]) expect(k.secret).toMatch(/^vdk_/)
  })

  test('a policy set PUT from YAML is stored and served back, with its version as ETag', async (kit) => {
    const { h, a } = await acme(kit)
    const set = await h.call('GET', `/v1/policysets/${a.setId}`, { key: a.read.secret })
    expect(set.status).toBe(200)
    expect(set.headers.get('etag')).toBe(`"${a.setVersion}"`)
    expect(set.json()).toMatchObject({ set: { setId: a.setId, version: a.setVersion, policyCount: 1 }, policies: [{ name: SECCOMP, etag: a.policyEtag }] })
    const yaml = await h.call('GET', `/v1/policysets/${a.setId}/policies/${SECCOMP}`, { key: a.read.secret, headers: { accept: 'application/yaml' } })
    expect(yaml.status).toBe(200)
    expect(yaml.headers.get('content-type')).toMatch(/^application\/yaml/)
    expect(yaml.headers.get('etag')).toBe(`"${a.policyEtag}"`)
    expect(parse(yaml.text)).toEqual(a.policyDocument)
    expect(a.policyDocument).toMatchObject({ kind: 'ClusterPolicy', spec: { validationFailureAction: 'Enforce' } })
  })

  test('registering a cluster answers its webhook key once, inside an installable configuration', async (kit) => {
    const { h, a } = await acme(kit)
    expect(a.webhook.secret).toMatch(/^vwh_[A-Za-z0-9_-]{43}$/)
    const config = parse(a.webhookConfiguration) as WebhookConfig
    expect(config.kind).toBe('ValidatingWebhookConfiguration')
    const [webhook] = config.webhooks
    expect(webhook?.clientConfig.url).toBe(`https://verdict.example/v1/admission/${a.webhook.secret}/validate`)
    expect(webhook?.failurePolicy).toBe('Fail')
    expect(webhook?.namespaceSelector?.matchExpressions).toContainEqual({ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] })
    // Pods, and the controllers autogen extends the rule to.
    const resources = (webhook?.rules ?? []).flatMap((r) => r.apiGroups.flatMap((g) => r.resources.map((res) => `${g}/${res}`)))
    expect(resources).toEqual(expect.arrayContaining(['/pods', 'apps/deployments', 'apps/statefulsets', 'apps/daemonsets', 'apps/replicasets', 'batch/jobs', 'batch/cronjobs']))
    // Once: nothing served later contains the secret.
    for (const path of [`/v1/clusters/${a.clusterId}`, '/v1/clusters', '/v1/keys', `/v1/clusters/${a.clusterId}/webhook`, '/v1/audit']) {
      const r = await h.call('GET', path, { key: a.admin.secret })
      expect(r.status, path).toBe(200)
      expect(r.text, path).not.toContain(a.webhook.secret)
    }
    const regenerated = await h.call('GET', `/v1/clusters/${a.clusterId}/webhook`, { key: a.admin.secret })
    expect(regenerated.headers.get('content-type')).toMatch(/^application\/yaml/)
    expect((parse(regenerated.text) as WebhookConfig).webhooks[0]?.clientConfig.url).toBe('https://verdict.example/v1/admission/<WEBHOOK_KEY>/validate')
  })

  test('a cluster registered without namespaceExclusions leaves kube-system out; [] includes it', async (kit) => {
    // Its own tenant: the shared acme world's audit trail is asserted exactly below.
    const h = await kit.harness()
    const a = await setupTenant(h, 'globex')
    const register = (clusterId: string, extra: Record<string, unknown>) =>
      h.call('POST', '/v1/clusters', { key: a.admin.secret, json: { clusterId, displayName: clusterId, policySetId: a.setId, failureMode: 'fail-closed', kubernetesVersion: '1.30', ...extra } })
    const defaulted = await register('acme-defaulted', {})
    expect(defaulted.status).toBe(201)
    expect(defaulted.json<{ cluster: { namespaceExclusions: string[] } }>().cluster.namespaceExclusions).toEqual(['kube-system'])
    const all = await register('acme-all', { namespaceExclusions: [] })
    expect(all.status).toBe(201)
    expect(all.json<{ cluster: { namespaceExclusions: string[] } }>().cluster.namespaceExclusions).toEqual([])
    const selector = (r: typeof all) => (parse(r.json<{ webhookConfiguration: string }>().webhookConfiguration) as WebhookConfig).webhooks[0]?.namespaceSelector
    expect(selector(defaulted)?.matchExpressions).toContainEqual({ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] })
    expect(JSON.stringify(selector(all) ?? {})).not.toContain('kube-system')
  })

  test('admission: a compliant Pod is allowed, a non-compliant one denied with the Kyverno message', async (kit) => {
    const { h, a } = await acme(kit)
    const ok = expectReview(await admit(h, a, review(pod('web'), { uid: 'uid-ok' })))
    expect(ok).toEqual({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'uid-ok', allowed: true } })
    const perContainer = expectReview(await admit(h, a, review(pod('web', { seccomp: 'containers' }))))
    expect(perContainer.response.allowed).toBe(true)

    for (const seccomp of ['none', 'unconfined'] as const) {
      const denied = expectReview(await admit(h, a, review(pod('bare', { seccomp }), { uid: `uid-${seccomp}` })))
      expect(denied.response).toMatchObject({ uid: `uid-${seccomp}`, allowed: false, status: { code: 403, reason: 'Forbidden' } })
      expect(denied.response.status?.message).toMatch(NON_COMPLIANT)
    }
  })

  test('admission: v1beta1 is answered in v1beta1', async (kit) => {
    const { h, a } = await acme(kit)
    const allowed = expectReview(await admit(h, a, review(pod('web'), { version: 'v1beta1', uid: 'b1' })))
    expect(allowed).toMatchObject({ apiVersion: 'admission.k8s.io/v1beta1', response: { uid: 'b1', allowed: true } })
    const denied = expectReview(await admit(h, a, review(pod('bare', { seccomp: 'none' }), { version: 'v1beta1', uid: 'b2' })))
    expect(denied).toMatchObject({ apiVersion: 'admission.k8s.io/v1beta1', response: { uid: 'b2', allowed: false, status: { code: 403 } } })
  })

  test('admission: kube-system is excluded, dryRun is decided normally, controllers are checked through autogen', async (kit) => {
    const { h, a } = await acme(kit)
    const system = expectReview(await admit(h, a, review(pod('bare', { seccomp: 'none', namespace: 'kube-system' }))))
    expect(system.response.allowed).toBe(true)
    const dry = expectReview(await admit(h, a, review(pod('bare', { seccomp: 'none' }), { dryRun: true })))
    expect(dry.response).toMatchObject({ allowed: false, status: { code: 403 } })
    expect(dry.response.status?.message).toMatch(NON_COMPLIANT)

    const good = pod('x').spec as JsonObject
    const bad = pod('x', { seccomp: 'none' }).spec as JsonObject
    expect(expectReview(await admit(h, a, review(deployment('api', good)))).response.allowed).toBe(true)
    const denied = expectReview(await admit(h, a, review(deployment('api', bad))))
    expect(denied.response.allowed).toBe(false)
    expect(denied.response.status?.message).toContain(`autogen-${SECCOMP_RULE}`)
  })

  test('CI evaluation answers 200 in every format, with the verdict in the body', async (kit) => {
    const { h, a } = await acme(kit)
    // Multi-document YAML: one compliant Pod, one non-compliant Deployment.
    const stream = [JSON.stringify(pod('good')), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bad, namespace: default}\nspec:\n  selector: {matchLabels: {app: bad}}\n  template:\n    metadata: {labels: {app: bad}}\n    spec:\n      containers: [{name: app, image: nginx}]\n'].join('\n---\n')
    const evaluate = (format: string, body = stream) => h.call('POST', `/v1/evaluate?policySet=${a.setId}&format=${format}`, { key: a.evaluate.secret, yaml: body })

    const json = await evaluate('json')
    expect(json.status).toBe(200)
    expect(json.headers.get('content-type')).toMatch(/^application\/json/)
    const report = json.json<{ verdict: string; summary: { resources: number; enforceFailures: number }; policySet: { name: string; version: number }; resources: Array<{ resource: { name: string }; verdict: string }> }>()
    expect(report).toMatchObject({ verdict: 'fail', summary: { resources: 2, enforceFailures: 1 }, policySet: { name: a.setId, version: a.setVersion } })
    expect(Object.fromEntries(report.resources.map((r) => [r.resource.name, r.verdict]))).toEqual({ good: 'pass', bad: 'fail' })

    const sarif = await evaluate('sarif')
    expect(sarif.status).toBe(200)
    expect(sarif.headers.get('content-type')).toMatch(/^application\/sarif\+json/)
    const log = sarif.json<{ version: string; runs: Array<{ results: Array<{ ruleId: string; level: string }> }> }>()
    expect(log.version).toBe('2.1.0')
    expect(log.runs[0]?.results.some((r) => r.ruleId.includes(SECCOMP) && r.level === 'error')).toBe(true)

    const junit = await evaluate('junit')
    expect(junit.status).toBe(200)
    expect(junit.headers.get('content-type')).toMatch(/^application\/xml/)
    expect(junit.text).toMatch(/^<\?xml/)
    expect(junit.text).toMatch(/<testsuites[^>]*failures="[1-9]/)

    const text = await evaluate('text')
    expect(text.status).toBe(200)
    expect(text.text).toMatch(/Verdict: FAIL/)

    const passing = await evaluate('json', JSON.stringify(pod('good')))
    expect(passing.json()).toMatchObject({ verdict: 'pass' })
  })

  test('the audit trail lists each action, newest first, with the acting key', async (kit) => {
    const { h, a } = await acme(kit)
    const r = await h.call('GET', '/v1/audit?limit=100', { key: a.admin.secret })
    expect(r.status).toBe(200)
    const items = r.json<{ items: Array<{ action: string; actorKeyId: string; target: string; at: string; requestId?: string }> }>().items
    // One request may write several entries (a set PUT creates, then fills); they share a timestamp, so
    // compare per request, oldest request first.
    const byRequest = new Map<string, string[]>()
    for (const e of [...items].reverse()) byRequest.set(e.requestId ?? e.at, [...(byRequest.get(e.requestId ?? e.at) ?? []), `${e.action} by ${e.actorKeyId}`])
    expect([...byRequest.values()].map((actions) => actions.sort())).toEqual([
      ['tenant.create by operator'],
      [`key.create by ${a.admin.id}`],
      [`key.create by ${a.admin.id}`],
      [`key.create by ${a.admin.id}`],
      [`set.create by ${a.write.id}`, `set.replace by ${a.write.id}`],
      [`cluster.create by ${a.admin.id}`],
    ])
    expect(items.map((e) => e.at)).toEqual([...items.map((e) => e.at)].sort().reverse())
    expect(items.every((e) => typeof e.requestId === 'string')).toBe(true)
  })

  test('GET /openapi.json describes exactly the routes of the issue table', async (kit) => {
    const h = await kit.harness()
    const r = await h.call('GET', '/openapi.json')
    expect(r.status).toBe(200)
    const doc = r.json<{ openapi: string; paths: Record<string, unknown> }>()
    expect(doc.openapi).toMatch(/^3\./)
    expect(Object.keys(doc.paths).sort()).toEqual([...ISSUE_PATHS].sort())
  })

  test('GET /docs is HTML that loads nothing from another host', async (kit) => {
    const h = await kit.harness()
    const r = await h.call('GET', '/docs')
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toMatch(/^text\/html/)
    expect(r.text).toMatch(/^<!doctype html>/i)
    for (const path of ISSUE_PATHS) expect(r.text).toContain(`<code>${path}</code>`)
    const refs = [...r.text.matchAll(/\b(?:src|href|action)\s*=\s*["']?([^"'\s>]+)/gi)].map((m) => m[1] as string)
    expect(refs.filter((u) => /^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(u))).toEqual([])
    expect(r.text).not.toMatch(/@import|url\(\s*["']?(?:https?:)?\/\//i)
  })
}
