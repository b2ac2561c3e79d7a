/**
 * `admission.k8s.io` AdmissionReview requests and responses (v1 and v1beta1, which share one shape).
 *
 * Parsing is tolerant of fields a newer Kubernetes may add (loose objects) but strict about the
 * types of the fields it reads, and every problem is reported with its field path
 * (`request.uid: required`), so a 400 tells the caller exactly what was wrong.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#request
 */
import { z } from 'zod'
import { isObject, type JsonObject } from '../lib/json.ts'
import { err, ok, type Result } from '../lib/result.ts'

/** The two AdmissionReview versions the API server may send (`admissionReviewVersions`). */
export const AdmissionReviewVersion = z.enum(['v1', 'v1beta1'])
export type AdmissionReviewVersion = z.infer<typeof AdmissionReviewVersion>

// The request body was decoded by JSON.parse, so an object's interior is JSON by construction:
// only its top-level shape needs checking, and keeping the value as-is avoids copying large objects
// (and zod's silent dropping of `__proto__` keys, which would change what policies see).
const JsonObjectValue = z.custom<JsonObject>((v) => isObject(v), { error: 'expected an object' })

const GroupVersionKind = z.looseObject({ group: z.string(), version: z.string(), kind: z.string() })
const GroupVersionResource = z.looseObject({ group: z.string(), version: z.string(), resource: z.string() })

/** `authenticationv1.UserInfo` of the requester. */
export const AdmissionUserInfo = z.looseObject({
  username: z.string().optional(),
  uid: z.string().optional(),
  groups: z.array(z.string()).optional(),
  extra: z.record(z.string(), z.array(z.string())).optional(),
})
export type AdmissionUserInfo = z.infer<typeof AdmissionUserInfo>

/** `AdmissionRequest`: the part of the review the webhook decides on. */
export const AdmissionRequest = z.looseObject({
  uid: z.string().min(1),
  kind: GroupVersionKind,
  resource: GroupVersionResource,
  subResource: z.string().optional(),
  requestKind: GroupVersionKind.optional(),
  requestResource: GroupVersionResource.optional(),
  requestSubResource: z.string().optional(),
  name: z.string().optional(),
  namespace: z.string().optional(),
  operation: z.enum(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']),
  userInfo: AdmissionUserInfo,
  object: JsonObjectValue.nullish(),
  oldObject: JsonObjectValue.nullish(),
  dryRun: z.boolean().optional(),
  options: JsonObjectValue.nullish(),
})
export type AdmissionRequest = z.infer<typeof AdmissionRequest>

/** `metav1.Status` as an admission response carries it; the API server reads `code` and `message`. */
export const AdmissionStatus = z.object({
  code: z.number().int().optional(),
  message: z.string().optional(),
  reason: z.string().optional(),
})
export type AdmissionStatus = z.infer<typeof AdmissionStatus>

/** `AdmissionResponse`: the webhook's answer. `uid` must echo the request's. */
export const AdmissionResponse = z.object({
  uid: z.string().min(1),
  allowed: z.boolean(),
  status: AdmissionStatus.optional(),
  warnings: z.array(z.string()).optional(),
})
export type AdmissionResponse = z.infer<typeof AdmissionResponse>

/** The full review sent back to the API server. */
export const AdmissionReviewResponse = z.object({
  apiVersion: z.enum(['admission.k8s.io/v1', 'admission.k8s.io/v1beta1']),
  kind: z.literal('AdmissionReview'),
  response: AdmissionResponse,
})
export type AdmissionReviewResponse = z.infer<typeof AdmissionReviewResponse>

/** One problem with a review body; `path` is dotted with `[i]` indexes, `''` for the body itself. */
export interface ReviewIssue {
  path: string
  message: string
}

/** A parsed review: its version (to answer in) and the request. */
export interface ParsedReview {
  version: AdmissionReviewVersion
  request: AdmissionRequest
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = ''
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? String(seg) : `.${String(seg)}`
  return out
}

function typeName(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  return typeof v
}

// Short, field-oriented messages: the path already says where, the message says what.
const messages: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type') {
    return issue.input === undefined ? 'required' : `expected ${issue.expected}, got ${typeName(issue.input)}`
  }
  if (issue.code === 'too_small' && issue.origin === 'string') return 'must not be empty'
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map(String).join(', ')}`
  return undefined
}

const API_VERSIONS: Record<string, AdmissionReviewVersion> = {
  'admission.k8s.io/v1': 'v1',
  'admission.k8s.io/v1beta1': 'v1beta1',
}

/**
 * Validates a decoded AdmissionReview body. Never throws.
 *
 * @example parseAdmissionReview({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: {} })
 * // → err([{ path: 'request.uid', message: 'required' }, …])
 */
export function parseAdmissionReview(body: unknown): Result<ParsedReview, ReviewIssue[]> {
  if (!isObject(body)) return err([{ path: '', message: `expected an AdmissionReview object, got ${typeName(body)}` }])
  const issues: ReviewIssue[] = []
  const apiVersion = body.apiVersion
  const version = typeof apiVersion === 'string' ? API_VERSIONS[apiVersion] : undefined
  if (version === undefined) {
    issues.push({
      path: 'apiVersion',
      message: `expected admission.k8s.io/v1 or admission.k8s.io/v1beta1, got ${JSON.stringify(apiVersion ?? null)}`,
    })
  }
  if (body.kind !== 'AdmissionReview') {
    issues.push({ path: 'kind', message: `expected AdmissionReview, got ${JSON.stringify(body.kind ?? null)}` })
  }
  const parsed = AdmissionRequest.safeParse(body.request, { error: messages })
  if (!parsed.success) {
    for (const i of parsed.error.issues) issues.push({ path: formatPath(['request', ...i.path]), message: i.message })
  }
  if (issues.length > 0 || !parsed.success || version === undefined) return err(issues)
  return ok({ version, request: parsed.data })
}

/** `request.uid: required; kind: expected AdmissionReview, got "Pod"`, for a 400 body or a log line. */
export function formatReviewIssues(issues: readonly ReviewIssue[]): string {
  return issues.map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)).join('; ')
}

/**
 * The AdmissionReview answering a request, in the version the request came in. Absent or empty
 * `status`/`warnings` are left out rather than sent as `null`/`[]`.
 */
export function admissionResponse(version: AdmissionReviewVersion, response: AdmissionResponse): AdmissionReviewResponse {
  const body: AdmissionResponse = { uid: response.uid, allowed: response.allowed }
  if (response.status) body.status = response.status
  if (response.warnings && response.warnings.length > 0) body.warnings = response.warnings
  return { apiVersion: `admission.k8s.io/${version}`, kind: 'AdmissionReview', response: body }
}
