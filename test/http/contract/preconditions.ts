/**
 * Optimistic concurrency over HTTP: a policy's ETag, a set's version and a cluster's ETag guard
 * every change (428 without a precondition, 412 when it is stale), and of N concurrent writers
 * holding the same ETag exactly one wins.
 */
import { expect } from 'vitest'
import type { ContractTest } from '../contract.ts'
import { expectError, type Harness } from './helpers.ts'
import { labelPolicy, TEAM_LABEL_POLICY } from './fixtures.ts'

const SET = 'shop'
const POLICY = 'require-app-label'

async function tenant(h: Harness): Promise<string> {
  const r = await h.call('POST', '/v1/tenants', { key: h.root, json: { tenantId: 'acme', name: 'Acme' } })
  expect(r.status).toBe(201)
  return r.json<{ secret: string }>().secret
}

/** An empty set, then one policy in it; answers the policy's ETag. */
async function setWithPolicy(h: Harness, admin: string): Promise<string> {
  expect((await h.call('PUT', `/v1/policysets/${SET}`, { key: admin, json: { policies: [] } })).status).toBe(201)
  const r = await h.call('PUT', `/v1/policysets/${SET}/policies/${POLICY}`, { key: admin, json: labelPolicy(POLICY) })
  expect(r.status, r.text).toBe(201)
  const etag = r.headers.get('etag') ?? ''
  expect(etag).toMatch(/^"[^"]+"$/)
  return etag
}

const version = async (h: Harness, admin: string): Promise<number> => {
  const r = await h.call('GET', `/v1/policysets/${SET}`, { key: admin })
  expect(r.status).toBe(200)
  return Number(JSON.parse(r.headers.get('etag') ?? '0'))
}

export function preconditionContract(test: ContractTest): void {
  const policyPath = `/v1/policysets/${SET}/policies/${POLICY}`

  test('policy PUT: create without If-Match, then 428 without it, 412 when stale, 412 for If-None-Match: *', async (kit) => {
    const h = await kit.harness()
    const admin = await tenant(h)
    const etag = await setWithPolicy(h, admin)
    expectError(await h.call('PUT', policyPath, { key: admin, json: labelPolicy(POLICY, 'v2') }), 428, 'precondition_required')
    expectError(await h.call('PUT', policyPath, { key: admin, json: labelPolicy(POLICY, 'v2'), headers: { 'if-none-match': '*' } }), 412, 'precondition_failed')
    expectError(await h.call('PUT', policyPath, { key: admin, json: labelPolicy(POLICY, 'v2'), headers: { 'if-match': 'not-quoted' } }), 400, 'bad_request')

    const updated = await h.call('PUT', policyPath, { key: admin, json: labelPolicy(POLICY, 'v2'), headers: { 'if-match': etag } })
    expect(updated.status, updated.text).toBe(200)
    const fresh = updated.headers.get('etag')
    expect(fresh).not.toBe(etag)
    // The ETag just used is now stale.
    expectError(await h.call('PUT', policyPath, { key: admin, json: labelPolicy(POLICY, 'v3'), headers: { 'if-match': etag } }), 412, 'precondition_failed')
    const get = await h.call('GET', policyPath, { key: admin })
    expect(get.headers.get('etag')).toBe(fresh)
    expect(get.json()).toEqual(labelPolicy(POLICY, 'v2'))
    // If-None-Match: * on a new name is a create.
    const other = await h.call('PUT', `/v1/policysets/${SET}/policies/other`, { key: admin, json: labelPolicy('other'), headers: { 'if-none-match': '*' } })
    expect(other.status).toBe(201)
  })

  test('policy DELETE needs the current ETag', async (kit) => {
    const h = await kit.harness()
    const admin = await tenant(h)
    const etag = await setWithPolicy(h, admin)
    expectError(await h.call('DELETE', policyPath, { key: admin }), 428, 'precondition_required')
    expectError(await h.call('DELETE', policyPath, { key: admin, headers: { 'if-match': '"stale"' } }), 412, 'precondition_failed')
    const r = await h.call('DELETE', policyPath, { key: admin, headers: { 'if-match': etag } })
    expect(r.status, r.text).toBe(200)
    expectError(await h.call('GET', policyPath, { key: admin }), 404, 'not_found')
    expectError(await h.call('DELETE', policyPath, { key: admin, headers: { 'if-match': etag } }), 404, 'not_found')
  })

  test('set PUT: a replace needs If-Match with the version (428 / 412), If-None-Match: * refuses an existing set', async (kit) => {
    const h = await kit.harness()
    const admin = await tenant(h)
    await setWithPolicy(h, admin)
    const v = await version(h, admin)
    const path = `/v1/policysets/${SET}`
    expectError(await h.call('PUT', path, { key: admin, yaml: TEAM_LABEL_POLICY }), 428, 'precondition_required')
    expectError(await h.call('PUT', path, { key: admin, yaml: TEAM_LABEL_POLICY, headers: { 'if-match': `"${v - 1}"` } }), 412, 'precondition_failed')
    expectError(await h.call('PUT', path, { key: admin, yaml: TEAM_LABEL_POLICY, headers: { 'if-none-match': '*' } }), 412, 'precondition_failed')
    expectError(await h.call('PUT', path, { key: admin, yaml: TEAM_LABEL_POLICY, headers: { 'if-match': '"abc"' } }), 400, 'bad_request')
    expect(await version(h, admin)).toBe(v)

    const r = await h.call('PUT', path, { key: admin, yaml: TEAM_LABEL_POLICY, headers: { 'if-match': `"${v}"` } })
    expect(r.status, r.text).toBe(200)
    expect(r.headers.get('etag')).toBe(`"${v + 1}"`)
    expect(r.json()).toMatchObject({ set: { version: v + 1, policyCount: 1 }, policies: [{ name: 'require-team-label' }] })
    // Creating with If-Match on a set that does not exist names nothing: 404.
    expectError(await h.call('PUT', '/v1/policysets/nope', { key: admin, yaml: TEAM_LABEL_POLICY, headers: { 'if-match': '"1"' } }), 404, 'not_found')
  })

  test('set DELETE needs If-Match with the version', async (kit) => {
    const h = await kit.harness()
    const admin = await tenant(h)
    await setWithPolicy(h, admin)
    const v = await version(h, admin)
    const path = `/v1/policysets/${SET}`
    expectError(await h.call('DELETE', path, { key: admin }), 428, 'precondition_required')
    expectError(await h.call('DELETE', path, { key: admin, headers: { 'if-match': `"${v + 5}"` } }), 412, 'precondition_failed')
    expect((await h.call('DELETE', path, { key: admin, headers: { 'if-match': `"${v}"` } })).status).toBe(200)
    expectError(await h.call('GET', path, { key: admin }), 404, 'not_found')
  })

  test('versions list the history newest first; restore makes an old version current as a new one', async (kit) => {
    const h = await kit.harness()
    const admin = await tenant(h)
    const etag = await setWithPolicy(h, admin)
    // v1 create (empty), v2 put, v3 put (changed message).
    expect((await h.call('PUT', policyPath, { key: admin, json: labelPolicy(POLICY, 'second'), headers: { 'if-match': etag } })).status).toBe(200)
    const history = await h.call('GET', `/v1/policysets/${SET}/versions`, { key: admin })
    expect(history.status).toBe(200)
    expect(history.json<{ items: Array<{ version: number; action: string }> }>().items.map((e) => `${e.version}:${e.action}`)).toEqual(['3:put', '2:put', '1:create'])

    const restore = `/v1/policysets/${SET}/versions/2/restore`
    expectError(await h.call('POST', restore, { key: admin }), 428, 'precondition_required')
    expectError(await h.call('POST', restore, { key: admin, headers: { 'if-match': '"2"' } }), 412, 'precondition_failed')
    expectError(await h.call('POST', `/v1/policysets/${SET}/versions/99/restore`, { key: admin, headers: { 'if-match': '"3"' } }), 404, 'not_found')
    const r = await h.call('POST', restore, { key: admin, headers: { 'if-match': '"3"' } })
    expect(r.status, r.text).toBe(200)
    expect(r.headers.get('etag')).toBe('"4"')
    expect((await h.call('GET', policyPath, { key: admin })).json()).toEqual(labelPolicy(POLICY))
    const after = (await h.call('GET', `/v1/policysets/${SET}/versions?limit=1`, { key: admin })).json<{ items: Array<{ version: number; action: string; restoredFrom?: number }>; cursor: string | null }>()
    expect(after.items).toEqual([expect.objectContaining({ version: 4, action: 'restore', restoredFrom: 2 })])
    expect(after.cursor).not.toBeNull()
  })

  test('cluster PUT and DELETE need the cluster ETag', async (kit) => {
    const h = await kit.harness()
    const admin = await tenant(h)
    await setWithPolicy(h, admin)
    const reg = await h.call('POST', '/v1/clusters', { key: admin, json: { clusterId: 'c1', displayName: 'C1', policySetId: SET, failureMode: 'fail-open', kubernetesVersion: '1.30' } })
    expect(reg.status, reg.text).toBe(201)
    const etag = reg.headers.get('etag') ?? ''
    const path = '/v1/clusters/c1'
    expectError(await h.call('PUT', path, { key: admin, json: { displayName: 'renamed' } }), 428, 'precondition_required')
    expectError(await h.call('PUT', path, { key: admin, json: { displayName: 'renamed' }, headers: { 'if-match': '"stale"' } }), 412, 'precondition_failed')
    const put = await h.call('PUT', path, { key: admin, json: { displayName: 'renamed' }, headers: { 'if-match': etag } })
    expect(put.status, put.text).toBe(200)
    expect(put.json()).toMatchObject({ displayName: 'renamed' })
    expectError(await h.call('DELETE', path, { key: admin, headers: { 'if-match': etag } }), 412, 'precondition_failed')
    expectError(await h.call('DELETE', path, { key: admin }), 428, 'precondition_required')
    expect((await h.call('DELETE', path, { key: admin, headers: { 'if-match': put.headers.get('etag') ?? '' } })).status).toBe(200)
  })

  test('10 concurrent PUTs with the same ETag: exactly one wins, the rest get 412, the winner is stored', async (kit) => {
    const h = await kit.harness()
    const admin = await tenant(h)
    const etag = await setWithPolicy(h, admin)
    const writers = Array.from({ length: 10 }, (_, i) => labelPolicy(POLICY, `writer ${i}`))
    const replies = await Promise.all(writers.map((doc) => h.call('PUT', policyPath, { key: admin, json: doc, headers: { 'if-match': etag } })))
    const statuses = replies.map((r) => r.status)
    expect(statuses.filter((s) => s === 200), JSON.stringify(statuses)).toHaveLength(1)
    expect(statuses.filter((s) => s === 412)).toHaveLength(9)
    for (const r of replies) if (r.status === 412) expectError(r, 412, 'precondition_failed')
    const winner = statuses.indexOf(200)
    const stored = await h.call('GET', policyPath, { key: admin })
    expect(stored.json()).toEqual(writers[winner])
    expect(stored.headers.get('etag')).toBe(replies[winner]?.headers.get('etag'))
    // One new version, not ten.
    expect(await version(h, admin)).toBe(3)
  })
}
