import { describe, expect, it } from 'vitest'
import {
  AdmissionReviewResponse,
  admissionResponse,
  formatReviewIssues,
  parseAdmissionReview,
  type ReviewIssue,
} from './admission.ts'

const request = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  uid: '705ab4f5-6393-11e8-b7cc-42010a800002',
  kind: { group: '', version: 'v1', kind: 'Pod' },
  resource: { group: '', version: 'v1', resource: 'pods' },
  name: 'web',
  namespace: 'prod',
  operation: 'CREATE',
  userInfo: { username: 'alice', groups: ['dev', 'system:authenticated'], extra: { scopes: ['a'] } },
  object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'prod' } },
  oldObject: null,
  dryRun: false,
  ...extra,
})
const review = (apiVersion: string, req: unknown = request()): Record<string, unknown> => ({ apiVersion, kind: 'AdmissionReview', request: req })

function issues(body: unknown): ReviewIssue[] {
  const r = parseAdmissionReview(body)
  if (r.ok) throw new Error('expected the review to be rejected')
  return r.error
}

describe('parseAdmissionReview', () => {
  it('parses a v1 review and reports its version', () => {
    const r = parseAdmissionReview(review('admission.k8s.io/v1'))
    expect(r.ok && r.value.version).toBe('v1')
    expect(r.ok && r.value.request).toMatchObject({ uid: '705ab4f5-6393-11e8-b7cc-42010a800002', operation: 'CREATE', name: 'web' })
    expect(r.ok && r.value.request.userInfo.groups).toEqual(['dev', 'system:authenticated'])
  })

  it('parses a v1beta1 review', () => {
    const r = parseAdmissionReview(review('admission.k8s.io/v1beta1'))
    expect(r.ok && r.value.version).toBe('v1beta1')
  })

  it('keeps the object as sent (same reference, no copy)', () => {
    const body = review('admission.k8s.io/v1')
    const r = parseAdmissionReview(body)
    expect(r.ok && r.value.request.object).toBe((body.request as Record<string, unknown>).object)
  })

  it('tolerates fields Kubernetes may add, at every level', () => {
    const req = request({ futureField: { x: 1 }, kind: { group: '', version: 'v1', kind: 'Pod', extra: true }, userInfo: { username: 'a', newThing: 1 } })
    const r = parseAdmissionReview({ ...review('admission.k8s.io/v1', req), status: 'whatever' })
    expect(r.ok).toBe(true)
  })

  it('accepts a DELETE with a null object and options', () => {
    const r = parseAdmissionReview(review('admission.k8s.io/v1', request({ operation: 'DELETE', object: null, oldObject: { kind: 'Pod' }, options: { kind: 'DeleteOptions' } })))
    expect(r.ok && r.value.request.object).toBeNull()
  })

  it('names a missing uid by its path', () => {
    const { uid: _uid, ...rest } = request()
    expect(issues(review('admission.k8s.io/v1', rest))).toEqual([{ path: 'request.uid', message: 'required' }])
  })

  it('rejects an empty uid', () => {
    expect(issues(review('admission.k8s.io/v1', request({ uid: '' })))).toEqual([{ path: 'request.uid', message: 'must not be empty' }])
  })

  it('names bad types by path, down to array items', () => {
    const got = issues(review('admission.k8s.io/v1', request({ userInfo: { groups: ['ok', 7] }, dryRun: 'yes', object: [1] })))
    expect(got).toEqual(
      expect.arrayContaining([
        { path: 'request.userInfo.groups[1]', message: 'expected string, got number' },
        { path: 'request.dryRun', message: 'expected boolean, got string' },
        { path: 'request.object', message: 'expected an object' },
      ]),
    )
    expect(got).toHaveLength(3)
  })

  it('lists the allowed operations for an unknown one', () => {
    expect(issues(review('admission.k8s.io/v1', request({ operation: 'PATCH' })))).toEqual([
      { path: 'request.operation', message: 'must be one of CREATE, UPDATE, DELETE, CONNECT' },
    ])
  })

  it('requires kind, resource and userInfo', () => {
    const { kind: _k, resource: _r, userInfo: _u, ...rest } = request()
    expect(issues(review('admission.k8s.io/v1', rest)).map((i) => `${i.path}: ${i.message}`).sort()).toEqual([
      'request.kind: required',
      'request.resource: required',
      'request.userInfo: required',
    ])
  })

  it('rejects a wrong apiVersion or kind with a clear message', () => {
    expect(issues({ apiVersion: 'admission.k8s.io/v2', kind: 'AdmissionReview', request: request() })).toEqual([
      { path: 'apiVersion', message: 'expected admission.k8s.io/v1 or admission.k8s.io/v1beta1, got "admission.k8s.io/v2"' },
    ])
    expect(issues({ apiVersion: 'admission.k8s.io/v1', kind: 'Pod', request: request() })).toEqual([
      { path: 'kind', message: 'expected AdmissionReview, got "Pod"' },
    ])
  })

  it('rejects a body without a request, or that is not an object', () => {
    expect(issues({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' })).toEqual([{ path: 'request', message: 'required' }])
    expect(issues(null)).toEqual([{ path: '', message: 'expected an AdmissionReview object, got null' }])
    expect(issues([1])).toEqual([{ path: '', message: 'expected an AdmissionReview object, got array' }])
  })

  it('formats issues for a 400 body', () => {
    expect(formatReviewIssues([{ path: 'request.uid', message: 'required' }, { path: '', message: 'bad' }])).toBe('request.uid: required; bad')
  })
})

describe('admissionResponse', () => {
  it('answers in the version asked, leaving out absent status and empty warnings', () => {
    expect(admissionResponse('v1', { uid: 'u', allowed: true, warnings: [] })).toEqual({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid: 'u', allowed: true },
    })
    const denied = admissionResponse('v1beta1', { uid: 'u', allowed: false, status: { code: 403, message: 'no', reason: 'Forbidden' }, warnings: ['w'] })
    expect(denied.apiVersion).toBe('admission.k8s.io/v1beta1')
    expect(denied.response).toEqual({ uid: 'u', allowed: false, status: { code: 403, message: 'no', reason: 'Forbidden' }, warnings: ['w'] })
    expect(AdmissionReviewResponse.safeParse(denied).success).toBe(true)
  })

  it('round-trips through JSON unchanged', () => {
    const body = admissionResponse('v1', { uid: 'u', allowed: true, warnings: ['policy p.r: x'] })
    expect(JSON.parse(JSON.stringify(body))).toEqual(body)
  })
})
