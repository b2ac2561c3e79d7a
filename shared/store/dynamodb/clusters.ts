/** DynamoDB adapter: clusters (with their webhook keys) and the audit trail. */
import type { TransactWriteItem } from '@aws-sdk/lib-dynamodb'
import { err, ok } from '../../lib/result.ts'
import { AuditEntry, Cluster, ClusterPatch, NewCluster } from '../ports.ts'
import type { AuditLog, ClusterStore } from '../ports.ts'
import { auditEntry, isId, isLive, keyRecord, keyView, newToken } from '../rules.ts'
import { auditWrite, keyFromItem, keyWrites, revOf, toItem } from './codec.ts'
import { keys, prefixes } from './table.ts'
import { get, optimistic, put, queryAll, queryPage } from './tx.ts'
import type { Db } from './tx.ts'

/** Two items per revoked key plus the cluster and the audit entry must fit one transaction (100). */
const MAX_REVOKED_PER_DELETE = 45

/** {@link ClusterStore} over the table; delete revokes bound keys in the same transaction. */
export function dynamoClusters(db: Db): ClusterStore {
  const read = async (tenantId: string, clusterId: string) => {
    const item = isId(clusterId) ? await get(db, keys.cluster(tenantId, clusterId)) : undefined
    return item ? { cluster: Cluster.parse(item), rev: revOf(item) } : undefined
  }
  const clusterItem = (cluster: Cluster, rev: number) => toItem(keys.cluster(cluster.tenantId, cluster.clusterId), 'cluster', cluster, { rev })

  return {
    async create(tenantId, input, webhookKey, ctx) {
      const cluster: Cluster = { tenantId, ...NewCluster.parse(input), etag: newToken(), createdAt: ctx.at, updatedAt: ctx.at }
      const key = keyRecord(tenantId, { ...webhookKey, scopes: ['webhook'], clusterId: cluster.clusterId }, ctx)
      const audit = auditEntry(tenantId, ctx, 'cluster.create', `clusters/${cluster.clusterId}`, { webhookKeyId: key.keyId })
      return optimistic(db, async () => ({
        write: [put(db, clusterItem(cluster, 0), { absent: true }), ...keyWrites(db, key, { absent: true }), auditWrite(db, audit)],
        value: { cluster, webhookKey: keyView(key) },
        failed: () => 'exists' as const,
      }))
    },
    async get(tenantId, clusterId) {
      const found = await read(tenantId, clusterId)
      return found ? ok(found.cluster) : err('notFound')
    },
    async list(tenantId, page) {
      const out = await queryPage(db, keys.tenant(tenantId).PK, prefixes.cluster, page, 'asc')
      return { items: out.items.map((i) => Cluster.parse(i)), cursor: out.cursor }
    },
    async update(tenantId, clusterId, patch, expect, ctx) {
      const changes = ClusterPatch.parse(patch)
      return optimistic(db, async () => {
        const found = await read(tenantId, clusterId)
        if (!found) return err('notFound')
        if (found.cluster.etag !== expect.etag) return err('conflict')
        const next: Cluster = { ...found.cluster, ...changes, etag: newToken(), updatedAt: ctx.at }
        const detail = { fields: Object.keys(changes).sort().join(',') }
        return {
          write: [
            put(db, clusterItem(next, found.rev + 1), { rev: found.rev }),
            auditWrite(db, auditEntry(tenantId, ctx, 'cluster.update', `clusters/${clusterId}`, detail)),
          ],
          value: next,
        }
      })
    },
    async delete(tenantId, clusterId, expect, ctx) {
      return optimistic(db, async () => {
        const found = await read(tenantId, clusterId)
        if (!found) return err('notFound')
        if (found.cluster.etag !== expect.etag) return err('conflict')
        // Key writes bound to this cluster bump its `rev`, so a key minted after this read makes
        // the conditional delete fail and this step run again with the new key in view.
        const bound = (await queryAll(db, keys.tenant(tenantId).PK, prefixes.key))
          .map(keyFromItem)
          .filter(({ key }) => key.clusterId === clusterId && isLive(key, ctx.at))
        if (bound.length > MAX_REVOKED_PER_DELETE) {
          throw new Error(`cluster ${clusterId} has ${bound.length} live keys; revoke some before deleting it`)
        }
        const revokedKeyIds = bound.map(({ key }) => key.keyId).sort()
        const del: TransactWriteItem = {
          Delete: {
            TableName: db.table,
            Key: keys.cluster(tenantId, clusterId),
            ConditionExpression: '#rev = :rev',
            ExpressionAttributeNames: { '#rev': 'rev' },
            ExpressionAttributeValues: { ':rev': found.rev },
          },
        }
        const audit = auditEntry(tenantId, ctx, 'cluster.delete', `clusters/${clusterId}`, { revokedKeys: revokedKeyIds.join(',') })
        const revocations = bound.flatMap(({ key, rev }) => keyWrites(db, { ...key, revokedAt: ctx.at }, { rev }))
        return { write: [del, ...revocations, auditWrite(db, audit)], value: { cluster: found.cluster, revokedKeyIds } }
      })
    },
  }
}

/** {@link AuditLog} over the tenant's audit partition, newest first. */
export function dynamoAudit(db: Db): AuditLog {
  return {
    async list(tenantId, page) {
      const out = await queryPage(db, keys.auditPartition(tenantId), '', page, 'desc')
      return { items: out.items.map((i) => AuditEntry.parse(i)), cursor: out.cursor }
    },
  }
}
