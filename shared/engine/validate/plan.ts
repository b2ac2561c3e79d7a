/**
 * What the walk needs to know about one pattern map, worked out once per map object: its keys
 * parsed as anchors and put in Kyverno's evaluation order. The walk never adds or removes keys of a
 * pattern map (metadata expansion only replaces values), so a plan stays valid for the map's life.
 */
import type { JsonObject, JsonValue } from '../../lib/json.ts'
import { isCondition, isExistence, isPhaseOneAnchor, parseAnchor, type Anchor } from '../anchor/index.ts'
import { byRawKey, NestedAnchorCache, phaseTwoOrderSorted } from './order.ts'

export interface MapPlan {
  /** Phase-1 anchors (`()`, `=()`, `X()`, `^()`) in raw-key byte order. */
  readonly phaseOne: readonly Anchor[]
  /** The other keys in raw-key byte order, before phase 2 moves anchor-holding ones to the front. */
  readonly phaseTwo: readonly Anchor[]
  /** The `()`/`^()` keys the anchor-key record tracks. */
  readonly tracked: readonly Anchor[]
  /** Whether some key is `metadata` or an anchor on it: only then can metadata expansion apply. */
  readonly hasMetadataTag: boolean
  /**
   * Set for a map of a kept pattern that no walk rewrites, nor anything under it: its values and
   * its phase-2 order never change, so they are worked out once.
   */
  fixed: FixedOrder | undefined
}

/** A fixed map's keys in evaluation order, each with its value at the same index. */
export interface FixedOrder {
  readonly phaseOne: readonly Anchor[]
  readonly phaseOneValues: readonly JsonValue[]
  /** The plan of each value that is a map (fixed too, like everything under a fixed map). */
  readonly phaseOnePlans: readonly (MapPlan | undefined)[]
  readonly phaseTwo: readonly Anchor[]
  readonly phaseTwoValues: readonly JsonValue[]
  readonly phaseTwoPlans: readonly (MapPlan | undefined)[]
}

const PLAN: unique symbol = Symbol('pattern map plan')
type Planned = JsonObject & { [PLAN]?: MapPlan }

function computePlan(pattern: JsonObject): MapPlan {
  const phaseOne: Anchor[] = []
  const phaseTwo: Anchor[] = []
  const tracked: Anchor[] = []
  let hasMetadataTag = false
  for (const raw of Object.keys(pattern)) {
    const a = parseAnchor(raw)
    ;(isPhaseOneAnchor(a) ? phaseOne : phaseTwo).push(a)
    if (isCondition(a) || isExistence(a)) tracked.push(a)
    if (raw === 'metadata' || a.key === 'metadata') hasMetadataTag = true
  }
  // `fixed` is always present, so that every plan has one shape.
  return { phaseOne: byRawKey(phaseOne), phaseTwo: byRawKey(phaseTwo), tracked, hasMetadataTag, fixed: undefined }
}

/**
 * The plan of a map of a kept pattern, computed on first use and kept on the map itself, under a
 * non-enumerable symbol no JSON view of it can see: looking it up is a property read rather than a
 * WeakMap probe, on every map of every walk.
 */
export function keptPlan(pattern: JsonObject): MapPlan {
  let plan = (pattern as Planned)[PLAN]
  if (plan) return plan
  plan = computePlan(pattern)
  Object.defineProperty(pattern, PLAN, { value: plan })
  return plan
}

/** The plan a kept map has, if any. */
export function planIfKept(pattern: JsonObject): MapPlan | undefined {
  return (pattern as Planned)[PLAN]
}

/**
 * Plans of the maps one walk made or was given fresh (copies, maps rewritten by metadata
 * expansion): kept beside the walk, since such maps live no longer than it.
 */
export class WalkPlans {
  readonly #plans = new Map<JsonObject, MapPlan>()

  /** The plan of any map met in the walk. */
  of(pattern: JsonObject): MapPlan {
    const kept = planIfKept(pattern)
    if (kept) return kept
    let plan = this.#plans.get(pattern)
    if (!plan) {
      plan = computePlan(pattern)
      this.#plans.set(pattern, plan)
    }
    return plan
  }

  /** Records that `copy`, made for this walk from the kept `original` (same keys), plans like it (never fixed). */
  copied(copy: JsonObject, original: JsonObject): void {
    const plan = keptPlan(original)
    this.#plans.set(copy, plan.fixed ? { ...plan, fixed: undefined } : plan)
  }
}

/** Nested-anchor answers for fixed maps; being fixed, they never change. */
const fixedNestedAnchors = new NestedAnchorCache()

/**
 * Fixes the plan of a map that no walk will rewrite, nor anything under it (the caller's promise):
 * its values are read once, and its phase-2 order worked out once.
 */
export function fixPlan(pattern: JsonObject): void {
  const plan = keptPlan(pattern)
  const phaseTwo = phaseTwoOrderSorted(plan.phaseTwo, pattern, fixedNestedAnchors)
  const valueOf = (a: Anchor) => pattern[a.raw] as JsonValue
  const planOf = (a: Anchor) => {
    const v = pattern[a.raw]
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? keptPlan(v) : undefined
  }
  plan.fixed = {
    phaseOne: plan.phaseOne,
    phaseOneValues: plan.phaseOne.map(valueOf),
    phaseOnePlans: plan.phaseOne.map(planOf),
    phaseTwo,
    phaseTwoValues: phaseTwo.map(valueOf),
    phaseTwoPlans: phaseTwo.map(planOf),
  }
}
