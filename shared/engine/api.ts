/**
 * The engine's public surface: what a caller (admission, CI evaluate, `verdict test`) hands in and
 * gets back. Pure data in, pure data out.
 */
import type { JsonObject, JsonValue } from '../lib/json.ts'
import type { GroupVersionKind } from './match/kind.ts'

export type { GroupVersionKind }

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT'

/** Who made the request. Absent (`undefined`) means "no request info", as in `kyverno test` without `userinfo`. */
export interface RequestUser {
  username: string
  uid?: string
  groups: string[]
  extra?: Record<string, string[]>
  roles: string[]
  clusterRoles: string[]
}

/** Dotted-key values (`request.object.metadata.name: x`, `cm.data.key: v`) merged into the context, as `kyverno test` values files supply them. */
export type DottedValues = Record<string, JsonValue>

export interface OfflineValues {
  /** Values for every rule of every policy (globalValues, then per-resource values, then --set). */
  global?: DottedValues
  /** `policies[].rules[].values` for one rule. */
  rule?: (policy: string, rule: string) => DottedValues | undefined
  /** `policies[].rules[].foreachValues` for one rule (only index 0 is used, as Kyverno does). */
  foreach?: (policy: string, rule: string) => Record<string, JsonValue[]> | undefined
}

/** A group, version and resource, as an AdmissionRequest names what it is about (`pods`). */
export interface GroupVersionResource {
  group: string
  version: string
  resource: string
}

/**
 * Fields of the AdmissionRequest that Kyverno's context exposes as they came (`request.kind`,
 * `request.resource`, `request.name`). Only admission has them; `kyverno test` does not.
 */
export interface AdmissionFields {
  /** The kind of the object the request carries (`PodExecOptions` for `pods/exec`). */
  kind?: GroupVersionKind
  resource?: GroupVersionResource
  name?: string
}

export interface EvaluationInput {
  operation: Operation
  /** The new object; `null` for DELETE. */
  object: JsonObject | null
  /** The previous object for UPDATE and DELETE. */
  oldObject: JsonObject | null
  /**
   * The kind rules are matched as (Kyverno's `ResourceKind()`): for a subresource request the
   * parent's (`Pod` for `pods/exec`), with {@link subresource}. Absent: the object's own kind.
   */
  gvk?: GroupVersionKind
  /** The subresource of the request (`exec`, `status`, …); absent or `""` for none. Also `request.subResource`. */
  subresource?: string
  /** AdmissionRequest fields for the context (`request.kind`, `request.resource`, `request.name`). */
  admission?: AdmissionFields
  user?: RequestUser
  /** Labels of the resource's namespace, for `namespaceSelector`. */
  namespaceLabels?: Record<string, string>
  values?: OfflineValues
  /**
   * How the resource's numbers were decoded: `int` keeps whole numbers as Go int64 (admission
   * requests), `float` makes every number a float64 (as `kyverno test` loads resource files).
   */
  numberMode?: 'int' | 'float'
  /** Clock for time functions; the engine never reads the system clock itself. */
  now?: () => Date
}
