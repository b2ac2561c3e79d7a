/**
 * The tree walk (Kyverno's `validateResourceElement`, `validateMap`, `validateArray`): dispatch on
 * the pattern's type, the two map phases, and array handling where the first pattern element decides.
 */
import { goV } from '../../lib/gofmt.ts'
import { isObject, type JsonObject, type JsonValue } from '../../lib/json.ts'
import { combineSkips, patternFailure, type Anchor, type PatternError } from '../anchor/index.ts'
import { goTypeName, matchValue } from '../pattern/index.ts'
import type { WalkContext } from './context.ts'
import { handleKey } from './handlers.ts'
import { expandInMetadata } from './metadata.ts'
import { phaseTwoOrderSorted } from './order.ts'
import type { FixedOrder, MapPlan } from './plan.ts'

/** Matches `resource` against `pattern` at `path`; `null` when it matches. */
export function walkElement(resource: JsonValue, pattern: JsonValue, path: string, ctx: WalkContext, knownPlan?: MapPlan): PatternError | null {
  // Patterns are private copies, which hold no Int64 boxes (privateCopy unboxes them): an object
  // that is not an array is a map.
  const patternIsContainer = typeof pattern === 'object' && pattern !== null
  if (patternIsContainer && !Array.isArray(pattern)) {
    if (!isObject(resource)) {
      const found = goTypeName(resource, ctx.modes.resource)
      return patternFailure(
        path,
        `pattern and resource have different structures. Path: ${path}. Expected map[string]interface {}, found ${found}`,
      )
    }
    const plan = knownPlan ?? ctx.planOf(pattern)
    if (plan.tracked.length > 0) ctx.anchorKeys.observeTracked(plan.tracked, resource)
    return walkMap(resource, pattern, plan, path, ctx)
  }
  if (patternIsContainer) {
    if (!Array.isArray(resource)) {
      return patternFailure(path, `validation rule failed at path ${path}, resource does not satisfy the expected overlay pattern`)
    }
    return walkArray(resource, pattern, path, ctx)
  }
  // A scalar against an array must match every element (an empty array passes).
  let ok = true
  if (Array.isArray(resource)) {
    for (const element of resource) {
      if (!matchValue(element, pattern, ctx.modes)) {
        ok = false
        break
      }
    }
  } else {
    ok = matchValue(resource, pattern, ctx.modes)
  }
  if (ok) return null
  const got = goV(resource, ctx.modes.resource)
  const want = goV(pattern, ctx.modes.pattern)
  return patternFailure(path, `resource value '${got}' does not match '${want}' at path ${path}`)
}

function walkMap(resource: JsonObject, pattern: JsonObject, plan: MapPlan, path: string, ctx: WalkContext): PatternError | null {
  if (plan.fixed) return walkFixedMap(resource, plan.fixed, path, ctx)
  if (plan.hasMetadataTag && expandInMetadata(pattern, resource)) ctx.nestedAnchors.clear()

  // Phase 1: `()` < `=()` < `X()` < `^()` in byte order, so conditionals run first.
  let applied = 0
  let conditionalFailed = false
  let skips: PatternError[] | undefined
  for (const a of plan.phaseOne) {
    const err = handleKey(a, pattern[a.raw] as JsonValue, resource, path, ctx)
    if (!err) {
      applied++
    } else if (err.kind === 'skip') {
      ;(skips ??= []).push(err)
      if (a.type === 'condition') conditionalFailed = true
    } else if (!conditionalFailed) {
      return err
    }
    // A non-skip failure after a failed conditional is discarded: the map skips anyway.
  }
  if (skips && (applied === 0 || conditionalFailed)) return combineSkips(path, skips)

  // Phase 2: the first error of any kind, skip included, decides.
  for (const a of phaseTwoOrderSorted(plan.phaseTwo, pattern, ctx.nestedAnchors)) {
    const err = handleKey(a, pattern[a.raw] as JsonValue, resource, path, ctx)
    if (err) return err
  }
  return null
}

/** {@link walkMap} for a fixed map: no metadata key, keys and values in evaluation order already. */
function walkFixedMap(resource: JsonObject, order: FixedOrder, path: string, ctx: WalkContext): PatternError | null {
  let applied = 0
  let conditionalFailed = false
  let skips: PatternError[] | undefined
  const one = order.phaseOne
  for (let i = 0; i < one.length; i++) {
    const a = one[i] as Anchor
    const err = handleKey(a, order.phaseOneValues[i] as JsonValue, resource, path, ctx, order.phaseOnePlans[i])
    if (!err) {
      applied++
    } else if (err.kind === 'skip') {
      ;(skips ??= []).push(err)
      if (a.type === 'condition') conditionalFailed = true
    } else if (!conditionalFailed) {
      return err
    }
  }
  if (skips && (applied === 0 || conditionalFailed)) return combineSkips(path, skips)
  const two = order.phaseTwo
  for (let i = 0; i < two.length; i++) {
    const err = handleKey(two[i] as Anchor, order.phaseTwoValues[i] as JsonValue, resource, path, ctx, order.phaseTwoPlans[i])
    if (err) return err
  }
  return null
}

function walkArray(resource: JsonValue[], pattern: JsonValue[], path: string, ctx: WalkContext): PatternError | null {
  const first = pattern[0]
  if (first === undefined) return patternFailure(path, 'pattern Array empty')
  // Only the first pattern element decides; further elements are ignored unless it is an array.
  if (isObject(first)) return eachElement(resource, null, first, path, ctx)
  if (!Array.isArray(first)) return ctx.walk(resource, first, path)
  if (resource.length < pattern.length) {
    // No path: this surfaces as an execution error, as in Kyverno.
    return patternFailure(
      '',
      `validate Array failed, array length mismatch, resource Array len is ${resource.length} and pattern Array len is ${pattern.length}`,
    )
  }
  return eachElement(resource, pattern, null, path, ctx)
}

/**
 * Array propagation (§6.2): skipping elements are ignored, any other error returns, all-skip skips.
 * Either every resource element meets `shared`, or the first `positional.length` elements meet the
 * pattern element at the same index.
 */
function eachElement(
  resource: JsonValue[],
  positional: JsonValue[] | null,
  shared: JsonObject | null,
  path: string,
  ctx: WalkContext,
): PatternError | null {
  const count = positional ? positional.length : resource.length
  // Every element meets the same map: its plan is looked up once.
  const sharedPlan = shared && count > 0 ? ctx.planOf(shared) : undefined
  let applied = 0
  let skips: PatternError[] | undefined
  for (let i = 0; i < count; i++) {
    const wanted = positional ? (positional[i] as JsonValue) : (shared as JsonObject)
    const err = ctx.walk(resource[i] as JsonValue, wanted, `${path}${i}/`, sharedPlan)
    if (!err) applied++
    else if (err.kind === 'skip') (skips ??= []).push(err)
    else return err
  }
  return applied === 0 && skips ? combineSkips(path, skips) : null
}
