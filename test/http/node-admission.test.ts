/**
 * The admission route behind @hono/node-server, as `npm start` serves it. On Node the body is read
 * through the adapter's own whole-body read when a Content-Length is declared (the web-stream path
 * otherwise), so the size limit, UTF-8 and the decision are checked over real HTTP here: `app.request`
 * hands the app a standard Request, which always takes the stream path.
 */
import type { AddressInfo } from 'node:net'
import { request as httpRequest } from 'node:http'
import { serve, type ServerType } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../shared/api/app.ts'
import { hashSecret, mintSecret } from '../../shared/api/auth/secrets.ts'
import { MAX_BODY_BYTES } from '../../shared/api/body.ts'
import { createMemoryStores } from '../../shared/store/memory/index.ts'
import { admissionPath, pod, review, SECCOMP_POLICY } from './contract/fixtures.ts'

let server: ServerType
let base = ''
let webhookKey = ''

beforeAll(async () => {
  const root = mintSecret('root')
  const app = createApp({ stores: createMemoryStores(), rootTokenHash: await hashSecret(root) })
  const call = async (method: string, path: string, auth: string, body: string, type = 'application/json') => {
    const res = await app.request(path, { method, headers: { authorization: `Bearer ${auth}`, 'content-type': type }, body })
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
    return (await res.json()) as { secret: string }
  }
  const admin = (await call('POST', '/v1/tenants', root, JSON.stringify({ tenantId: 'acme', name: 'Acme' }))).secret
  await call('PUT', '/v1/policysets/prod', admin, SECCOMP_POLICY, 'application/yaml')
  const cluster = { clusterId: 'c', displayName: 'c', policySetId: 'prod', failureMode: 'fail-closed', kubernetesVersion: '1.30', namespaceExclusions: [] }
  webhookKey = (await call('POST', '/v1/clusters', admin, JSON.stringify(cluster))).secret
  server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 })
  await new Promise((r) => server.once('listening', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => new Promise<void>((r) => server.close(() => r())))

type Answer = { status: number; body: { response: { uid: string; allowed: boolean; status?: { code?: number; message?: string } } } }

/** POSTs `chunks` to the admission route, with a Content-Length unless `chunked`. */
function post(chunks: Uint8Array[], chunked = false): Promise<Answer> {
  const size = chunks.reduce((n, c) => n + c.byteLength, 0)
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(size) }) }
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${admissionPath(webhookKey)}`, { method: 'POST', headers }, (res) => {
      let text = ''
      res.on('data', (d: Buffer) => (text += d.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Answer['body'] }))
    })
    req.on('error', reject)
    for (const c of chunks) req.write(c)
    req.end()
  })
}

const utf8 = (s: string) => new TextEncoder().encode(s)

describe('admission over Node HTTP', () => {
  for (const chunked of [false, true]) {
    const how = chunked ? 'chunked' : 'with Content-Length'
    it(`decides a review sent ${how}`, async () => {
      const allowed = await post([utf8(JSON.stringify(review(pod('ok'), { uid: 'u-ok' })))], chunked)
      expect(allowed).toMatchObject({ status: 200, body: { response: { uid: 'u-ok', allowed: true } } })
      const denied = await post([utf8(JSON.stringify(review(pod('bad', { seccomp: 'none' }), { uid: 'u-bad' })))], chunked)
      expect(denied.status).toBe(200)
      expect(denied.body.response).toMatchObject({ uid: 'u-bad', allowed: false, status: { code: 403 } })
    })

    it(`refuses a body over ${MAX_BODY_BYTES} bytes sent ${how} with a 413 AdmissionReview`, async () => {
      const chunk = new Uint8Array(64 * 1024).fill(0x20)
      const r = await post(Array.from({ length: MAX_BODY_BYTES / chunk.byteLength + 1 }, () => chunk), chunked)
      expect(r.status).toBe(413)
      expect(r.body.response).toMatchObject({ allowed: false, status: { code: 413 } })
    })

    it(`refuses invalid UTF-8 sent ${how} with a 400 AdmissionReview`, async () => {
      const r = await post([utf8('{"a":"'), new Uint8Array([0xff, 0xfe]), utf8('"}')], chunked)
      expect(r.status).toBe(400)
      expect(r.body.response.status?.message).toBe('body is not valid UTF-8')
    })
  }
})
