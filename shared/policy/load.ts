/**
 * Turning an untrusted document into a policy the engine can run, or a precise reason why not.
 * (Contract first; the implementation follows in the schema work.)
 */
import type { JsonObject } from '../lib/json.ts'

export interface PolicyIssue {
  /** Dotted path into the document, e.g. `spec.rules[2].validate.pattern`. */
  path: string
  message: string
}

export interface LoadedPolicy {
  kind: 'ClusterPolicy' | 'Policy'
  name: string
  /** `metadata.namespace` as written ('' when absent). */
  namespace: string
  /** The policy document as parsed (JSON-normalised); autogen and the rule pipeline read it. */
  raw: JsonObject
}

export type PolicyLoadResult =
  /** Ready to evaluate. Rules using features Verdict does not evaluate still load: they yield `unsupported` rule responses. */
  | { status: 'ok'; policy: LoadedPolicy; warnings: PolicyIssue[] }
  /** Kyverno itself would reject it (`kyverno test` drops it and reports "Invalid policy"). */
  | { status: 'invalid'; kind: string; name: string; issues: PolicyIssue[] }
  /** A policy kind Verdict cannot evaluate at all (CEL ValidatingPolicy, MutatingPolicy, …). */
  | { status: 'unsupported'; kind: string; name: string; feature: string }
  /** Not a policy document at all. */
  | { status: 'notPolicy' }

export declare function loadPolicy(doc: unknown): PolicyLoadResult
