/**
 * The Worker as it runs on Cloudflare: functions/worker.ts bundled the way wrangler does
 * (esbuild, conditions workerd/worker/browser) and run in workerd through Miniflare, with a real
 * KV namespace and DynamoDB Local (reached from workerd over loopback, which Miniflare's outbound
 * network allows by default) as the system of record.
 *
 * To prove where a decision came from, the test changes the set in DynamoDB behind the Worker's
 * back (a write that publishes nothing): an answer that still follows the published version can
 * only have come from KV. The Worker then notices KV is behind and republishes from the store.
 */
import { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashSecret, mintSecret } from '../../shared/api/auth/secrets.ts'
import { createDynamoStores } from '../../shared/store/dynamodb/index.ts'
import type { Stores } from '../../shared/store/ports.ts'
import type { KvPort } from '../../shared/store/kv/index.ts'
import { startDynamoDBLocal, type DynamoDBLocal } from '../stores/dynamodb-local.ts'
import { bundleWorker, localAwsBindings } from '../workerd.ts'
import { eventually } from '../eventually.ts'

const ROOT = mintSecret('root')
const at = () => ({ actorKeyId: 'test', at: new Date().toISOString() })
const ORIGIN = 'http://verdict.test'

const requireTeam = {
  apiVersion: 'kyverno.io/v1',
  kind: 'ClusterPolicy',
  metadata: { name: 'require-team' },
  spec: {
    validationFailureAction: 'Enforce',
    rules: [{ name: 'team-label', match: { any: [{ resources: { kinds: ['Pod'] } }] }, validate: { message: 'pods need a team label', pattern: { metadata: { labels: { team: '?*' } } } } }],
  },
}
const allowAll = { ...requireTeam, metadata: { name: 'audit-only' }, spec: { ...requireTeam.spec, validationFailureAction: 'Audit' } }
const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop', labels: {} }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } }
const review = {
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  request: { uid: '0b8e6f1c-0000-4000-8000-000000000001', kind: { group: '', version: 'v1', kind: 'Pod' }, resource: { group: '', version: 'v1', resource: 'pods' }, name: 'web', namespace: 'shop', operation: 'CREATE', userInfo: { username: 'alice' }, object: pod, oldObject: null },
}

let ddb: DynamoDBLocal | undefined
let mf: Miniflare | undefined
let direct: Stores
// Miniflare types its proxy with @cloudflare/workers-types, which this repo does not install; the
// proxy is a real KVNamespace, so it has the port's get/put.
let kv: KvPort
let adminKey = ''

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await mf!.dispatchFetch(`${ORIGIN}${path}`, {
    method,
    headers: { authorization: `Bearer ${adminKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

const kvJson = async (key: string) => {
  const text = await kv.get(key)
  return text === null ? null : (JSON.parse(text) as Record<string, unknown>)
}

beforeAll(async () => {
  const [local, bundle] = await Promise.all([
    startDynamoDBLocal(),
    bundleWorker('functions/worker.ts'),
  ])
  ddb = local
  const tableName = await ddb.createTable()
  direct = createDynamoStores({ client: ddb.client, tableName })
  mf = new Miniflare({
    modules: true,
    script: bundle,
    compatibilityDate: '2026-04-01',
    kvNamespaces: ['SNAPSHOTS'],
    bindings: { ...localAwsBindings(ddb.endpoint), VERDICT_DYNAMODB_TABLE: tableName, VERDICT_ROOT_TOKEN_HASH: await hashSecret(ROOT) },
  })
  kv = (await mf.getKVNamespace('SNAPSHOTS')) as unknown as KvPort
}, 60_000)

afterAll(async () => {
  await mf?.dispose()
  await ddb?.stop()
})

describe('Worker in workerd (Miniflare) with KV and DynamoDB Local', () => {
  let uid = ''

  it('answers /healthz', async () => {
    const res = await mf!.dispatchFetch(`${ORIGIN}/healthz`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'ok' })
  })

  it('lets the operator create a tenant (root token hash from the binding)', async () => {
    const r = await call('POST', '/v1/tenants', { tenantId: 'acme', name: 'Acme' }, { authorization: `Bearer ${ROOT}` })
    expect(r.status).toBe(201)
    adminKey = r.body.secret
  })

  it('publishes the snapshot and then the pointer to KV after a set is written', async () => {
    const r = await call('PUT', '/v1/policysets/prod', { policies: [requireTeam] })
    expect(r.status).toBe(201)
    expect(r.body.set.version).toBe(2)
    uid = r.body.set.uid
    const ptr = await eventually(() => kvJson('ptr/acme/prod'))
    expect(ptr).toMatchObject({ uid, version: 2 })
    const snap = await kvJson(`snap/acme/prod/${uid}/2`)
    expect(snap).toMatchObject({ format: 2, tenantId: 'acme', setId: 'prod', uid, version: 2, policies: [{ name: 'require-team', document: requireTeam }] })
    // Format 2 carries the kind index (Pod and its autogen controllers), so a cold isolate reads no document to compile the set.
    expect(snap?.kindIndex).toMatchObject({ revision: 1, entries: [{ kinds: expect.arrayContaining(['Pod', 'Deployment', 'CronJob']), open: false, namespaceSelector: false }] })
  })

  it('decides from the KV snapshot, not the store, until its freshness check republishes the store\'s version', async () => {
    // Behind the Worker's back: DynamoDB now holds v3 with only an Audit policy; nothing is published.
    const changed = await direct.policySets.replace('acme', 'prod', [{ name: 'audit-only', document: allowAll }], { version: 2 }, at())
    expect(changed.ok && changed.value.set.version).toBe(3)

    // The isolate's first read of the set: KV's v2, which has the Enforce rule the store's v3 lacks.
    const evaluate = () => mf!.dispatchFetch(`${ORIGIN}/v1/evaluate?policySet=prod`, { method: 'POST', headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify(pod) })
    const report = await evaluate()
    expect(report.status).toBe(200)
    expect(await report.json()).toMatchObject({ policySet: { name: 'prod', version: 2 }, verdict: 'fail' })

    // After that answer the Worker compared KV with the store and republished v3 (shared/api/set-cache.ts).
    await eventually(async () => ((await kvJson('ptr/acme/prod'))?.version === 3 ? true : null))
    expect(await kvJson(`snap/acme/prod/${uid}/3`)).toMatchObject({ version: 3, policies: [{ name: 'audit-only' }] })
    const cluster = await call('POST', '/v1/clusters', { clusterId: 'c1', displayName: 'C1', policySetId: 'prod', failureMode: 'fail-closed', kubernetesVersion: '1.30' })
    expect(cluster.status).toBe(201)
    const res = await mf!.dispatchFetch(`${ORIGIN}/v1/admission/${cluster.body.secret}/validate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(review) })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { response: { allowed: boolean } }).response.allowed).toBe(true)
    expect(await (await evaluate()).json()).toMatchObject({ policySet: { version: 3 }, verdict: 'pass' })
  })

  it('falls back to the store for a set that has not reached KV', async () => {
    const created = await direct.policySets.create('acme', { setId: 'fresh' }, at())
    expect(created.ok).toBe(true)
    await direct.policySets.replace('acme', 'fresh', [{ name: 'require-team', document: requireTeam }], { version: 1 }, at())
    const res = await mf!.dispatchFetch(`${ORIGIN}/v1/evaluate?policySet=fresh`, { method: 'POST', headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify(pod) })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ policySet: { name: 'fresh', version: 2 }, verdict: 'fail' })
    expect(await kv.get('ptr/acme/fresh')).toBeNull()
  })

  it('never overwrites an existing snapshot key, and still moves the pointer', async () => {
    const key = `snap/acme/prod/${uid}/4`
    await kv.put(key, '{"sentinel":true}')
    const r = await call('PUT', '/v1/policysets/prod', { policies: [requireTeam] }, { 'if-match': '"3"' })
    expect(r.status).toBe(200)
    expect(r.body.set.version).toBe(4)
    await eventually(async () => ((await kvJson('ptr/acme/prod'))?.version === 4 ? true : null))
    expect(await kv.get(key)).toBe('{"sentinel":true}')
  })

  it('publishes a policy write, and a tombstone when the set is deleted', async () => {
    const put = await call('PUT', '/v1/policysets/prod/policies/audit-only', allowAll)
    expect(put.status).toBe(201)
    expect(put.body.set.version).toBe(5)
    await eventually(async () => ((await kvJson('ptr/acme/prod'))?.version === 5 ? true : null))
    expect(await kvJson(`snap/acme/prod/${uid}/5`)).toMatchObject({ version: 5, policies: [{ name: 'audit-only' }, { name: 'require-team' }] })

    const del = await call('DELETE', '/v1/policysets/prod', undefined, { 'if-match': '"5"' })
    expect(del.status).toBe(200)
    const ptr = await eventually(async () => {
      const p = await kvJson('ptr/acme/prod')
      return p?.deleted === true ? p : null
    })
    expect(ptr).toMatchObject({ uid, version: 5, deleted: true })
  })
})
