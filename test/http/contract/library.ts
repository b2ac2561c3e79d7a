/**
 * The built-in library through the API: listing and reading sets (JSON and YAML, any version),
 * installing into a tenant's set in one write (created when absent, idempotent, upgrade and pin by
 * version, never over a tenant's own policy), the Audit → Enforce rollout seen through admission,
 * and the linter's warnings (and errors) on policy writes.
 */
import { expect } from 'vitest'
import { parse, parseAllDocuments } from 'yaml'
import type { JsonObject } from '../../../shared/lib/json.ts'
import type { ContractTest, Kit } from '../contract.ts'
import { expectError, expectIssue, expectReview, once, type Harness, type Reply } from './helpers.ts'
import { admissionPath, labelPolicy, pod, review } from './fixtures.ts'
import { setupTenant, type TenantWorld } from './world.ts'

type Installed = {
  set: { setId: string; version: number; policyCount: number }
  library: { name: string; version: string }
  changed: boolean
  installed: Array<{ name: string; etag: string }>
  removed: string[]
}
type Rule = { name: string; validate: { failureAction?: string } }
type PolicyDoc = { metadata: { annotations?: Record<string, string> }; spec: { rules: Rule[]; validationFailureAction?: string } }

const install = (h: Harness, key: string, name: string, body: Record<string, unknown>, headers?: Record<string, string>) =>
  h.call('POST', `/v1/library/${name}/install`, { key, json: body, ...(headers ? { headers } : {}) })

function installed(r: Reply, status: number): Installed {
  expect(r.status, r.text.slice(0, 300)).toBe(status)
  return r.json<Installed>()
}

async function policyDoc(h: Harness, w: TenantWorld, set: string, name: string): Promise<PolicyDoc> {
  const r = await h.call('GET', `/v1/policysets/${set}/policies/${name}`, { key: w.read.secret })
  expect(r.status).toBe(200)
  return r.json<PolicyDoc>()
}

/** A Pod that passes the tenant's seccomp policy but breaks the baseline standard (host network). */
const hostNetworkPod = () => {
  const p = pod('edge')
  ;(p.spec as JsonObject).hostNetwork = true
  return p
}
const privilegedPod = () => {
  const p = pod('root')
  ;((p.spec as JsonObject).containers as JsonObject[])[0] = { name: 'app', image: 'nginx:1.27', securityContext: { privileged: true } }
  return p
}

export function libraryContract(test: ContractTest): void {
  let shared: (() => Promise<{ h: Harness; a: TenantWorld }>) | undefined
  const world = (kit: Kit) =>
    (shared ??= once(async () => {
      const h = await kit.harness()
      return { h, a: await setupTenant(h, 'acme') }
    }))()

  test('GET /v1/library lists every set with its versions and descriptions', async (kit) => {
    const { h, a } = await world(kit)
    const r = await h.call('GET', '/v1/library', { key: a.read.secret })
    expect(r.status).toBe(200)
    const items = r.json<{ items: Array<{ name: string; latest: string; description: string; versions: Array<{ version: string; notes: string; policies: string[] }> }> }>().items
    expect(items.map((s) => s.name)).toEqual(['runtime-security-profiles', 'pod-security-baseline', 'pod-security-restricted', 'pod-security-baseline-per-control', 'pod-security-restricted-per-control'])
    const pss = items.find((s) => s.name === 'pod-security-baseline')
    expect(pss).toMatchObject({ latest: '1.1.0', versions: [{ version: '1.0.0', policies: ['pod-security-baseline'] }, { version: '1.1.0' }] })
    for (const s of items) expect(s.description.length).toBeGreaterThan(40)
    expectError(await h.call('GET', '/v1/library', { key: a.evaluate.secret }), 403, 'forbidden')
  })

  test('GET /v1/library/{name} serves a version as JSON or YAML', async (kit) => {
    const { h, a } = await world(kit)
    const latest = await h.call('GET', '/v1/library/runtime-security-profiles', { key: a.read.secret })
    expect(latest.status).toBe(200)
    const body = latest.json<{ version: string; policies: Array<{ name: string; document: JsonObject }> }>()
    expect(body.version).toBe('1.0.0')
    expect(body.policies.map((p) => p.name)).toEqual(['require-seccomp-profile', 'restrict-apparmor-profile'])
    const yaml = await h.call('GET', '/v1/library/runtime-security-profiles?format=yaml', { key: a.read.secret })
    expect(yaml.headers.get('content-type')).toMatch(/^application\/yaml/)
    expect(yaml.text).toContain('# The Pod sets an allowed profile')
    expect(parseAllDocuments(yaml.text).map((d) => d.toJS())).toEqual(body.policies.map((p) => p.document))
    const pinned = await h.call('GET', '/v1/library/pod-security-baseline?version=1.0.0', { key: a.read.secret })
    expect(JSON.stringify(pinned.json())).toContain('"version":"v1.36"')
    expectError(await h.call('GET', '/v1/library/no-such-set', { key: a.read.secret }), 404, 'not_found')
    expectIssue(expectError(await h.call('GET', '/v1/library/pod-security-baseline?version=9.9.9', { key: a.read.secret }), 404, 'not_found'), 'query.version')
    expectIssue(expectError(await h.call('GET', '/v1/library/pod-security-baseline?version=latest', { key: a.read.secret }), 400), 'query.version')
    expectIssue(expectError(await h.call('GET', '/v1/library/pod-security-baseline?format=xml', { key: a.read.secret }), 400), 'query.format')
  })

  test('install creates the set, annotates each policy with set@version and sets every rule\'s failureAction', async (kit) => {
    const { h, a } = await world(kit)
    const r = installed(await install(h, a.write.secret, 'runtime-security-profiles', { policySet: 'profiles', failureAction: 'Enforce' }), 201)
    expect(r).toMatchObject({ set: { setId: 'profiles', policyCount: 2 }, library: { name: 'runtime-security-profiles', version: '1.0.0' }, changed: true, removed: [] })
    expect(r.installed.map((p) => p.name)).toEqual(['require-seccomp-profile', 'restrict-apparmor-profile'])
    const doc = await policyDoc(h, a, 'profiles', 'require-seccomp-profile')
    expect(doc.metadata.annotations?.['verdict.dev/library']).toBe('runtime-security-profiles@1.0.0')
    expect(doc.spec.rules.map((x) => x.validate.failureAction)).toEqual(['Enforce', 'Enforce'])
    expect(doc.spec.validationFailureAction).toBeUndefined()
    // One store write: the set went from created (1) to filled (2), with one history line for the install.
    const history = await h.call('GET', '/v1/policysets/profiles/versions', { key: a.read.secret })
    expect(history.json<{ items: Array<{ action: string }> }>().items.map((x) => x.action)).toEqual(['replace', 'create'])
  })

  test('install is idempotent, upgrades to a newer version and pins an explicit one', async (kit) => {
    const { h, a } = await world(kit)
    const first = installed(await install(h, a.write.secret, 'pod-security-baseline', { policySet: 'pss', version: '1.0.0', failureAction: 'Audit' }), 201)
    const again = installed(await install(h, a.write.secret, 'pod-security-baseline', { policySet: 'pss', version: '1.0.0', failureAction: 'Audit' }), 200)
    expect(again).toMatchObject({ changed: false, set: { version: first.set.version } })
    expect(again.installed).toEqual(first.installed)
    const up = installed(await install(h, a.write.secret, 'pod-security-baseline', { policySet: 'pss', failureAction: 'Audit' }), 200)
    expect(up).toMatchObject({ changed: true, library: { version: '1.1.0' }, set: { version: first.set.version + 1, policyCount: 1 } })
    expect((await policyDoc(h, a, 'pss', 'pod-security-baseline')).metadata.annotations?.['verdict.dev/library']).toBe('pod-security-baseline@1.1.0')
    const back = installed(await install(h, a.write.secret, 'pod-security-baseline', { policySet: 'pss', version: '1.0.0', failureAction: 'Audit' }), 200)
    expect(back.library.version).toBe('1.0.0')
    expect(JSON.stringify(await policyDoc(h, a, 'pss', 'pod-security-baseline'))).toContain('"version":"v1.36"')
  })

  test('install keeps the tenant\'s own policies and never overwrites one of the same name', async (kit) => {
    const { h, a } = await world(kit)
    const mine = { ...labelPolicy('pod-security-restricted'), apiVersion: 'kyverno.io/v1' }
    expect((await h.call('PUT', '/v1/policysets/own', { key: a.write.secret, json: { policies: [labelPolicy('team-labels'), mine] } })).status).toBe(201)
    const before = (await h.call('GET', '/v1/policysets/own', { key: a.read.secret })).text
    expectError(await install(h, a.write.secret, 'pod-security-restricted', { policySet: 'own', failureAction: 'Audit' }), 409, 'conflict')
    expect((await h.call('GET', '/v1/policysets/own', { key: a.read.secret })).text).toBe(before)
    const r = installed(await install(h, a.write.secret, 'runtime-security-profiles', { policySet: 'own', failureAction: 'Audit' }), 200)
    expect(r.set.policyCount).toBe(4)
  })

  test('install refuses unknown versions and rules, stale If-Match, and keys without policy:write', async (kit) => {
    const { h, a } = await world(kit)
    expectIssue(expectError(await install(h, a.write.secret, 'pod-security-baseline', { policySet: 'x', version: '2.0.0', failureAction: 'Audit' }), 404, 'not_found'), 'body.version')
    expectError(await install(h, a.write.secret, 'nothing-here', { policySet: 'x', failureAction: 'Audit' }), 404, 'not_found')
    expectIssue(expectError(await install(h, a.write.secret, 'pod-security-baseline', { policySet: 'x', failureAction: 'Audit', ruleFailureActions: { sysctls: 'Audit' } }), 400), 'body.ruleFailureActions.sysctls')
    expectIssue(expectError(await install(h, a.write.secret, 'pod-security-baseline', { policySet: 'x', failureAction: 'enforce' }), 400), 'body.failureAction')
    expectError(await install(h, a.write.secret, 'pod-security-baseline', { policySet: 'x', failureAction: 'Audit' }, { 'if-match': '"1"' }), 404, 'not_found')
    installed(await install(h, a.write.secret, 'pod-security-baseline', { policySet: 'x', failureAction: 'Audit' }), 201)
    expectError(await install(h, a.write.secret, 'pod-security-baseline', { policySet: 'x', failureAction: 'Enforce' }, { 'if-match': '"1"' }), 412, 'precondition_failed')
    expectError(await install(h, a.read.secret, 'pod-security-baseline', { policySet: 'x', failureAction: 'Enforce' }), 403, 'forbidden')
    expect((await h.call('GET', '/v1/policysets/nothing-here', { key: a.read.secret })).status).toBe(404)
  })

  test('rollout: installed in Audit a violation is a warning; switched to Enforce the same request is denied', async (kit) => {
    // A tenant of its own: this test changes the set its cluster enforces.
    const h = await kit.harness()
    const w = await setupTenant(h, 'rollout')
    const admit = async (object: JsonObject) => expectReview(await h.call('POST', admissionPath(w.webhook.secret), { json: review(object) })).response

    installed(await install(h, w.write.secret, 'pod-security-baseline', { policySet: w.setId, failureAction: 'Audit' }), 200)
    const audited = await admit(hostNetworkPod())
    expect(audited.allowed).toBe(true)
    expect(audited.warnings?.join('\n')).toMatch(/pod-security-baseline\.baseline: .*host namespaces/)

    installed(await install(h, w.write.secret, 'pod-security-baseline', { policySet: w.setId, failureAction: 'Enforce' }), 200)
    const denied = await admit(hostNetworkPod())
    expect(denied).toMatchObject({ allowed: false, status: { code: 403 } })
    expect(denied.status?.message).toMatch(/pod-security-baseline:\n\s+baseline: .*host namespaces/)

    // One control back to Audit: the per-control variant replaces the single-rule policy (same name).
    const perControl = installed(
      await install(h, w.write.secret, 'pod-security-baseline-per-control', { policySet: w.setId, failureAction: 'Enforce', ruleFailureActions: { 'host-namespaces': 'Audit' } }),
      200,
    )
    expect(perControl.set.policyCount).toBe(2)
    const relaxed = await admit(hostNetworkPod())
    expect(relaxed.allowed).toBe(true)
    expect(relaxed.warnings?.join('\n')).toMatch(/pod-security-baseline\.host-namespaces: /)
    const stillDenied = await admit(privilegedPod())
    expect(stillDenied).toMatchObject({ allowed: false })
    expect(stillDenied.status?.message).toMatch(/privileged-containers: /)
  })

  test('policy writes answer the linter\'s warnings, each at its path', async (kit) => {
    const { h, a } = await world(kit)
    const sloppy = labelPolicy('sloppy')
    ;(sloppy.metadata as JsonObject).namespace = 'kyverno'
    const spec = sloppy.spec as JsonObject
    spec.validationFailureAction = 'audit'
    ;((spec.rules as JsonObject[])[0] as JsonObject).validate = { message: 'm', pattern: { spec: { 'template?': { spec: { containers: [{ name: '?*' }] } } } } }
    const put = await h.call('PUT', `/v1/policysets/lint/policies/sloppy`, { key: a.write.secret, json: sloppy })
    expect(put.status).toBe(404) // no such set yet
    expect((await h.call('PUT', '/v1/policysets/lint', { key: a.write.secret, json: { policies: [] } })).status).toBe(201)
    const one = await h.call('PUT', '/v1/policysets/lint/policies/sloppy', { key: a.write.secret, json: sloppy })
    expect(one.status, one.text.slice(0, 300)).toBe(201)
    const warnings = one.json<{ warnings: Array<{ path: string; code: string; severity: string; fix: string }> }>().warnings
    expect(warnings.map((x) => `${x.code} ${x.path}`)).toEqual(
      expect.arrayContaining([
        'cluster-policy-namespace metadata.namespace',
        'lowercase-failure-action spec.validationFailureAction',
        'wildcard-key spec.rules[0].validate.pattern.spec.template?',
      ]),
    )
    expect(warnings.every((x) => x.severity === 'warning' && x.fix.length > 0)).toBe(true)
    const set = await h.call('PUT', '/v1/policysets/lint', { key: a.write.secret, json: { policies: [labelPolicy('clean'), sloppy] }, headers: { 'if-match': `"${one.json<{ set: { version: number } }>().set.version}"` } })
    expect(set.status, set.text.slice(0, 300)).toBe(200)
    const setWarnings = set.json<{ warnings: Array<{ policy: string; code: string; path: string }> }>().warnings
    expect(setWarnings.filter((x) => x.policy === 'sloppy').map((x) => x.code)).toContain('wildcard-key')
    // labelPolicy still writes the spec-level failure action, which Kyverno 1.13 deprecated.
    expect(setWarnings.filter((x) => x.policy === 'clean').map((x) => `${x.code} ${x.path}`)).toEqual(['spec-failure-action spec.validationFailureAction'])
  })

  test('policy writes with JMESPath that does not parse or calls unknown functions are refused, naming the path', async (kit) => {
    const { h, a } = await world(kit)
    const broken = (name: string, key: string) => {
      const p = labelPolicy(name)
      ;((p.spec as JsonObject).rules as JsonObject[])[0] = {
        name: 'r',
        match: { any: [{ resources: { kinds: ['Pod'] } }] },
        validate: { message: 'm', deny: { conditions: { any: [{ key, operator: 'Equals', value: 'x' }] } } },
      }
      return p
    }
    expect((await h.call('PUT', '/v1/policysets/jp', { key: a.write.secret, json: { policies: [] } })).status).toBe(201)
    const syntax = expectError(await h.call('PUT', '/v1/policysets/jp/policies/bad', { key: a.write.secret, json: broken('bad', '{{ request.object.metadata.name[ }}') }), 400, 'bad_request')
    expectIssue(syntax, 'spec.rules[0].validate.deny.conditions.any[0].key', /not valid JMESPath/)
    const unknown = expectError(await h.call('PUT', '/v1/policysets/jp', { key: a.write.secret, json: { policies: [labelPolicy('fine'), broken('bad', '{{ nope(request.object) }}')] }, headers: { 'if-match': '"1"' } }), 400)
    expectIssue(unknown, 'policies[1].spec.rules[0].validate.deny.conditions.any[0].key', /nope\(\)/)
    const set = await h.call('GET', '/v1/policysets/jp', { key: a.read.secret })
    expect(set.json()).toMatchObject({ set: { version: 1, policyCount: 0 } })
    expect(parse(JSON.stringify(set.json()))).toBeDefined()
  })
}
