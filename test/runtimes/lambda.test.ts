/**
 * functions/lambda.ts as Lambda runs it: the exported handler called directly with API Gateway
 * HTTP API (payload 2.0) events, configured only through its environment, against DynamoDB Local.
 * The SDK finds the endpoint through `AWS_ENDPOINT_URL_DYNAMODB`, so the handler has no test path.
 */
// First, before anything loads shared/store/schemas.ts: zod 4 copies prototype extensions such as
// `.openapi` onto each schema when it is built, and shared/api/routes/policies.ts calls
// `PolicyName.openapi(…)`. The entry points import the app first; this file must too.
import '@hono/zod-openapi'
import { readFileSync } from 'node:fs'
import { GetItemCommand } from '@aws-sdk/client-dynamodb'
import type { LambdaEvent } from 'hono/aws-lambda'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { hashSecret, mintSecret } from '../../shared/api/auth/secrets.ts'
import { startDynamoDBLocal, type DynamoDBLocal } from '../stores/dynamodb-local.ts'

type Handler = typeof import('../../functions/lambda.ts').handler
type Request = { body?: unknown; token?: string; base64?: boolean; query?: string }

const PUBLIC_URL = 'https://verdict.example.com'
const ROOT = mintSecret('root')
let local: DynamoDBLocal | undefined
let handler: Handler
let table: string

/** An HTTP API payload 2.0 event, shaped like the ones API Gateway sends. */
function event(method: string, path: string, r: Request = {}): LambdaEvent {
  const text = r.body === undefined ? null : JSON.stringify(r.body)
  const headers: Record<string, string> = { host: 'abc123.execute-api.eu-west-1.amazonaws.com', 'user-agent': 'vitest' }
  if (text !== null) headers['content-type'] = 'application/json'
  if (r.token) headers.authorization = `Bearer ${r.token}`
  return {
    version: '2.0',
    routeKey: path === '/' ? 'ANY /' : 'ANY /{proxy+}',
    rawPath: path,
    rawQueryString: r.query ?? '',
    headers,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      authentication: null,
      authorizer: {},
      domainName: headers.host as string,
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      routeKey: path === '/' ? 'ANY /' : 'ANY /{proxy+}',
      stage: '$default',
      time: '23/Nov/2026:12:00:00 +0000',
      timeEpoch: 1_795_435_200_000,
    },
    body: text !== null && r.base64 ? Buffer.from(text).toString('base64') : text,
    isBase64Encoded: Boolean(text !== null && r.base64),
  }
}

async function call(method: string, path: string, r?: Request): Promise<{ status: number; json: any; headers: Record<string, unknown> }> {
  const res = await handler(event(method, path, r))
  const body = res.isBase64Encoded ? Buffer.from(res.body, 'base64').toString() : res.body
  return { status: res.statusCode, json: body ? JSON.parse(body) : undefined, headers: res.headers ?? {} }
}

beforeAll(async () => {
  local = await startDynamoDBLocal()
  table = await local.createTable('verdict-lambda')
  vi.stubEnv('VERDICT_TABLE', table)
  vi.stubEnv('VERDICT_ROOT_TOKEN_HASH', await hashSecret(ROOT))
  vi.stubEnv('VERDICT_PUBLIC_URL', PUBLIC_URL)
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', local.endpoint)
  vi.stubEnv('AWS_REGION', 'us-east-1')
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local')
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local')
  // Imported only now: like a cold start, the module reads its environment once.
  handler = (await import('../../functions/lambda.ts')).handler
}, 40_000)

afterAll(async () => {
  vi.unstubAllEnvs()
  await local?.stop()
})

const requireTeam = {
  apiVersion: 'kyverno.io/v1',
  kind: 'ClusterPolicy',
  metadata: { name: 'require-team' },
  spec: {
    validationFailureAction: 'Enforce',
    rules: [{ name: 'team-label', match: { any: [{ resources: { kinds: ['Pod'] } }] }, validate: { message: 'label team is required', pattern: { metadata: { labels: { team: '?*' } } } } }],
  },
}

function review(uid: string, labels: Record<string, string>) {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop', labels }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } }
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid,
      kind: { group: '', version: 'v1', kind: 'Pod' },
      resource: { group: '', version: 'v1', resource: 'pods' },
      name: 'web',
      namespace: 'shop',
      operation: 'CREATE',
      userInfo: { username: 'alice', groups: ['dev'] },
      object: pod,
      oldObject: null,
    },
  }
}

describe('functions/lambda.ts', () => {
  it('stays a thin entry point (≤ 50 lines)', () => {
    expect(readFileSync(new URL('../../functions/lambda.ts', import.meta.url), 'utf8').trimEnd().split('\n').length).toBeLessThanOrEqual(50)
  })

  it('answers /healthz', async () => {
    const r = await call('GET', '/healthz')
    expect(r.status).toBe(200)
    expect(r.json).toMatchObject({ status: 'ok' })
    expect(r.headers['x-request-id']).toBeTruthy()
  })

  it('answers unknown paths with the JSON 404 envelope', async () => {
    const r = await call('GET', '/nowhere', { query: 'a=1' })
    expect(r.status).toBe(404)
    expect(r.json.error.code).toBe('not_found')
  })

  it('refuses tenant creation without the root token', async () => {
    expect((await call('POST', '/v1/tenants', { body: { tenantId: 'x', name: 'X' } })).status).toBe(401)
    expect((await call('POST', '/v1/tenants', { body: { tenantId: 'x', name: 'X' }, token: mintSecret('root') })).status).toBe(401)
  })

  it('creates a tenant in the table, then decides an admission request', async () => {
    const created = await call('POST', '/v1/tenants', { body: { tenantId: 'acme', name: 'Acme' }, token: ROOT })
    expect(created.status).toBe(201)
    const admin = created.json.secret as string
    const item = await local!.client.send(new GetItemCommand({ TableName: table, Key: { PK: { S: 'T#acme' }, SK: { S: 'TENANT' } } }))
    expect(item.Item?.name?.S).toBe('Acme')

    expect((await call('PUT', '/v1/policysets/baseline', { body: { policies: [requireTeam] }, token: admin })).status).toBe(201)
    const cluster = await call('POST', '/v1/clusters', {
      body: { clusterId: 'prod', displayName: 'Prod', policySetId: 'baseline', failureMode: 'fail-closed', kubernetesVersion: '1.30' },
      token: admin,
    })
    expect(cluster.status).toBe(201)
    expect(cluster.json.webhookConfiguration).toContain(`${PUBLIC_URL}/v1/admission/`)
    const webhook = `/v1/admission/${cluster.json.secret as string}/validate`

    // API Gateway base64-encodes some bodies; the adapter must decode them.
    const denied = await call('POST', webhook, { body: review('uid-1', {}), base64: true })
    expect(denied.status).toBe(200)
    expect(denied.json.response).toMatchObject({ uid: 'uid-1', allowed: false })
    expect(denied.json.response.status.message).toContain('label team is required')

    const allowed = await call('POST', webhook, { body: review('uid-2', { team: 'shop' }) })
    expect(allowed.json.response).toMatchObject({ uid: 'uid-2', allowed: true })
  })
})
