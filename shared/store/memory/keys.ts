/** Memory adapter: tenants and API keys. */
import { err, ok } from '../../lib/result.ts'
import { Instant, NewTenant } from '../ports.ts'
import type { KeyStore, TenantStore } from '../ports.ts'
import { auditEntry, copy, earlierExpiry, isId, isKeyHash, isLive, keyRecord, keyView } from '../rules.ts'
import { bucket, pageOf, peek } from './state.ts'
import type { MemoryState } from './state.ts'

/** {@link TenantStore} over the memory state. */
export function memoryTenants(state: MemoryState): TenantStore {
  return {
    async create(input, ctx) {
      const tenant = { ...NewTenant.parse(input.tenant), createdAt: ctx.at }
      const rootKey = keyRecord(tenant.tenantId, { ...input.rootKey, scopes: ['admin'], clusterId: null }, ctx)
      if (state.tenants.has(tenant.tenantId) || state.keyHashes.has(rootKey.hash)) return err('exists')
      state.tenants.set(tenant.tenantId, tenant)
      const b = bucket(state, tenant.tenantId)
      b.keys.set(rootKey.keyId, rootKey)
      state.keyHashes.set(rootKey.hash, { tenantId: tenant.tenantId, keyId: rootKey.keyId })
      b.audit.push(auditEntry(tenant.tenantId, ctx, 'tenant.create', `tenants/${tenant.tenantId}`, { rootKeyId: rootKey.keyId }))
      return ok({ tenant: copy(tenant), rootKey: keyView(copy(rootKey)) })
    },
    async get(tenantId) {
      const tenant = state.tenants.get(tenantId)
      return tenant ? ok(copy(tenant)) : err('notFound')
    },
    async list(page) {
      return pageOf(state.tenants, page, 'asc')
    },
  }
}

/** {@link KeyStore} over the memory state; `keyHashes` plays DynamoDB's hash items. */
export function memoryKeys(state: MemoryState): KeyStore {
  const find = (tenantId: string, keyId: string) => (isId(keyId) ? peek(state, tenantId)?.keys.get(keyId) : undefined)
  return {
    async create(tenantId, input, ctx) {
      const key = keyRecord(tenantId, input, ctx)
      const b = bucket(state, tenantId)
      if (b.keys.has(key.keyId) || state.keyHashes.has(key.hash)) return err('exists')
      if (key.clusterId !== null && !b.clusters.has(key.clusterId)) return err('notFound')
      b.keys.set(key.keyId, key)
      state.keyHashes.set(key.hash, { tenantId, keyId: key.keyId })
      b.audit.push(auditEntry(tenantId, ctx, 'key.create', `keys/${key.keyId}`, { scopes: key.scopes.join(',') }))
      return ok(keyView(copy(key)))
    },
    async get(tenantId, keyId) {
      const key = find(tenantId, keyId)
      return key ? ok(keyView(copy(key))) : err('notFound')
    },
    async list(tenantId, page) {
      const keys = peek(state, tenantId)?.keys ?? new Map()
      const result = pageOf(keys, page, 'asc')
      return { items: result.items.map(keyView), cursor: result.cursor }
    },
    async findByHash(hash) {
      const owner = isKeyHash(hash) ? state.keyHashes.get(hash) : undefined
      const key = owner && peek(state, owner.tenantId)?.keys.get(owner.keyId)
      return key ? copy(key) : null
    },
    async revoke(tenantId, keyId, ctx) {
      const key = find(tenantId, keyId)
      if (!key) return err('notFound')
      if (key.revokedAt === null) {
        key.revokedAt = ctx.at
        bucket(state, tenantId).audit.push(auditEntry(tenantId, ctx, 'key.revoke', `keys/${keyId}`))
      }
      return ok(keyView(copy(key)))
    },
    async rotate(tenantId, keyId, input, options, ctx) {
      const overlapUntil = Instant.parse(options.overlapUntil)
      const old = find(tenantId, keyId)
      if (!old) return err('notFound')
      const next = keyRecord(tenantId, { ...input, scopes: old.scopes, clusterId: old.clusterId }, ctx)
      if (!isLive(old, ctx.at) || old.replacedBy !== null) return err('conflict')
      const b = bucket(state, tenantId)
      if (b.keys.has(next.keyId) || state.keyHashes.has(next.hash)) return err('exists')
      old.expiresAt = earlierExpiry(old.expiresAt, overlapUntil)
      old.replacedBy = next.keyId
      b.keys.set(next.keyId, next)
      state.keyHashes.set(next.hash, { tenantId, keyId: next.keyId })
      b.audit.push(auditEntry(tenantId, ctx, 'key.rotate', `keys/${keyId}`, { next: next.keyId, overlapUntil: old.expiresAt }))
      return ok({ previous: keyView(copy(old)), next: keyView(copy(next)) })
    },
  }
}
