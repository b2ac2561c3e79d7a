/** Memory adapter: per-cluster namespace labels (tenant → cluster → name → entry). */
import { err, ok } from '../../lib/result.ts'
import { NamespaceInput, sameLabels, syncInput } from '../namespaces.ts'
import type { NamespaceEntry, NamespaceStore } from '../namespaces.ts'
import { auditEntry, copy, isId } from '../rules.ts'
import { bucket, pageOf, peek } from './state.ts'
import type { MemoryState } from './state.ts'

/** {@link NamespaceStore} over the memory state; entries live beside it, keyed by tenant first. */
export function memoryNamespaces(state: MemoryState): NamespaceStore {
  const tenants = new Map<string, Map<string, Map<string, NamespaceEntry>>>()
  const entries = (tenantId: string, clusterId: string) => tenants.get(tenantId)?.get(clusterId)
  const writable = (tenantId: string, clusterId: string) => {
    let clusters = tenants.get(tenantId)
    if (!clusters) tenants.set(tenantId, (clusters = new Map()))
    let found = clusters.get(clusterId)
    if (!found) clusters.set(clusterId, (found = new Map()))
    return found
  }
  const hasCluster = (tenantId: string, clusterId: string) => isId(clusterId) && peek(state, tenantId)?.clusters.has(clusterId) === true

  return {
    async get(tenantId, clusterId, name) {
      const entry = entries(tenantId, clusterId)?.get(name)
      return entry ? ok(copy(entry)) : err('notFound')
    },
    async list(tenantId, clusterId, page) {
      if (!hasCluster(tenantId, clusterId)) return err('notFound')
      return ok(pageOf(entries(tenantId, clusterId) ?? new Map<string, NamespaceEntry>(), page, 'asc'))
    },
    async replace(tenantId, clusterId, namespaces, ctx) {
      const wanted = syncInput(namespaces)
      if (!hasCluster(tenantId, clusterId)) return err('notFound')
      const current = writable(tenantId, clusterId)
      let written = 0
      let removed = 0
      for (const name of [...current.keys()]) {
        if (!wanted.has(name)) {
          current.delete(name)
          removed++
        }
      }
      for (const [name, labels] of wanted) {
        const had = current.get(name)
        if (had && sameLabels(had.labels, labels)) continue
        current.set(name, { name, labels: copy(labels), source: 'sync', updatedAt: ctx.at })
        written++
      }
      const outcome = { count: wanted.size, written, removed }
      bucket(state, tenantId).audit.push(auditEntry(tenantId, ctx, 'cluster.namespaces.sync', `clusters/${clusterId}/namespaces`, outcome))
      return ok(outcome)
    },
    async record(tenantId, clusterId, namespace, at) {
      const ns = NamespaceInput.parse(namespace)
      writable(tenantId, clusterId).set(ns.name, { name: ns.name, labels: copy(ns.labels), source: 'admission', updatedAt: at })
    },
    async forget(tenantId, clusterId, name) {
      entries(tenantId, clusterId)?.delete(name)
    },
  }
}
