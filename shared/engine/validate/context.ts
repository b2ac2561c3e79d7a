/** State shared by one pattern walk: number modes, the anchor-key record and the walk itself. */
import type { JsonObject, JsonValue } from '../../lib/json.ts'
import type { PatternError } from '../anchor/index.ts'
import type { NumberModes } from '../pattern/index.ts'
import type { AnchorKeyRecord } from './anchor-keys.ts'
import type { NestedAnchorCache } from './order.ts'
import type { MapPlan } from './plan.ts'

/** Passed down the recursion; handlers call back into `walk` (as Kyverno's handlers do) so no module cycle exists. */
export interface WalkContext {
  readonly modes: NumberModes
  /** Which `()`/`^()` keys some visited resource map contained (§6.3). */
  readonly anchorKeys: AnchorKeyRecord
  readonly nestedAnchors: NestedAnchorCache
  /** The plan of a pattern map met in this walk. */
  planOf(pattern: JsonObject): MapPlan
  /** `plan`, when given, is the plan of `pattern` (a map), already looked up by the caller. */
  walk(resource: JsonValue, pattern: JsonValue, path: string, plan?: MapPlan): PatternError | null
}
