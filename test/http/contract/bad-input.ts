/**
 * Hostile and broken requests against every route that takes a body, path parameters, a query or
 * credentials, generated from the route table. Whatever arrives, the answer is a 4xx in the error
 * envelope (an AdmissionReview on the admission route), never a 5xx: every reply of this section
 * goes through {@link guarded}, which fails the test on any status ≥ 500.
 */
import { expect } from 'vitest'
import { MAX_BODY_BYTES } from '../../../shared/api/body.ts'
import type { ContractTest, Kit } from '../contract.ts'
import { expectError, expectIssue, expectReviewError, once, type CallOptions, type Harness } from './helpers.ts'
import { ALIAS_BOMB, admissionPath, nestedJson, pod, review } from './fixtures.ts'
import { ROUTES, routeName, targetOf, type BodyKind, type RouteCase } from './routes.ts'
import { setupTenant, type TenantWorld } from './world.ts'

/** The harness with every reply checked for "never a 5xx". */
function guarded(h: Harness): Harness {
  return {
    ...h,
    call: async (method, path, options) => {
      const r = await h.call(method, path, options)
      expect(r.status, `${method} ${path} answered ${r.status}: ${r.text.slice(0, 300)}`).toBeLessThan(500)
      return r
    },
  }
}

type World = { h: Harness; a: TenantWorld }

/** The credential that passes each route's auth, so the check under test is the one that answers. */
function credential(w: World, route: RouteCase): string | undefined {
  if (route.caller === 'operator') return w.h.root
  if (route.caller === 'public' || route.caller === 'webhook') return undefined
  return w.a.admin.secret
}

/** A well-formed request to `route` against tenant A, with `key` set. */
function valid(w: World, route: RouteCase): { path: string; options: CallOptions } {
  const t = { ...targetOf(w.a), webhookSecret: w.a.webhook.secret }
  const { path, options } = route.request(t)
  return { path, options: { ...options, key: credential(w, route) } }
}

const PRIMARY: Record<BodyKind, string> = { json: 'application/json', documents: 'application/yaml', review: 'application/json' }

/** The route's valid body as text. */
function validText(options: CallOptions): string {
  if (options.yaml !== undefined) return options.yaml
  return JSON.stringify(options.json ?? {})
}

/** A body replacing the valid one: same path, key and headers (preconditions), new bytes and type. */
function withBody(options: CallOptions, body: CallOptions['body'], contentType: string, extra: Record<string, string> = {}): CallOptions {
  return { key: options.key, headers: { ...options.headers, ...extra }, body, contentType }
}

/** `bytes` bytes of body, streamed in 64 KiB chunks with no Content-Length (as chunked encoding arrives). */
function stream(bytes: number): ReadableStream<Uint8Array> {
  let left = bytes
  return new ReadableStream({
    pull(controller) {
      if (left <= 0) return controller.close()
      const n = Math.min(left, 64 * 1024)
      left -= n
      controller.enqueue(new Uint8Array(n).fill(0x61))
    },
  })
}

/** The route's valid JSON body with its first field's value nested `levels` deep. */
function deepJson(options: CallOptions, kind: BodyKind, levels: number): string {
  if (kind === 'documents') return nestedJson(levels)
  if (kind === 'review') {
    const r = review(pod('deep'))
    ;((r.request as Record<string, Record<string, unknown>>).object as Record<string, unknown>).deep = '__DEEP__'
    return JSON.stringify(r).replace('"__DEEP__"', nestedJson(levels))
  }
  const body = { ...(options.json as Record<string, unknown>) }
  const first = Object.keys(body)[0] ?? 'x'
  body[first] = '__DEEP__'
  return JSON.stringify(body).replace('"__DEEP__"', nestedJson(levels))
}

/** Asserts a refusal: the error envelope, or an AdmissionReview on the admission route. */
function refused(kind: BodyKind | undefined, r: Awaited<ReturnType<Harness['call']>>, status: number): void {
  if (kind === 'review') expectReviewError(r, status)
  else expectError(r, status)
}

type BodyCase = { name: string; kinds: BodyKind[]; status: number; make(o: CallOptions, kind: BodyKind): CallOptions; check?(r: Awaited<ReturnType<Harness['call']>>): void }

const BODY_CASES: BodyCase[] = [
  {
    name: 'a body over 1 MiB with its Content-Length → 413',
    kinds: ['json', 'documents', 'review'],
    status: 413,
    make: (o, k) => withBody(o, 'a'.repeat(MAX_BODY_BYTES + 1), PRIMARY[k], { 'content-length': String(MAX_BODY_BYTES + 1) }),
  },
  {
    name: 'a body over 1 MiB streamed without Content-Length → 413',
    kinds: ['json', 'documents', 'review'],
    status: 413,
    make: (o, k) => withBody(o, stream(MAX_BODY_BYTES + 1), PRIMARY[k]),
  },
  { name: 'an unsupported content type → 415', kinds: ['json', 'documents', 'review'], status: 415, make: (o) => withBody(o, validText(o), 'text/html; charset=utf-8') },
  { name: 'malformed JSON → 400', kinds: ['json', 'documents', 'review'], status: 400, make: (o) => withBody(o, '{"name": ', 'application/json') },
  { name: 'malformed YAML → 400', kinds: ['documents'], status: 400, make: (o) => withBody(o, 'kind: [unclosed\n  - : :\n', 'application/yaml') },
  { name: 'a YAML alias bomb → 400', kinds: ['json', 'documents', 'review'], status: 400, make: (o, k) => withBody(o, ALIAS_BOMB, PRIMARY[k]) },
  { name: 'JSON nested 10,000 levels → 400', kinds: ['json', 'documents', 'review'], status: 400, make: (o, k) => withBody(o, deepJson(o, k, 10_000), 'application/json') },
  { name: 'YAML nested 10,000 levels → 400', kinds: ['documents'], status: 400, make: (o) => withBody(o, `a:\n  ${nestedJson(10_000)}`, 'application/yaml') },
  { name: 'an empty body → 400', kinds: ['json', 'documents', 'review'], status: 400, make: (o, k) => withBody(o, '', PRIMARY[k]) },
  { name: 'invalid UTF-8 → 400', kinds: ['documents', 'review'], status: 400, make: (o, k) => withBody(o, new Uint8Array([0x6b, 0x3a, 0x20, 0xff, 0xfe]), PRIMARY[k]) },
  {
    name: 'an unknown field → 400 naming it',
    kinds: ['json'],
    status: 400,
    make: (o) => withBody(o, JSON.stringify({ ...(o.json as object), bogusField: true }), 'application/json'),
    check: (r) => expectIssue(expectError(r, 400, 'bad_request'), 'body.bogusField', /bogusField/),
  },
]

/** Values each path parameter must refuse (raw; encoded when sent unless marked). */
const BAD_PARAMS: Record<string, Array<{ value: string; raw?: boolean }>> = {
  id: [{ value: '-dash-first' }, { value: 'has space' }, { value: 'x'.repeat(129) }, { value: 'a#b' }, { value: 'ünïcödé' }, { value: 'a/b' }, { value: '%zz', raw: true }],
  set: [{ value: '_underscore-first' }, { value: 'semi;colon' }, { value: 'x'.repeat(200) }, { value: 'tenant#other' }, { value: 'a/b' }],
  name: [{ value: 'UPPER' }, { value: 'under_score' }, { value: '-x' }, { value: 'x'.repeat(254) }],
  n: [{ value: '0' }, { value: '-1' }, { value: 'abc' }, { value: '1.5' }, { value: '1e400' }, { value: '9'.repeat(30) }],
}

/** Admission keys that must get a 401 AdmissionReview. */
const BAD_WEBHOOK_KEYS = ['short', 'x'.repeat(300), `vwh_${'!'.repeat(43)}`, `vdk_${'A'.repeat(43)}`, `vwh_${'A'.repeat(43)}`, `vwh_${'A'.repeat(44)}`]

/** Authorization headers that must get a 401 wherever a credential is needed. */
const BAD_AUTH: Array<{ name: string; header?: string }> = [
  { name: 'no Authorization' },
  { name: 'an empty Bearer', header: 'Bearer ' },
  { name: 'Basic credentials', header: 'Basic dXNlcjpwYXNz' },
  { name: 'a garbage token', header: 'Bearer garbage' },
  { name: 'two tokens', header: `Bearer vdk_${'A'.repeat(43)} vdk_${'B'.repeat(43)}` },
  { name: 'an unknown API key', header: `Bearer vdk_${'A'.repeat(43)}` },
  { name: 'an unknown root token', header: `Bearer vrt_${'A'.repeat(43)}` },
]

/** `path` with the segment of parameter `param` (per the route's template) replaced by `value`. */
function replaceParam(route: RouteCase, path: string, param: string, value: string): string {
  const [pathname = '', query] = path.split('?')
  const template = route.path.split('/')
  const parts = pathname.split('/')
  parts[template.indexOf(`{${param}}`)] = value
  return parts.join('/') + (query ? `?${query}` : '')
}

export function badInputContract(test: ContractTest): void {
  let shared: (() => Promise<World>) | undefined
  // Refused requests change nothing, so one tenant serves every case.
  const world = (kit: Kit) =>
    (shared ??= once(async () => {
      const h = await kit.harness()
      return { h, a: await setupTenant(h, 'acme') }
    }))().then((w) => ({ ...w, h: guarded(w.h) }))

  for (const route of ROUTES.filter((r) => r.body !== undefined)) {
    const kind = route.body as BodyKind
    for (const c of BODY_CASES.filter((x) => x.kinds.includes(kind))) {
      test(`${routeName(route)}: ${c.name}`, async (kit) => {
        const w = await world(kit)
        const { path, options } = valid(w, route)
        const r = await w.h.call(route.method, path, c.make(options, kind))
        if (c.check) c.check(r)
        else refused(kind, r, c.status)
      })
    }
  }

  test('PUT /v1/policysets/{set}: unknown fields of the JSON form → 400 naming them', async (kit) => {
    const w = await world(kit)
    const r = await w.h.call('PUT', '/v1/policysets/another', { key: w.a.admin.secret, json: { policies: [], descripton: 'typo' } })
    expectIssue(expectError(r, 400, 'bad_request'), 'body.descripton', /descripton/)
  })

  test('POST /v1/admission/{webhookKey}/validate: a malformed review → 400 AdmissionReview naming the problem', async (kit) => {
    const w = await world(kit)
    const path = admissionPath(w.a.webhook.secret)
    const good = review(pod('web'), { uid: 'u-1' })
    const without = (field: string) => ({ ...good, request: Object.fromEntries(Object.entries(good.request as object).filter(([k]) => k !== field)) })
    // The uid is echoed whenever the body carried one, so the API server can match the answer.
    const cases: Array<{ body: unknown; message: RegExp; uid: string }> = [
      { body: without('uid'), message: /request\.uid: required/, uid: '' },
      { body: { ...good, apiVersion: 'admission.k8s.io/v2' }, message: /apiVersion: expected admission\.k8s\.io\/v1/, uid: 'u-1' },
      { body: { ...good, kind: 'Pod' }, message: /kind: expected AdmissionReview/, uid: 'u-1' },
      { body: { ...good, request: undefined }, message: /request/, uid: '' },
      { body: without('operation'), message: /request\.operation/, uid: 'u-1' },
      { body: [good], message: /expected an AdmissionReview object/, uid: '' },
      { body: 'just a string', message: /expected an AdmissionReview object/, uid: '' },
    ]
    for (const c of cases) {
      const r = expectReviewError(await w.h.call('POST', path, { json: c.body }), 400, c.message)
      expect(r.response.uid).toBe(c.uid)
      expect(r.apiVersion).toBe('admission.k8s.io/v1')
    }
    expectReviewError(await w.h.call('POST', path, { body: 'not json at all', contentType: 'application/json' }), 400, /not valid JSON/)
  })

  for (const key of BAD_WEBHOOK_KEYS) {
    test(`POST /v1/admission/{webhookKey}/validate: webhook key ${key.slice(0, 12)}…(${key.length}) → 401 AdmissionReview`, async (kit) => {
      const w = await world(kit)
      const r = expectReviewError(await w.h.call('POST', admissionPath(key), { json: review(pod('web'), { uid: 'u-401' }) }), 401, /invalid webhook key/)
      expect(r.response.uid).toBe('u-401')
    })
  }

  for (const route of ROUTES.filter((r) => /\{(id|set|name|n)\}/.test(r.path))) {
    for (const param of [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string)) {
      test(`${routeName(route)}: malformed {${param}} → 400 naming param.${param}`, async (kit) => {
        const w = await world(kit)
        const { path, options } = valid(w, route)
        for (const bad of BAD_PARAMS[param] ?? []) {
          const r = await w.h.call(route.method, replaceParam(route, path, param, bad.raw ? bad.value : encodeURIComponent(bad.value)), options)
          expectIssue(expectError(r, 400, 'bad_request'), `param.${param}`)
        }
      })
    }
  }

  test('query parameters are validated: paging, evaluate policySet and format', async (kit) => {
    const w = await world(kit)
    const key = w.a.admin.secret
    for (const list of ['/v1/keys', '/v1/policysets', '/v1/clusters', '/v1/audit', `/v1/policysets/${w.a.setId}/versions`]) {
      for (const q of ['limit=0', 'limit=101', 'limit=abc', 'limit=1.5', 'cursor=', `cursor=${encodeURIComponent('é'.repeat(600))}`, `cursor=${'a'.repeat(600)}`]) {
        expectIssue(expectError(await w.h.call('GET', `${list}?${q}`, { key }), 400, 'bad_request'), /^query\./)
      }
    }
    const body = { yaml: JSON.stringify(pod('x')), key }
    expectIssue(expectError(await w.h.call('POST', `/v1/evaluate?policySet=${w.a.setId}&format=pdf`, body), 400), 'query.format')
    expectIssue(expectError(await w.h.call('POST', '/v1/evaluate?policySet=bad%20id', body), 400), 'query.policySet')
    expectIssue(expectError(await w.h.call('POST', '/v1/evaluate', body), 400), 'query.policySet')
    expectError(await w.h.call('POST', '/v1/evaluate?policySet=missing', body), 404, 'not_found')
  })

  test('manifests the evaluator cannot read → 400', async (kit) => {
    const w = await world(kit)
    const key = w.a.evaluate.secret
    const path = `/v1/evaluate?policySet=${w.a.setId}`
    for (const yaml of ['just a string', '- 1\n- 2', 'kind: Pod', JSON.stringify({ apiVersion: 'v1', kind: 'Pod' })]) {
      expectError(await w.h.call('POST', path, { key, yaml }), 400, 'bad_request')
    }
  })

  for (const route of ROUTES.filter((r) => r.caller !== 'public' && r.caller !== 'webhook')) {
    test(`${routeName(route)}: missing or invalid credentials → 401`, async (kit) => {
      const w = await world(kit)
      const { path, options } = valid(w, route)
      for (const bad of BAD_AUTH) {
        const r = await w.h.call(route.method, path, { ...options, key: undefined, auth: bad.header })
        expect(expectError(r, 401, 'unauthorized').message, bad.name).toMatch(/Authorization|invalid/i)
      }
    })
  }

  test('the body of a request that fails authentication is not read', async (kit) => {
    const w = await world(kit)
    let pulled = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 4 * MAX_BODY_BYTES) return controller.close()
        pulled += 64 * 1024
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x7b))
      },
    })
    expectError(await w.h.call('POST', '/v1/keys', { auth: 'Bearer nope', body, contentType: 'application/json' }), 401)
    // At most what the stream machinery prefetches, nowhere near the whole body.
    expect(pulled).toBeLessThanOrEqual(256 * 1024)
  })

  test('unknown routes and methods answer 404 in the envelope', async (kit) => {
    const w = await world(kit)
    for (const [method, path] of [
      ['GET', '/v2/keys'],
      ['GET', '/v1/nothing'],
      ['PUT', '/v1/audit'],
      ['GET', `/v1/admission/${w.a.webhook.secret}/validate`],
    ] as const) {
      expectError(await w.h.call(method, path, { key: w.a.admin.secret }), 404, 'not_found')
    }
  })
}
