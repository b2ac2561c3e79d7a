/**
 * The storage ports: what the API layer may ask of a store, implemented by `memory/` and
 * `dynamodb/` and checked by one contract suite (`test/stores/contract.ts`).
 *
 * Contract, for every adapter:
 * - **Tenant-scoped.** Every call but {@link KeyStore.findByHash} and the operator's
 *   {@link TenantStore.list} takes `tenantId`; another tenant's record is indistinguishable from a
 *   missing one (`notFound`, absent from lists).
 * - **Optimistic concurrency.** Every mutation takes what the caller believes is current (an ETag, a
 *   set version, or "absent") and fails with a typed `conflict`/`exists` instead of overwriting.
 * - **Expected outcomes are results**, never throws: `{ ok: false, error: 'notFound' | 'conflict' |
 *   'exists' | 'tooLarge' }`. Throws mean a bug (input that fails the zod schemas) or an outage.
 * - **Atomic.** A mutation and its audit entry (and, for sets, the version bump, history line and
 *   snapshot) are written together or not at all.
 */
import type { Result } from '../lib/result.ts'
import type {
  ApiKey,
  ApiKeyView,
  AuditEntry,
  Cluster,
  ClusterPatch,
  HistoryEntry,
  MutationContext,
  NewApiKey,
  NewCluster,
  NewPolicySet,
  NewTenant,
  Policy,
  PolicyDocument,
  PolicySet,
  Snapshot,
  Tenant,
} from './schemas.ts'
import type { NamespaceStore } from './namespaces.ts'

export * from './schemas.ts'
export * from './verdict-log.ts'
export * from './namespaces.ts'
export type { Result }

/** Why a mutation did not happen. */
export type StoreError = 'notFound' | 'conflict' | 'exists' | 'tooLarge'

/** `limit` defaults to 50 and is capped at 100; pass the previous page's `cursor` to continue. */
export type PageRequest = { limit?: number; cursor?: string }
/** `cursor` is `null` on the last page. */
export type Page<T> = { items: T[]; cursor: string | null }

/** A policy mutation's precondition: the current ETag (`If-Match`) or "no such policy" (`If-None-Match: *`). */
export type PolicyPrecondition = { etag: string } | { absent: true }
/** A set-level precondition: the set's current version. */
export type SetPrecondition = { version: number }

/** The set after a change, with its full policy list at the new version. */
export type SetContent = { set: PolicySet; policies: Policy[] }

/** A key whose scopes and binding the store decides (root, webhook and rotated keys). */
export type MintedKey = Omit<NewApiKey, 'scopes' | 'clusterId'>

/** Tenants: created by the operator, together with the tenant's first admin key. */
export interface TenantStore {
  /**
   * Creates the tenant and its root key (scopes `['admin']`) in one write, so no tenant exists
   * without a way in. `exists` if the tenant id or the key hash is taken.
   */
  create(input: { tenant: NewTenant; rootKey: MintedKey }, ctx: MutationContext): Promise<Result<{ tenant: Tenant; rootKey: ApiKeyView }, 'exists'>>
  get(tenantId: string): Promise<Result<Tenant, 'notFound'>>
  /** Operator-only listing, ordered by id. */
  list(page?: PageRequest): Promise<Page<Tenant>>
}

/** API keys. Keys change only by revocation and rotation, both monotonic, so they take no ETag. */
export interface KeyStore {
  /** `exists` if the key id or hash is taken; `notFound` if a webhook key's cluster does not exist. */
  create(tenantId: string, key: NewApiKey, ctx: MutationContext): Promise<Result<ApiKeyView, 'exists' | 'notFound'>>
  get(tenantId: string, keyId: string): Promise<Result<ApiKeyView, 'notFound'>>
  /** Ordered by key id; never includes hashes. */
  list(tenantId: string, page?: PageRequest): Promise<Page<ApiKeyView>>
  /**
   * The authentication lookup: hash of a presented secret → key record (with its tenant), or
   * `null`. Not tenant-scoped because the secret is the credential; revoked and expired keys are
   * returned as they are, and the auth layer decides.
   */
  findByHash(hash: string): Promise<ApiKey | null>
  /** Idempotent: revoking a revoked key keeps the first `revokedAt`. */
  revoke(tenantId: string, keyId: string, ctx: MutationContext): Promise<Result<ApiKeyView, 'notFound'>>
  /**
   * Mints `next` with the old key's scopes and cluster binding, and shortens the old key's expiry
   * to `overlapUntil` (never lengthens it). `conflict` if the old key is revoked or already rotated.
   */
  rotate(
    tenantId: string,
    keyId: string,
    next: MintedKey,
    options: { overlapUntil: string },
    ctx: MutationContext,
  ): Promise<Result<{ previous: ApiKeyView; next: ApiKeyView }, 'notFound' | 'conflict' | 'exists'>>
}

/** Policy sets, their policies, versions, history and snapshots. */
export interface PolicySetStore {
  /** Creates an empty set at version 1. */
  create(tenantId: string, input: NewPolicySet, ctx: MutationContext): Promise<Result<PolicySet, 'exists'>>
  get(tenantId: string, setId: string): Promise<Result<PolicySet, 'notFound'>>
  list(tenantId: string, page?: PageRequest): Promise<Page<PolicySet>>
  /** Deletes the set, its policies and its history. */
  delete(tenantId: string, setId: string, expect: SetPrecondition, ctx: MutationContext): Promise<Result<PolicySet, 'notFound' | 'conflict'>>

  getPolicy(tenantId: string, setId: string, name: string): Promise<Result<Policy, 'notFound'>>
  /** The set and all its policies, from one consistent version. */
  listPolicies(tenantId: string, setId: string): Promise<Result<SetContent, 'notFound'>>
  /**
   * Creates or updates one policy and bumps the set version. `notFound`: no such set, or an ETag
   * was given for a policy that does not exist; `conflict`: stale ETag; `exists`: `{ absent: true }`
   * but the policy exists; `tooLarge`: the set would exceed {@link limits}.
   */
  putPolicy(
    tenantId: string,
    setId: string,
    name: string,
    document: PolicyDocument,
    expect: PolicyPrecondition,
    ctx: MutationContext,
  ): Promise<Result<{ set: PolicySet; policy: Policy }, 'notFound' | 'conflict' | 'exists' | 'tooLarge'>>
  deletePolicy(
    tenantId: string,
    setId: string,
    name: string,
    expect: { etag: string },
    ctx: MutationContext,
  ): Promise<Result<{ set: PolicySet }, 'notFound' | 'conflict'>>
  /** Replaces every policy of the set against its version; unchanged documents keep their ETags. */
  replace(
    tenantId: string,
    setId: string,
    policies: ReadonlyArray<{ name: string; document: PolicyDocument }>,
    expect: SetPrecondition,
    ctx: MutationContext,
  ): Promise<Result<SetContent, 'notFound' | 'conflict' | 'tooLarge'>>

  /** Newest first. */
  history(tenantId: string, setId: string, page?: PageRequest): Promise<Result<Page<HistoryEntry>, 'notFound'>>
  /** The set's content at `version` (default: current). */
  snapshot(tenantId: string, setId: string, version?: number): Promise<Result<Snapshot, 'notFound'>>
  /** Makes the content of `fromVersion` current again, as a new version. */
  restore(
    tenantId: string,
    setId: string,
    fromVersion: number,
    expect: SetPrecondition,
    ctx: MutationContext,
  ): Promise<Result<SetContent, 'notFound' | 'conflict' | 'tooLarge'>>
}

/** Clusters; registering one mints its webhook key in the same write. */
export interface ClusterStore {
  /** `webhookKey` gets scopes `['webhook']` and is bound to the new cluster. */
  create(
    tenantId: string,
    cluster: NewCluster,
    webhookKey: MintedKey,
    ctx: MutationContext,
  ): Promise<Result<{ cluster: Cluster; webhookKey: ApiKeyView }, 'exists'>>
  get(tenantId: string, clusterId: string): Promise<Result<Cluster, 'notFound'>>
  list(tenantId: string, page?: PageRequest): Promise<Page<Cluster>>
  update(
    tenantId: string,
    clusterId: string,
    patch: ClusterPatch,
    expect: { etag: string },
    ctx: MutationContext,
  ): Promise<Result<Cluster, 'notFound' | 'conflict'>>
  /** Deletes the cluster and revokes every key bound to it, atomically. */
  delete(
    tenantId: string,
    clusterId: string,
    expect: { etag: string },
    ctx: MutationContext,
  ): Promise<Result<{ cluster: Cluster; revokedKeyIds: string[] }, 'notFound' | 'conflict'>>
}

/** The audit trail; entries are written by the mutations themselves. */
export interface AuditLog {
  /** Newest first. */
  list(tenantId: string, page?: PageRequest): Promise<Page<AuditEntry>>
}

/** Everything the API layer needs from storage. */
export type Stores = {
  tenants: TenantStore
  keys: KeyStore
  policySets: PolicySetStore
  clusters: ClusterStore
  audit: AuditLog
  /** Per-cluster namespace labels, for `namespaceSelector` at admission. */
  namespaces: NamespaceStore
}

/**
 * Limits every adapter enforces, so memory and DynamoDB agree. A set's snapshot is one DynamoDB
 * item (400 KB max), so its JSON must stay below `snapshotBytes`.
 */
export const limits = {
  snapshotBytes: 350_000,
  pageSize: 50,
  maxPageSize: 100,
} as const
