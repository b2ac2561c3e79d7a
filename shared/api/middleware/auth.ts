/**
 * Bearer authentication. API keys are looked up by the hash of the presented secret; revoked and
 * expired keys stop working on the next request (no cache on this path). The operator's root token
 * is compared in constant time with its stored hash.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { ApiError } from '../errors.ts'
import type { AppDeps, AppEnv, Principal } from '../env.ts'
import { constantTimeEqual, hashSecret, looksLikeSecret } from '../auth/secrets.ts'
import type { Scope } from '../../store/ports.ts'

function bearer(c: Context): string {
  const h = c.req.header('authorization') ?? ''
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h)
  if (!m) throw new ApiError('unauthorized', 'missing or malformed Authorization header; expected "Bearer <key>"')
  return m[1] as string
}

/** Requires the operator root token. */
export function requireOperator(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = bearer(c)
    if (!deps.rootTokenHash) throw new ApiError('forbidden', 'tenant creation is disabled: no operator root token is configured')
    if (!looksLikeSecret(token, 'root') || !constantTimeEqual(await hashSecret(token), deps.rootTokenHash)) {
      throw new ApiError('unauthorized', 'invalid operator token')
    }
    c.set('principal', { kind: 'operator', keyId: 'operator' })
    await next()
  }
}

/** `admin` may do everything a tenant can do except admission; other scopes are exact. */
export function hasScope(p: Principal, scope: Scope): boolean {
  if (p.kind !== 'key') return false
  if (p.scopes.includes(scope)) return true
  return scope !== 'webhook' && p.scopes.includes('admin')
}

/** Requires a live API key with `scope` (webhook keys never pass: they only work in the admission path). */
export function requireScope(deps: AppDeps, scope: Scope | readonly Scope[]): MiddlewareHandler<AppEnv> {
  const wanted = typeof scope === 'string' ? [scope] : scope
  return async (c, next) => {
    const token = bearer(c)
    if (!looksLikeSecret(token, 'api')) throw new ApiError('unauthorized', 'invalid API key')
    const key = await deps.stores.keys.findByHash(await hashSecret(token))
    const now = (deps.now ?? (() => new Date()))().toISOString()
    if (!key || key.revokedAt !== null || (key.expiresAt !== null && key.expiresAt <= now)) {
      // One answer for unknown, revoked and expired keys: callers learn nothing about other keys.
      throw new ApiError('unauthorized', 'invalid API key')
    }
    const principal: Principal = { kind: 'key', tenantId: key.tenantId, keyId: key.keyId, scopes: key.scopes, clusterId: key.clusterId }
    if (!wanted.some((s) => hasScope(principal, s))) throw new ApiError('forbidden', `this key lacks the "${wanted.join('" or "')}" scope`)
    c.set('principal', principal)
    await next()
  }
}

/** The calling tenant (after {@link requireScope}). */
export function tenantOf(c: Context<AppEnv>): { tenantId: string; keyId: string } {
  const p = c.get('principal')
  if (p.kind !== 'key') throw new ApiError('forbidden', 'a tenant API key is required')
  return { tenantId: p.tenantId, keyId: p.keyId }
}

/** Reads need `read` (or `policy:write`); changes need `policy:write`. */
export function policyScopes(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const read = requireScope(deps, ['read', 'policy:write'])
  const write = requireScope(deps, 'policy:write')
  return (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? read(c, next) : write(c, next))
}
