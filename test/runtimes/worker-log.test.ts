/**
 * The verdict log from the Worker as it runs on Cloudflare: functions/worker.ts bundled as wrangler
 * does, in workerd through Miniflare, DynamoDB Local as the store. A decision served by the Worker
 * is written from that request's `waitUntil` (the Worker passes no `waitUntil` dep, so the app uses
 * the execution context) through the AWS SDK, and is then read from DynamoDB directly — not through
 * the Worker — and through the Worker's own report routes.
 */
import { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashSecret, mintSecret } from '../../shared/api/auth/secrets.ts'
import { createDynamoVerdictLog } from '../../shared/store/dynamodb/log.ts'
import type { VerdictLog, VerdictRecord } from '../../shared/store/ports.ts'
import { startDynamoDBLocal, type DynamoDBLocal } from '../stores/dynamodb-local.ts'
import { bundleWorker, localAwsBindings } from '../workerd.ts'
import { eventually } from '../eventually.ts'

const ROOT = mintSecret('root')
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
const pod = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shop', labels }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } })
const review = (uid: string, object: ReturnType<typeof pod>) => ({
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  request: { uid, kind: { group: '', version: 'v1', kind: 'Pod' }, resource: { group: '', version: 'v1', resource: 'pods' }, name: object.metadata.name, namespace: 'shop', operation: 'CREATE', userInfo: { username: 'alice' }, object, oldObject: null },
})

let ddb: DynamoDBLocal | undefined
let mf: Miniflare | undefined
let log: VerdictLog
let admin = ''

async function call(method: string, path: string, body?: unknown, key = admin) {
  const res = await mf!.dispatchFetch(`${ORIGIN}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

/** Every record DynamoDB holds for the tenant, read with the adapter (not through the Worker). */
const stored = async (): Promise<VerdictRecord[]> => (await log.list('acme', { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString(), limit: 100, now: new Date().toISOString() })).items


beforeAll(async () => {
  const [local, bundle] = await Promise.all([
    startDynamoDBLocal(),
    bundleWorker('functions/worker.ts'),
  ])
  ddb = local
  const tableName = await ddb.createTable()
  log = createDynamoVerdictLog({ client: ddb.client, tableName })
  mf = new Miniflare({
    modules: true,
    script: bundle,
    compatibilityDate: '2026-04-01',
    kvNamespaces: ['SNAPSHOTS'],
    bindings: { ...localAwsBindings(ddb.endpoint), VERDICT_DYNAMODB_TABLE: tableName, VERDICT_ROOT_TOKEN_HASH: await hashSecret(ROOT) },
  })
  const tenant = await call('POST', '/v1/tenants', { tenantId: 'acme', name: 'Acme' }, ROOT)
  admin = tenant.body.secret
}, 60_000)

afterAll(async () => {
  await mf?.dispose()
  await ddb?.stop()
})

describe('the verdict log from the Worker in workerd', () => {
  it('writes an admission decision to DynamoDB from the request’s waitUntil, and reads it back through the Worker', async () => {
    expect((await call('PUT', '/v1/policysets/prod', { policies: [requireTeam] })).status).toBe(201)
    const cluster = await call('POST', '/v1/clusters', { clusterId: 'edge-1', displayName: 'Edge 1', policySetId: 'prod', failureMode: 'fail-closed', kubernetesVersion: '1.30' })
    expect(cluster.status).toBe(201)
    const res = await mf!.dispatchFetch(`${ORIGIN}/v1/admission/${cluster.body.secret}/validate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(review('uid-worker-1', pod('web'))) })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { response: { allowed: boolean } }).response.allowed).toBe(false)

    const [record] = await eventually(async () => {
      const all = await stored()
      return all.length > 0 ? all : null
    }, 10_000, 50)
    expect(record).toMatchObject({
      source: { type: 'cluster', clusterId: 'edge-1' },
      uid: 'uid-worker-1',
      operation: 'CREATE',
      resource: { kind: 'Pod', namespace: 'shop', name: 'web' },
      policySet: { name: 'prod', version: 2 },
      results: [{ policy: 'require-team', rule: 'team-label', status: 'fail', action: 'Enforce' }],
      allowed: false,
      dryRun: false,
    })
    const read = await mint('read')
    const listed = await call('GET', '/v1/verdicts', undefined, read)
    expect(listed.status).toBe(200)
    expect(listed.body.items).toEqual([record])
    // The rollups were written in the same transaction: the summary counts it.
    const summary = await call('GET', '/v1/reports/summary', undefined, read)
    expect(summary.body.rows).toEqual([expect.objectContaining({ source: 'edge-1', policy: 'require-team', rule: 'team-label', fail: 1, pass: 0 })])
    expect(summary.body.clusters).toEqual([expect.objectContaining({ clusterId: 'edge-1', silent: false, lastSeen: record!.time })])
  })

  it('writes every resource of a CI evaluation, with the caller’s label', async () => {
    const res = await mf!.dispatchFetch(`${ORIGIN}/v1/evaluate?policySet=prod&source=${encodeURIComponent('gitlab/acme/shop')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify([pod('a', { team: 'x' }), pod('b')]),
    })
    expect(res.status).toBe(200)
    const ci = await eventually(async () => {
      const all = (await stored()).filter((r) => r.source.type === 'ci')
      return all.length === 2 ? all : null
    }, 10_000, 50)
    expect(ci.map((r) => [r.source, r.resource.name, r.allowed])).toEqual([
      [{ type: 'ci', label: 'gitlab/acme/shop' }, 'b', false],
      [{ type: 'ci', label: 'gitlab/acme/shop' }, 'a', true],
    ])
  })
})

async function mint(scope: string): Promise<string> {
  const r = await call('POST', '/v1/keys', { name: scope, scopes: [scope] })
  expect(r.status).toBe(201)
  return r.body.secret
}
