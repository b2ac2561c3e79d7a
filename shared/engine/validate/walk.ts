/**
 * The tree walk (Kyverno's `validateResourceElement`, `validateMap`, `validateArray`): dispatch on
 * the pattern's type, the two map phases, and array handling where the first pattern element decides.
 */
import { goV } from '../../lib/gofmt.ts'
import { isObject, type JsonObject, type JsonValue } from '../../lib/json.ts'
import {
  combineSkips,
  isPhaseOneAnchor,
  parseAnchor,
  patternFailure,
  type Anchor,
  type PatternError,
} from '../anchor/index.ts'
import { goTypeName, matchValue } from '../pattern/index.ts'
import type { WalkContext } from './context.ts'
import { handleKey } from './handlers.ts'
import { expandInMetadata } from './metadata.ts'
import { byRawKey, phaseTwoOrder } from './order.ts'

/** Matches `resource` against `pattern` at `path`; `null` when it matches. */
export function walkElement(resource: JsonValue, pattern: JsonValue, path: string, ctx: WalkContext): PatternError | null {
  if (isObject(pattern)) {
    if (!isObject(resource)) {
      const found = goTypeName(resource, ctx.modes.resource)
      return patternFailure(
        path,
        `pattern and resource have different structures. Path: ${path}. Expected map[string]interface {}, found ${found}`,
      )
    }
    ctx.anchorKeys.observe(pattern, resource)
    return walkMap(resource, pattern, path, ctx)
  }
  if (Array.isArray(pattern)) {
    if (!Array.isArray(resource)) {
      return patternFailure(path, `validation rule failed at path ${path}, resource does not satisfy the expected overlay pattern`)
    }
    return walkArray(resource, pattern, path, ctx)
  }
  // A scalar against an array must match every element (an empty array passes).
  const ok = Array.isArray(resource)
    ? resource.every((element) => matchValue(element, pattern, ctx.modes))
    : matchValue(resource, pattern, ctx.modes)
  if (ok) return null
  const got = goV(resource, ctx.modes.resource)
  const want = goV(pattern, ctx.modes.pattern)
  return patternFailure(path, `resource value '${got}' does not match '${want}' at path ${path}`)
}

function walkMap(resource: JsonObject, pattern: JsonObject, path: string, ctx: WalkContext): PatternError | null {
  if (expandInMetadata(pattern, resource)) ctx.nestedAnchors.clear()
  const phaseOne: Anchor[] = []
  const phaseTwo: Anchor[] = []
  for (const raw of Object.keys(pattern)) {
    const a = parseAnchor(raw)
    ;(isPhaseOneAnchor(a) ? phaseOne : phaseTwo).push(a)
  }

  // Phase 1: `()` < `=()` < `X()` < `^()` in byte order, so conditionals run first.
  let applied = 0
  let conditionalFailed = false
  const skips: PatternError[] = []
  for (const a of byRawKey(phaseOne)) {
    const err = handleKey(a, pattern[a.raw] as JsonValue, resource, path, ctx)
    if (!err) {
      applied++
    } else if (err.kind === 'skip') {
      skips.push(err)
      if (a.type === 'condition') conditionalFailed = true
    } else if (!conditionalFailed) {
      return err
    }
    // A non-skip failure after a failed conditional is discarded: the map skips anyway.
  }
  if (skips.length > 0 && (applied === 0 || conditionalFailed)) return combineSkips(path, skips)

  // Phase 2: the first error of any kind, skip included, decides.
  for (const a of phaseTwoOrder(phaseTwo, pattern, ctx.nestedAnchors)) {
    const err = handleKey(a, pattern[a.raw] as JsonValue, resource, path, ctx)
    if (err) return err
  }
  return null
}

function walkArray(resource: JsonValue[], pattern: JsonValue[], path: string, ctx: WalkContext): PatternError | null {
  const first = pattern[0]
  if (first === undefined) return patternFailure(path, 'pattern Array empty')
  // Only the first pattern element decides; further elements are ignored unless it is an array.
  if (isObject(first)) return eachElement(resource.length, (i) => ctx.walk(resource[i] as JsonValue, first, `${path}${i}/`), path)
  if (!Array.isArray(first)) return ctx.walk(resource, first, path)
  if (resource.length < pattern.length) {
    // No path: this surfaces as an execution error, as in Kyverno.
    return patternFailure(
      '',
      `validate Array failed, array length mismatch, resource Array len is ${resource.length} and pattern Array len is ${pattern.length}`,
    )
  }
  return eachElement(pattern.length, (i) => ctx.walk(resource[i] as JsonValue, pattern[i] as JsonValue, `${path}${i}/`), path)
}

/** Array propagation (§6.2): skipping elements are ignored, any other error returns, all-skip skips. */
function eachElement(count: number, check: (i: number) => PatternError | null, path: string): PatternError | null {
  let applied = 0
  const skips: PatternError[] = []
  for (let i = 0; i < count; i++) {
    const err = check(i)
    if (!err) applied++
    else if (err.kind === 'skip') skips.push(err)
    else return err
  }
  return applied === 0 && skips.length > 0 ? combineSkips(path, skips) : null
}
