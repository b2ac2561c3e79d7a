/**
 * What the app needs from its runtime (passed to {@link createApp}) and what a request carries
 * through the middleware chain. Entry points in functions/ build these; the core never reads env.
 */
import type { Stores, Scope } from '../store/ports.ts'

export interface AppDeps {
  stores: Stores
  /** Hex SHA-256 of the operator root token; without it, `POST /v1/tenants` is refused. */
  rootTokenHash?: string | undefined
  /** The clock; tests pass a fixed one. */
  now?: () => Date
  /** Public base URL used in generated webhook configurations (default: the request's origin). */
  publicUrl?: string | undefined
  /** Admission answers always arrive within this budget (default 2,000 ms). */
  admissionBudgetMs?: number
  /** How long an isolate may reuse a compiled policy set or a webhook-key lookup (default 5,000 ms). */
  cacheTtlMs?: number
  /** Runs work after the response (Workers' `waitUntil`); default: fire and forget. */
  waitUntil?: (work: Promise<unknown>) => void
}

/** Who is calling: the operator (root token) or a tenant's API key. */
export type Principal =
  | { kind: 'operator'; keyId: 'operator' }
  | { kind: 'key'; tenantId: string; keyId: string; scopes: readonly Scope[]; clusterId: string | null }

export type AppEnv = {
  Variables: {
    requestId: string
    principal: Principal
  }
}
