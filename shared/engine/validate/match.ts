/**
 * Kyverno's `validate.MatchPattern`: one walk from the root with a fresh anchor-key record, then the
 * root classification of §6.2 (skip, negation, anchor keys missing, plain failure).
 */
import type { NumberMode } from '../../lib/gofmt.ts'
import { isObject, setKey, type JsonObject, type JsonValue } from '../../lib/json.ts'
import { parseAnchor, patternFailure, type PatternError } from '../anchor/index.ts'
import type { NumberModes } from '../pattern/index.ts'
import { AnchorKeyRecord } from './anchor-keys.ts'
import { privateCopy, resourceDepthError, type Copy } from './bounds.ts'
import type { WalkContext } from './context.ts'
import { NestedAnchorCache } from './order.ts'
import { fixPlan, keptPlan, planIfKept, WalkPlans, type MapPlan } from './plan.ts'
import { walkElement } from './walk.ts'

/** Options of {@link matchPattern}. */
export interface MatchOptions {
  /** `int`: whole resource numbers are int64 (admission); `float`: all float64 (`kyverno test` files). */
  resourceNumbers: NumberMode
  /** `int` for `pattern` (the default); `float` for an `anyPattern` alternative, which went through plain JSON. */
  patternNumbers?: NumberMode
  /**
   * The pattern is a policy fragment nobody modifies (as every loaded policy is), so its private
   * copy may be made once and kept. Without it the pattern is copied on every call.
   */
  keep?: boolean
}

/**
 * Matches a resource against a pattern. `null` means it matches; otherwise the error says whether
 * the rule skips (`kind: 'skip'`), fails (a non-empty `path`) or errors (an empty `path`).
 * The caller's pattern is never modified.
 *
 * @example matchPattern({ spec: {} }, { spec: { hostNetwork: false } }, { resourceNumbers: 'int' })
 * // → { kind: 'fail', path: '/spec/hostNetwork/', message: "resource value '<nil>' does not match 'false' at path /spec/hostNetwork/" }
 */
export function matchPattern(resource: JsonValue, pattern: JsonValue, opts: MatchOptions): PatternError | null {
  const copied = opts.keep ? keptCopy(pattern) : privateCopy(pattern)
  if (!copied.ok) return patternFailure('', copied.error)
  const tooDeep = resourceDepthError(resource)
  if (tooDeep) return patternFailure('', tooDeep)
  return matchCopy(resource, copied, numberModes(opts.resourceNumbers, opts.patternNumbers ?? 'int'))
}

const MODES: Record<NumberMode, Record<NumberMode, NumberModes>> = {
  int: { int: { resource: 'int', pattern: 'int' }, float: { resource: 'int', pattern: 'float' } },
  float: { int: { resource: 'float', pattern: 'int' }, float: { resource: 'float', pattern: 'float' } },
}

/** The (shared, immutable) modes object for a pair. */
export function numberModes(resource: NumberMode, pattern: NumberMode): NumberModes {
  return MODES[resource][pattern]
}

/**
 * Matches against a copy from {@link keptCopy} or {@link privateCopy}. A kept copy is walked as it
 * is, except for the maps metadata expansion may rewrite, which are copied afresh for the walk.
 */
export function matchCopy(resource: JsonValue, copy: Copy & { ok: true }, modes: NumberModes): PatternError | null {
  if (!isKept(copy) || copy.rewritable.size === 0) return walkFromRoot(resource, copy.value, modes)
  const ctx = new PatternWalk(modes)
  return walkFromRoot(resource, copyRewritable(copy.value, copy.rewritable, ctx.plans), modes, ctx)
}

function walkFromRoot(resource: JsonValue, pattern: JsonValue, modes: NumberModes, ctx = new PatternWalk(modes)): PatternError | null {
  const err = ctx.walk(resource, pattern, '/')
  if (!err) return null
  if (err.kind === 'skip') return { ...err, path: '' }
  if (err.kind === 'negation') return err
  if (ctx.keysMissing()) return { ...err, path: '' }
  return err
}

/** The state of one walk from the root. */
class PatternWalk implements WalkContext {
  #anchorKeys: AnchorKeyRecord | undefined
  #nestedAnchors: NestedAnchorCache | undefined
  #plans: WalkPlans | undefined
  constructor(readonly modes: NumberModes) {}
  // Most patterns have no `()`/`^()` keys, and fixed maps need neither of the others, so most walks make none of these.
  get anchorKeys(): AnchorKeyRecord {
    return (this.#anchorKeys ??= new AnchorKeyRecord())
  }
  /** {@link AnchorKeyRecord.keysMissing} of this walk. */
  keysMissing(): boolean {
    return this.#anchorKeys?.keysMissing() ?? false
  }
  get nestedAnchors(): NestedAnchorCache {
    return (this.#nestedAnchors ??= new NestedAnchorCache())
  }
  get plans(): WalkPlans {
    return (this.#plans ??= new WalkPlans())
  }
  planOf(pattern: JsonObject): MapPlan {
    return planIfKept(pattern) ?? this.plans.of(pattern)
  }
  walk(resource: JsonValue, pattern: JsonValue, path: string, plan?: MapPlan): PatternError | null {
    return walkElement(resource, pattern, path, this, plan)
  }
}

/**
 * A kept private copy, with the containers a walk may rewrite: every map with a `metadata` key (or
 * an anchor on it), the value under that key (which expansion rewrites in place), and every
 * container on the way to them (so that a walk can reach fresh copies of those).
 */
type KeptCopy = Copy & { kept: true; rewritable: ReadonlySet<object> }
const kept = new WeakMap<object, KeptCopy>()

function isKept(c: Copy): c is KeptCopy {
  return (c as Partial<KeptCopy>).kept === true
}

/** Adds to `out` the rewritable containers of `v`; true when `v` is one. */
function findRewritable(v: JsonValue, out: Set<object>): boolean {
  let rewritable = false
  if (Array.isArray(v)) {
    for (const x of v) if (findRewritable(x, out)) rewritable = true
  } else if (isObject(v)) {
    rewritable = keptPlan(v).hasMetadataTag
    for (const k of Object.keys(v)) {
      const child = v[k] as JsonValue
      if (findRewritable(child, out)) rewritable = true
      const a = parseAnchor(k)
      if ((k === 'metadata' || a.key === 'metadata') && (isObject(child) || Array.isArray(child))) out.add(child)
    }
  } else {
    return false
  }
  if (rewritable) out.add(v)
  return rewritable || out.has(v)
}

/** Fixes the plan of every map of `v` that is not rewritable (all of their contents are not either). */
function fixPlans(v: JsonValue, rewritable: ReadonlySet<object>): void {
  if (Array.isArray(v)) {
    for (const x of v) fixPlans(x, rewritable)
  } else if (isObject(v)) {
    for (const k of Object.keys(v)) fixPlans(v[k] as JsonValue, rewritable)
    if (!rewritable.has(v)) fixPlan(v)
  }
}

/** A copy of the rewritable containers of a kept pattern for one walk, sharing everything else with it. */
function copyRewritable(v: JsonValue, rewritable: ReadonlySet<object>, plans: WalkPlans): JsonValue {
  if (typeof v !== 'object' || v === null || !rewritable.has(v)) return v
  if (Array.isArray(v)) return v.map((x) => copyRewritable(x, rewritable, plans))
  const out: JsonObject = {}
  for (const k of Object.keys(v)) setKey(out, k, copyRewritable((v as JsonObject)[k] as JsonValue, rewritable, plans))
  plans.copied(out, v as JsonObject)
  return out
}

/** The private copy of a policy pattern, made once per pattern object. */
export function keptCopy(pattern: JsonValue): Copy {
  if (typeof pattern !== 'object' || pattern === null) return privateCopy(pattern)
  let c = kept.get(pattern)
  if (!c) {
    const copy = privateCopy(pattern)
    const rewritable = new Set<object>()
    if (copy.ok) {
      findRewritable(copy.value, rewritable)
      fixPlans(copy.value, rewritable)
    }
    c = { ...copy, kept: true, rewritable }
    kept.set(pattern, c)
  }
  return c
}
