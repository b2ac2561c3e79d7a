/**
 * @module store/memory — the in-memory adapter of every storage port: tests, `npm start` without a
 * database, and the reference the DynamoDB adapter is checked against by the contract suite.
 *
 * Each call decides and writes without awaiting in between, so on one event loop every mutation is
 * atomic and concurrent writers serialise exactly as conditional writes do in DynamoDB.
 */
import type { Stores } from '../ports.ts'
import { memoryKeys, memoryTenants } from './keys.ts'
import { memoryAudit, memoryClusters } from './clusters.ts'
import { memoryPolicySets } from './policy-sets.ts'
import { memoryNamespaces } from './namespaces.ts'
import { newState } from './state.ts'

/**
 * A fresh, empty set of stores sharing one state.
 *
 * @example
 * const stores = createMemoryStores()
 * await stores.policySets.create('acme', { setId: 'baseline' }, { actorKeyId: 'k1', at: new Date().toISOString() })
 */
export function createMemoryStores(): Stores {
  const state = newState()
  return {
    tenants: memoryTenants(state),
    keys: memoryKeys(state),
    policySets: memoryPolicySets(state),
    clusters: memoryClusters(state),
    audit: memoryAudit(state),
    namespaces: memoryNamespaces(state),
  }
}
