/** Helpers shared by route groups: mutation context, store-error mapping, preconditions, paging. */
import type { Context } from 'hono'
import { z } from '@hono/zod-openapi'
import { ApiError } from '../errors.ts'
import type { AppDeps, AppEnv } from '../env.ts'
import type { MutationContext, StoreError } from '../../store/ports.ts'

export function nowIso(deps: AppDeps): string {
  return (deps.now ?? (() => new Date()))().toISOString()
}

export function mutationContext(c: Context<AppEnv>, deps: AppDeps): MutationContext {
  return { actorKeyId: c.get('principal').keyId, at: nowIso(deps), requestId: c.get('requestId') }
}

/** Maps a store's typed refusal to the HTTP answer the conventions call for. */
export function storeFailure(error: StoreError, what: string): ApiError {
  switch (error) {
    case 'notFound':
      return new ApiError('not_found', `${what} not found`)
    case 'conflict':
      return new ApiError('precondition_failed', `${what} changed since you read it (stale If-Match); fetch it and retry`)
    case 'exists':
      return new ApiError('conflict', `${what} already exists`)
    case 'tooLarge':
      return new ApiError('payload_too_large', `${what} would exceed the store's size limit`)
  }
}

/** Strong ETag text for a value (`"abc"`), and its parse from an If-Match header. */
export const etagHeader = (v: string | number): string => `"${v}"`

export function ifMatch(c: Context): string | undefined {
  const h = c.req.header('if-match')
  if (h === undefined) return undefined
  const m = /^\s*(?:W\/)?"([^"]*)"\s*$/.exec(h)
  if (!m) throw new ApiError('bad_request', 'If-Match must be one quoted ETag, e.g. If-Match: "3"')
  return m[1]
}

export function requireIfMatch(c: Context): string {
  const v = ifMatch(c)
  if (v === undefined) throw new ApiError('precondition_required', 'this change requires an If-Match header with the current ETag')
  return v
}

/** A set version from If-Match (`"7"`). */
export function requireVersionMatch(c: Context): number {
  const v = requireIfMatch(c)
  if (!/^[1-9]\d{0,9}$/.test(v)) throw new ApiError('bad_request', 'If-Match for a policy set is its version, e.g. If-Match: "3"')
  return Number(v)
}

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  // Opaque, but echoed into store keys: printable ASCII only, and never empty (DynamoDB rejects an empty key part).
  cursor: z.string().regex(/^[\x21-\x7e]{1,512}$/, 'cursor: the value of a previous page\'s `cursor`').optional(),
})

export const IdParam = (name: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'id: 1-128 of [A-Za-z0-9._-], starting alphanumeric')
    .openapi({ param: { name, in: 'path' } })
