/**
 * The policy-level gate of a namespaced `Policy` (Kyverno's `checkNamespacedPolicy`): when it
 * fails, the policy yields no rule responses at all. A `ClusterPolicy` has no gate.
 */
import type { JsonObject } from '../../lib/json.ts'
import { isEmptyResource, metaString } from './resource.ts'

/** The identity of a policy as far as the gate is concerned. */
export interface PolicyScope {
  kind: 'ClusterPolicy' | 'Policy'
  /** Raw `metadata.namespace`; empty means `default` for a `Policy`. */
  namespace?: string
}

/**
 * True when a resource in `resourceNamespace` (`""` for cluster-scoped) may be evaluated: always for
 * a ClusterPolicy; for a Policy only in exactly its namespace (`default` when unset).
 *
 * @example policyNamespaceGate({ kind: 'Policy' }, 'default') // true
 * @example policyNamespaceGate({ kind: 'Policy', namespace: 'team-a' }, '') // false: cluster-scoped
 */
export function policyNamespaceGate(policy: PolicyScope, resourceNamespace: string): boolean {
  if (policy.kind !== 'Policy') return true
  return resourceNamespace !== '' && resourceNamespace === (policy.namespace || 'default')
}

/** The gate over a request: every present object (new and old) must pass. */
export function policyGateForRequest(
  policy: PolicyScope,
  request: { object: JsonObject | null; oldObject: JsonObject | null },
): boolean {
  // A ClusterPolicy has no gate; checked first because nearly every policy is one.
  if (policy.kind !== 'Policy') return true
  return [request.object, request.oldObject].every(
    (o) => isEmptyResource(o) || policyNamespaceGate(policy, metaString(o, 'namespace')),
  )
}
