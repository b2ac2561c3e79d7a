/**
 * One handler per key tag (Kyverno's `anchor/handlers.go`): how a pattern key is looked up in a
 * resource map, what absence means, and how a failure underneath is reclassified (§4).
 */
import { getKey, hasKey, isObject, type JsonObject, type JsonValue } from '../../lib/json.ts'
import {
  conditionalKeyMissing,
  conditionalMismatch,
  globalMismatch,
  negationMatched,
  patternFailure,
  type Anchor,
  type PatternError,
} from '../anchor/index.ts'
import { goTypeName } from '../pattern/index.ts'
import type { WalkContext } from './context.ts'
import type { MapPlan } from './plan.ts'

/** Evaluates one key of a pattern map against `resource`; `path` is the map's path. */
export function handleKey(
  a: Anchor,
  pattern: JsonValue,
  resource: JsonObject,
  path: string,
  ctx: WalkContext,
  plan?: MapPlan,
): PatternError | null {
  // Plain keys and `=()` first: they are most of every pattern.
  switch (a.type) {
    case 'none':
    case 'add': // `+()` has no validate handler: Kyverno looks the raw key up literally.
      return plain(a.raw, pattern, resource, path, ctx, plan)
    case 'equality':
      return equality(a.key, pattern, resource, path, ctx, plan)
    case 'condition':
      return condition(a.key, pattern, resource, path, ctx, plan)
    case 'global':
      return global(a.key, pattern, resource, path, ctx, plan)
    case 'negation':
      return hasKey(resource, a.key) ? negationMatched(`${path}${a.key}/`) : null
    case 'existence':
      return existence(a.key, pattern, resource, path, ctx)
    default: {
      const never: never = a.type
      return never
    }
  }
}

/** `(k)`: absent → skip; any failure underneath becomes a skip. */
function condition(key: string, pattern: JsonValue, resource: JsonObject, path: string, ctx: WalkContext, plan?: MapPlan) {
  const current = `${path}${key}/`
  if (!hasKey(resource, key)) return conditionalKeyMissing(current)
  const err = ctx.walk(resource[key] as JsonValue, pattern, current, plan)
  return err && conditionalMismatch(err.path, err.message)
}

/** `<(k)`: absent → pass; any failure underneath becomes a skip. */
function global(key: string, pattern: JsonValue, resource: JsonObject, path: string, ctx: WalkContext, plan?: MapPlan) {
  if (!hasKey(resource, key)) return null
  const err = ctx.walk(resource[key] as JsonValue, pattern, `${path}${key}/`, plan)
  return err && globalMismatch(err.path, err.message)
}

/** `=(k)`: absent → pass; failures propagate unchanged. */
function equality(key: string, pattern: JsonValue, resource: JsonObject, path: string, ctx: WalkContext, plan?: MapPlan) {
  if (!hasKey(resource, key)) return null
  return ctx.walk(resource[key] as JsonValue, pattern, `${path}${key}/`, plan)
}

/** `^(k)`: absent → pass; otherwise every pattern map needs some resource element that matches it. */
function existence(key: string, pattern: JsonValue, resource: JsonObject, path: string, ctx: WalkContext) {
  if (!hasKey(resource, key)) return null
  const current = `${path}${key}/`
  const value = resource[key] as JsonValue
  if (!Array.isArray(value)) {
    const t = goTypeName(value, ctx.modes.resource)
    return patternFailure(current, `invalid resource type ${t}: Existence ^ () anchor can be used only on list/array type resource`)
  }
  if (!Array.isArray(pattern)) {
    const t = goTypeName(pattern, ctx.modes.pattern)
    return patternFailure(current, `invalid pattern type ${t}: Pattern has to be of list to compare against resource`)
  }
  for (const wanted of pattern) {
    if (!isObject(wanted)) {
      // Kyverno prints the type of the whole pattern list here, not of the element.
      const t = goTypeName(pattern, ctx.modes.pattern)
      return patternFailure(current, `invalid pattern type ${t}: Pattern has to be of type map to compare against items in resource`)
    }
    // A failing element, skips included, simply does not count.
    const found = value.some((element, i) => ctx.walk(element, wanted, `${current}${i}/`) === null)
    if (!found) return patternFailure(current, `existence anchor validation failed at path ${current}`)
  }
  return null
}

/** A plain key: `"*"` only requires a non-null value (failing at the parent path); anything else recurses with null for a missing key. */
function plain(key: string, pattern: JsonValue, resource: JsonObject, path: string, ctx: WalkContext, plan?: MapPlan) {
  const value = getKey(resource, key) ?? null
  if (pattern === '*') return value !== null ? null : patternFailure(path, `${path}/${key} not found`)
  return ctx.walk(value, pattern, `${path}${key}/`, plan)
}
