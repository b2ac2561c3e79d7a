/** DynamoDB adapter: tenants and API keys. */
import type { TransactWriteItem } from '@aws-sdk/lib-dynamodb'
import { err, ok } from '../../lib/result.ts'
import { ApiKey, Instant, NewTenant, Tenant } from '../ports.ts'
import type { KeyStore, TenantStore } from '../ports.ts'
import { auditEntry, earlierExpiry, isId, isKeyHash, isLive, keyRecord, keyView } from '../rules.ts'
import { auditWrite, keyFromItem, keyWrites, toItem } from './codec.ts'
import { keys, prefixes } from './table.ts'
import { get, optimistic, put, queryPage } from './tx.ts'
import type { Db } from './tx.ts'

/** {@link TenantStore} over the table: the tenant item, its directory entry and root key in one transaction. */
export function dynamoTenants(db: Db): TenantStore {
  return {
    async create(input, ctx) {
      const tenant: Tenant = { ...NewTenant.parse(input.tenant), createdAt: ctx.at }
      const rootKey = keyRecord(tenant.tenantId, { ...input.rootKey, scopes: ['admin'], clusterId: null }, ctx)
      const audit = auditEntry(tenant.tenantId, ctx, 'tenant.create', `tenants/${tenant.tenantId}`, { rootKeyId: rootKey.keyId })
      return optimistic(db, async () => ({
        write: [
          put(db, toItem(keys.tenant(tenant.tenantId), 'tenant', tenant), { absent: true }),
          put(db, toItem(keys.tenantDirectory(tenant.tenantId), 'tenantdir', tenant), { absent: true }),
          ...keyWrites(db, rootKey, { absent: true }),
          auditWrite(db, audit),
        ],
        value: { tenant, rootKey: keyView(rootKey) },
        // Every condition here is "does not exist yet", so any failure means `exists`.
        failed: () => 'exists' as const,
      }))
    },
    async get(tenantId) {
      const item = isId(tenantId) ? await get(db, keys.tenant(tenantId)) : undefined
      return item ? ok(Tenant.parse(item)) : err('notFound')
    },
    async list(page) {
      const out = await queryPage(db, keys.tenantDirectoryPartition, prefixes.tenant, page, 'asc')
      return { items: out.items.map((i) => Tenant.parse(i)), cursor: out.cursor }
    },
  }
}

/** {@link KeyStore} over the table: each key is an id item plus a hash item, always written together. */
export function dynamoKeys(db: Db): KeyStore {
  const read = async (tenantId: string, keyId: string) => {
    const item = isId(keyId) ? await get(db, keys.apiKey(tenantId, keyId)) : undefined
    return item ? keyFromItem(item) : undefined
  }
  /** Touching the cluster item makes a concurrent cluster delete re-read its bound keys. */
  const bumpCluster = (tenantId: string, clusterId: string): TransactWriteItem => ({
    Update: {
      TableName: db.table,
      Key: keys.cluster(tenantId, clusterId),
      UpdateExpression: 'ADD #rev :one',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#rev': 'rev' },
      ExpressionAttributeValues: { ':one': 1 },
    },
  })
  return {
    async create(tenantId, input, ctx) {
      const key = keyRecord(tenantId, input, ctx)
      const audit = auditEntry(tenantId, ctx, 'key.create', `keys/${key.keyId}`, { scopes: key.scopes.join(',') })
      const write = [...keyWrites(db, key, { absent: true }), auditWrite(db, audit)]
      if (key.clusterId !== null) write.push(bumpCluster(tenantId, key.clusterId))
      return optimistic(db, async () => ({
        write,
        value: keyView(key),
        // Items 0 and 1 are the new key (id, hash); item 3, if present, is the bound cluster.
        failed: (codes) => (codes.slice(0, 2).includes('ConditionalCheckFailed') ? 'exists' : 'notFound'),
      }))
    },
    async get(tenantId, keyId) {
      const found = await read(tenantId, keyId)
      return found ? ok(keyView(found.key)) : err('notFound')
    },
    async list(tenantId, page) {
      const out = await queryPage(db, keys.tenant(tenantId).PK, prefixes.key, page, 'asc')
      return { items: out.items.map((i) => keyView(ApiKey.parse(i))), cursor: out.cursor }
    },
    async findByHash(hash) {
      const item = isKeyHash(hash) ? await get(db, keys.keyHash(hash)) : undefined
      return item ? ApiKey.parse(item) : null
    },
    async revoke(tenantId, keyId, ctx) {
      return optimistic(db, async () => {
        const found = await read(tenantId, keyId)
        if (!found) return err('notFound')
        if (found.key.revokedAt !== null) return ok(keyView(found.key))
        const revoked = { ...found.key, revokedAt: ctx.at }
        return {
          write: [...keyWrites(db, revoked, { rev: found.rev }), auditWrite(db, auditEntry(tenantId, ctx, 'key.revoke', `keys/${keyId}`))],
          value: keyView(revoked),
        }
      })
    },
    async rotate(tenantId, keyId, input, options, ctx) {
      const overlapUntil = Instant.parse(options.overlapUntil)
      return optimistic(db, async () => {
        const found = await read(tenantId, keyId)
        if (!found) return err('notFound')
        const old = found.key
        const next = keyRecord(tenantId, { ...input, scopes: old.scopes, clusterId: old.clusterId }, ctx)
        if (!isLive(old, ctx.at) || old.replacedBy !== null) return err('conflict')
        const previous = { ...old, expiresAt: earlierExpiry(old.expiresAt, overlapUntil), replacedBy: next.keyId }
        const detail = { next: next.keyId, overlapUntil: previous.expiresAt }
        const write = [
          ...keyWrites(db, previous, { rev: found.rev }),
          ...keyWrites(db, next, { absent: true }),
          auditWrite(db, auditEntry(tenantId, ctx, 'key.rotate', `keys/${keyId}`, detail)),
        ]
        if (old.clusterId !== null) write.push(bumpCluster(tenantId, old.clusterId))
        return {
          write,
          value: { previous: keyView(previous), next: keyView(next) },
          // Items 2 and 3 are the new key's: taken id or hash. Anything else: re-read the old key.
          failed: (codes) => (codes[2] === 'ConditionalCheckFailed' || codes[3] === 'ConditionalCheckFailed' ? 'exists' : undefined),
        }
      })
    },
  }
}
