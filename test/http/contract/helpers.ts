/**
 * The HTTP harness every section uses: an app on a fresh set of stores, a clock, and the assertions
 * that define the API's error shapes. In process, the app comes from `createApp` and is driven
 * with `app.request` (no network) under a controllable clock; a runtime suite (the Worker in
 * workerd) builds its own harnesses with {@link harnessOver}, sending real requests through its
 * `fetch` under the real clock.
 */
import { expect } from 'vitest'
import { z } from 'zod'
import { createApp } from '../../../shared/api/app.ts'
import type { AppDeps } from '../../../shared/api/env.ts'
import { ErrorCode, statusOf } from '../../../shared/api/errors.ts'
import { hashSecret, mintSecret } from '../../../shared/api/auth/secrets.ts'
import { AdmissionResponse, AdmissionReviewResponse, AdmissionStatus } from '../../../shared/kube/admission.ts'
import type { Stores } from '../../../shared/store/ports.ts'

export const START = Date.UTC(2026, 0, 1)

/** Time as the app under test sees it. */
export interface Clock {
  readonly now: () => Date
  /** Called before every request. */
  tick(): void
  /** Moves time on by `ms`; await it (a real clock can only wait). */
  advance(ms: number): Promise<void>
  iso(offsetMs?: number): string
}

/**
 * The in-process app's clock. Every request happens one second after the previous one (as the
 * store contract's mutation contexts do), so audit order is request order; `advance` jumps
 * further, to cross expiries and overlap windows.
 */
export class TestClock implements Clock {
  #t = START
  readonly now = (): Date => new Date(this.#t)
  tick(): void {
    this.#t += 1000
  }
  async advance(ms: number): Promise<void> {
    this.#t += ms
  }
  iso(offsetMs = 0): string {
    return new Date(this.#t + offsetMs).toISOString()
  }
}

/** The longest a {@link RealClock} will wait for `advance`; anything longer needs a {@link TestClock}. */
export const MAX_REAL_WAIT_MS = 2_000

/**
 * The wall clock, for an app in another runtime (whose time the test cannot set). `advance` waits
 * for short spans (crossing a cache TTL) and refuses long ones: such a test must be skipped there.
 */
export class RealClock implements Clock {
  readonly now = (): Date => new Date()
  tick(): void {}
  async advance(ms: number): Promise<void> {
    if (ms > MAX_REAL_WAIT_MS) throw new Error(`the real clock cannot skip ${ms} ms; this test needs a controllable clock`)
    await new Promise((r) => setTimeout(r, ms))
  }
  iso(offsetMs = 0): string {
    return new Date(Date.now() + offsetMs).toISOString()
  }
}

/** What a test may send; `key` becomes `Authorization: Bearer <key>`, `auth` is the raw header. */
export interface CallOptions {
  key?: string
  auth?: string
  json?: unknown
  yaml?: string
  body?: string | Uint8Array | ReadableStream<Uint8Array>
  contentType?: string
  headers?: Record<string, string>
}

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE'

export interface Reply {
  status: number
  headers: Headers
  text: string
  /** The body parsed as JSON (tests read it through the shapes they expect). */
  json<T = Record<string, unknown>>(): T
}

export interface Harness {
  /** The stores the app writes to, read directly (not through the app). */
  stores: Stores
  clock: Clock
  /** The operator root token (its hash is in the app's deps). */
  root: string
  call(method: Method, path: string, options?: CallOptions): Promise<Reply>
}

/** Where a harness sends its requests: `app.request`, or a runtime's `fetch` (the path is relative). */
export type Transport = (path: string, init: RequestInit) => Promise<Response>

/** Small caches so that "seen within the TTL" is quick to cross in tests (every request ticks 1 s). */
export const TEST_CACHE_TTL_MS = 500

/** The public base URL every harness configures, as generated webhook configurations show it. */
export const TEST_PUBLIC_URL = 'https://verdict.example'

export type HarnessOptions = {
  /** Overrides of the app's deps (budget, TTL…); `stores` and `now` come from the harness. */
  deps?: Partial<Omit<AppDeps, 'stores'>>
  /** Reuse these stores and this clock instead of fresh ones (a second app "instance" on the same data). */
  share?: Pick<Harness, 'stores' | 'clock' | 'root'>
}

/** A harness over the app built in process by `createApp`, on the test clock. */
export async function createHarness(createStores: () => Promise<Stores>, options: HarnessOptions = {}): Promise<Harness> {
  const stores = options.share?.stores ?? (await createStores())
  const clock = options.share?.clock ?? new TestClock()
  const root = options.share?.root ?? mintSecret('root')
  const app = createApp({ stores, rootTokenHash: await hashSecret(root), now: clock.now, cacheTtlMs: TEST_CACHE_TTL_MS, publicUrl: TEST_PUBLIC_URL, ...options.deps })
  return harnessOver(async (path, init) => app.request(path, init), { stores, clock, root })
}

/** A harness sending its requests through `transport` to an app already configured with these stores, clock and root. */
export function harnessOver(transport: Transport, parts: Pick<Harness, 'stores' | 'clock' | 'root'>): Harness {
  return { ...parts, call: (method, path, o) => send(transport, parts.clock, method, path, o) }
}

async function send(transport: Transport, clock: Clock, method: Method, path: string, o: CallOptions = {}): Promise<Reply> {
  clock.tick()
  const headers: Record<string, string> = { ...o.headers }
  if (o.auth !== undefined) headers.authorization = o.auth
  else if (o.key !== undefined) headers.authorization = `Bearer ${o.key}`
  let body: CallOptions['body']
  if (o.json !== undefined) {
    body = JSON.stringify(o.json)
    headers['content-type'] ??= 'application/json'
  } else if (o.yaml !== undefined) {
    body = o.yaml
    headers['content-type'] ??= 'application/yaml'
  } else body = o.body
  if (o.contentType !== undefined) headers['content-type'] = o.contentType
  // A stream body needs half-duplex; Node's RequestInit type does not know the field.
  const init = { method, headers, body, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit
  const res = await transport(path, init)
  const text = await res.text()
  return { status: res.status, headers: res.headers, text, json: <T>() => JSON.parse(text) as T }
}

// ---- the shapes every answer must have ---------------------------------------------------------

/** The error envelope, strictly: nothing beyond `{error:{code,message,issues?,requestId?}}`. */
export const Envelope = z.strictObject({
  error: z.strictObject({
    code: ErrorCode,
    message: z.string().min(1),
    issues: z.array(z.strictObject({ path: z.string().min(1), message: z.string().min(1) })).min(1).optional(),
    requestId: z.string().optional(),
  }),
})
export type Envelope = z.infer<typeof Envelope>

/** Asserts an error answer: the status, the envelope, a code matching the status, and the request id. */
export function expectError(r: Reply, status: number, code?: ErrorCode): Envelope['error'] {
  expect(r.status, `expected ${status}, got ${r.status}: ${r.text.slice(0, 300)}`).toBe(status)
  const parsed = Envelope.safeParse(safeJson(r.text))
  expect(parsed.success, `not the error envelope: ${r.text.slice(0, 300)}`).toBe(true)
  const error = (parsed.data as Envelope).error
  expect(statusOf(error.code), `code ${error.code} does not match status ${status}`).toBe(status)
  if (code !== undefined) expect(error.code).toBe(code)
  expect(error.requestId).toBe(r.headers.get('x-request-id'))
  // Internals never leak: no stack frames, no file paths.
  expect(r.text).not.toMatch(/\bat .+\.(ts|js):\d+|node_modules|\.stack/)
  return error
}

/** Asserts an issue names the field: some issue's path starts with `path`. */
export function expectIssue(error: Envelope['error'], path: string | RegExp, message?: RegExp): void {
  const issues = error.issues ?? []
  const hit = issues.find((i) => (typeof path === 'string' ? i.path.startsWith(path) : path.test(i.path)) && (message === undefined || message.test(i.message)))
  expect(hit, `no issue at ${String(path)} in ${JSON.stringify(issues)}`).toBeDefined()
}

/**
 * An AdmissionReview answer, strictly. A refusal of a review that had no uid cannot echo one, so
 * the uid may be empty there (the API server treats any non-200 as a webhook failure anyway).
 */
const ReviewShape = z.strictObject({
  apiVersion: AdmissionReviewResponse.shape.apiVersion,
  kind: z.literal('AdmissionReview'),
  response: AdmissionResponse.extend({ uid: z.string(), status: AdmissionStatus.strict().optional() }).strict(),
})
export type ReviewReply = z.infer<typeof ReviewShape>

/** Asserts an AdmissionReview-shaped answer and returns it. */
export function expectReview(r: Reply, status = 200): ReviewReply {
  expect(r.status, `expected ${status}, got ${r.status}: ${r.text.slice(0, 300)}`).toBe(status)
  const parsed = ReviewShape.safeParse(safeJson(r.text))
  if (status === 200) expect(parsed.data?.response.uid, 'a decision echoes the uid').not.toBe('')
  expect(parsed.success, `not an AdmissionReview: ${r.text.slice(0, 300)}`).toBe(true)
  return parsed.data as ReviewReply
}

/** An AdmissionReview refusal: HTTP `status`, `allowed: false`, and the same code in `response.status`. */
export function expectReviewError(r: Reply, status: number, message?: RegExp): ReviewReply {
  const review = expectReview(r, status)
  expect(review.response.allowed).toBe(false)
  expect(review.response.status?.code).toBe(status)
  if (message) expect(review.response.status?.message ?? '').toMatch(message)
  return review
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Memoises an async setup per contract run (sections share one expensive world across their tests). */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined
  return () => (p ??= make())
}
