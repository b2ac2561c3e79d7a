/** Memory adapter: clusters (with their webhook keys) and the audit trail. */
import { err, ok } from '../../lib/result.ts'
import { ClusterPatch, NewCluster } from '../ports.ts'
import type { AuditLog, Cluster, ClusterStore } from '../ports.ts'
import { auditEntry, copy, isId, isLive, keyRecord, keyView, newToken } from '../rules.ts'
import { bucket, pageOf, peek } from './state.ts'
import type { MemoryState } from './state.ts'

/** {@link ClusterStore} over the memory state. */
export function memoryClusters(state: MemoryState): ClusterStore {
  const find = (tenantId: string, clusterId: string) => (isId(clusterId) ? peek(state, tenantId)?.clusters.get(clusterId) : undefined)
  return {
    async create(tenantId, input, webhookKey, ctx) {
      const cluster: Cluster = { tenantId, ...NewCluster.parse(input), etag: newToken(), createdAt: ctx.at, updatedAt: ctx.at }
      const key = keyRecord(tenantId, { ...webhookKey, scopes: ['webhook'], clusterId: cluster.clusterId }, ctx)
      const b = bucket(state, tenantId)
      if (b.clusters.has(cluster.clusterId) || b.keys.has(key.keyId) || state.keyHashes.has(key.hash)) return err('exists')
      b.clusters.set(cluster.clusterId, cluster)
      b.keys.set(key.keyId, key)
      state.keyHashes.set(key.hash, { tenantId, keyId: key.keyId })
      b.audit.push(auditEntry(tenantId, ctx, 'cluster.create', `clusters/${cluster.clusterId}`, { webhookKeyId: key.keyId }))
      return ok({ cluster: copy(cluster), webhookKey: keyView(copy(key)) })
    },
    async get(tenantId, clusterId) {
      const cluster = find(tenantId, clusterId)
      return cluster ? ok(copy(cluster)) : err('notFound')
    },
    async list(tenantId, page) {
      return pageOf(peek(state, tenantId)?.clusters ?? new Map<string, Cluster>(), page, 'asc')
    },
    async update(tenantId, clusterId, patch, expect, ctx) {
      const changes = ClusterPatch.parse(patch)
      const cluster = find(tenantId, clusterId)
      if (!cluster) return err('notFound')
      if (cluster.etag !== expect.etag) return err('conflict')
      const next: Cluster = { ...cluster, ...changes, etag: newToken(), updatedAt: ctx.at }
      const b = bucket(state, tenantId)
      b.clusters.set(clusterId, next)
      b.audit.push(auditEntry(tenantId, ctx, 'cluster.update', `clusters/${clusterId}`, { fields: Object.keys(changes).sort().join(',') }))
      return ok(copy(next))
    },
    async delete(tenantId, clusterId, expect, ctx) {
      const cluster = find(tenantId, clusterId)
      if (!cluster) return err('notFound')
      if (cluster.etag !== expect.etag) return err('conflict')
      const b = bucket(state, tenantId)
      const bound = [...b.keys.values()].filter((k) => k.clusterId === clusterId && isLive(k, ctx.at))
      for (const key of bound) key.revokedAt = ctx.at
      b.clusters.delete(clusterId)
      const revokedKeyIds = bound.map((k) => k.keyId).sort()
      b.audit.push(auditEntry(tenantId, ctx, 'cluster.delete', `clusters/${clusterId}`, { revokedKeys: revokedKeyIds.join(',') }))
      return ok({ cluster: copy(cluster), revokedKeyIds })
    },
  }
}

/** {@link AuditLog} over the memory state, newest first. */
export function memoryAudit(state: MemoryState): AuditLog {
  return {
    async list(tenantId, page) {
      return pageOf((peek(state, tenantId)?.audit ?? []).map((e) => [e.id, e]), page, 'desc')
    },
  }
}
