/**
 * What the runner needs from the policy engine, injected so selection and comparison can be
 * tested against small fakes. The real wiring (`real-engine.ts`) plugs in `shared/policy` and
 * `shared/engine`.
 */
import type { JsonObject } from '../lib/json.ts'
import type { EvaluationInput } from '../engine/api.ts'
import type { PolicyResponse } from '../engine/result.ts'

/** The parts of a loaded policy the runner reads itself (name for lookup, raw for `scored`). */
export interface PolicyLike {
  kind: 'ClusterPolicy' | 'Policy'
  name: string
  namespace: string
  raw: JsonObject
}

/** Mirrors `PolicyLoadResult` from `shared/policy/load.ts`, generic over the loaded policy type. */
export type PolicyLoad<P extends PolicyLike> =
  | { status: 'ok'; policy: P }
  | { status: 'invalid'; kind: string; name: string; issues: ReadonlyArray<{ path: string; message: string }> }
  | { status: 'unsupported'; kind: string; name: string; feature: string }
  | { status: 'notPolicy' }

/** The engine functions a test run calls. Implementations must not throw, but the runner survives if they do. */
export interface Engine<P extends PolicyLike = PolicyLike> {
  loadPolicy(doc: unknown): PolicyLoad<P>
  evaluatePolicy(policy: P, input: EvaluationInput): PolicyResponse
  /** True for built-in cluster-scoped kinds (`Namespace`, `ClusterRole`…); unknown CRDs are namespaced. */
  isClusterScopedKind(apiVersion: string, kind: string): boolean
}
