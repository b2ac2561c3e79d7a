/**
 * One error envelope and one status map for every route: `{ error: { code, message, issues?, requestId } }`.
 * Validation failures name each field; nothing else leaks internals.
 */
import { z } from 'zod'
import type { ZodError } from 'zod'

export const ErrorCode = z.enum([
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'precondition_required',
  'precondition_failed',
  'payload_too_large',
  'unsupported_media_type',
  'unprocessable',
  'rate_limited',
  'internal',
  'unavailable',
])
export type ErrorCode = z.infer<typeof ErrorCode>

const STATUS: Record<ErrorCode, 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 428 | 429 | 500 | 503> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_required: 428,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
}

export const Issue = z.object({ path: z.string(), message: z.string() })
export type Issue = z.infer<typeof Issue>

export const ErrorBody = z.object({
  error: z.object({ code: ErrorCode, message: z.string(), issues: z.array(Issue).optional(), requestId: z.string().optional() }),
})
export type ErrorBody = z.infer<typeof ErrorBody>

/** An expected failure with its code; thrown by handlers and rendered by the app's error handler. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: Issue[],
  ) {
    super(message)
    this.name = 'ApiError'
  }
  get status(): (typeof STATUS)[ErrorCode] {
    return STATUS[this.code]
  }
}

export function statusOf(code: ErrorCode): (typeof STATUS)[ErrorCode] {
  return STATUS[code]
}

/** The code for a status a framework layer chose (e.g. Hono's 415 gate); unknown client errors are `bad_request`. */
export function codeOf(status: number): ErrorCode {
  const found = (Object.keys(STATUS) as ErrorCode[]).find((c) => STATUS[c] === status)
  return found ?? (status >= 500 ? 'internal' : 'bad_request')
}

/** `spec.rules[2].name` from a zod path; the first segment (`body`, `query`) is the caller's. */
export function issuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = ''
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? String(seg) : `.${String(seg)}`
  return out
}

export function zodIssues(error: ZodError, prefix = ''): Issue[] {
  const at = (path: ReadonlyArray<PropertyKey>): string => {
    const p = issuePath(path)
    return prefix && p ? `${prefix}.${p}` : prefix || p || '(root)'
  }
  return error.issues.flatMap((i) =>
    // zod reports unknown keys once, at the object; one issue per key puts the field in `path`, where clients look.
    i.code === 'unrecognized_keys' ? i.keys.map((k) => ({ path: at([...i.path, k]), message: `unknown field "${k}"` })) : [{ path: at(i.path), message: i.message }],
  )
}

export function errorBody(code: ErrorCode, message: string, issues?: Issue[], requestId?: string): ErrorBody {
  return { error: { code, message, ...(issues?.length ? { issues } : {}), ...(requestId ? { requestId } : {}) } }
}
