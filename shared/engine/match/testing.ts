/** Builders shared by the match tests (test-only; not exported from the module). */
import type { JsonObject } from '../../lib/json.ts'
import type { RequestUser } from '../api.ts'
import type { MatchResources, ResourceDescription, ResourceFilter } from '../../policy/match.ts'

export interface Meta {
  name?: string
  generateName?: string
  namespace?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
}

export function obj(apiVersion: string, kind: string, meta: Meta = {}): JsonObject {
  return { apiVersion, kind, metadata: { ...meta } }
}

export const pod = (meta: Meta = {}): JsonObject => obj('v1', 'Pod', { name: 'web', namespace: 'default', ...meta })
export const namespace = (name: string, labels?: Record<string, string>): JsonObject =>
  obj('v1', 'Namespace', labels ? { name, labels } : { name })

/** `match.any[{resources, ...userInfo}]`. */
export const anyOf = (...filters: ResourceFilter[]): { match: MatchResources } => ({ match: { any: filters } })
export const res = (resources: ResourceDescription, user: Omit<ResourceFilter, 'resources'> = {}): ResourceFilter => ({
  resources,
  ...user,
})

export const user = (u: Partial<RequestUser>): RequestUser => ({ username: '', groups: [], roles: [], clusterRoles: [], ...u })
