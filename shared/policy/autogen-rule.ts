/**
 * Generating one autogen rule from a Pod rule, as Kyverno's `generateRuleForControllers`,
 * `generateCronJobRule`, `generateRule`, `createRule` and `convertRule` do, on raw JSON.
 */
import { cloneJson, getKey, isObject, setKey, type JsonObject, type JsonValue } from '../lib/json.ts'
import { shiftReferences, rewriteRuleText, type AutogenVariant } from './autogen-text.ts'
import { blockKinds, containsKind, filtersAt, kindsOf, listAt, objAt, present, qualifyKinds, strAt } from './autogen-raw.ts'

/** The six controllers of the `autogen-<rule>` variant (CronJob has its own). */
export const POD_CONTROLLERS = ['DaemonSet', 'Deployment', 'Job', 'StatefulSet', 'ReplicaSet', 'ReplicationController'] as const

const utf8Length = (cp: number): number => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4)

/**
 * `<prefix>-<rule>` cut to 63 bytes, as Go slices the string. A character cut in half leaves
 * invalid bytes, which Go's JSON encoding turns into one U+FFFD each.
 */
export function autogenRuleName(prefix: 'autogen' | 'autogen-cronjob', rule: string): string {
  const name = `${prefix}-${rule}`
  let bytes = 0
  let out = ''
  for (const ch of name) {
    const n = utf8Length(ch.codePointAt(0) as number)
    if (bytes + n > 63) return out + '\uFFFD'.repeat(63 - bytes)
    bytes += n
    out += ch
  }
  return out
}

/** Generated rules (and stale copies of them in a policy) carry the `autogen-` prefix. */
export function isAutogenRuleName(name: string): boolean {
  return name.startsWith('autogen-')
}

/** `splitKinds`: split on `,` (no trimming), sorted. */
export function splitKinds(controllers: string): string[] {
  return controllers.split(',').sort()
}

type RewriteFilters = (filters: JsonObject[], kinds: string[]) => JsonObject[]

function withKinds(filter: JsonObject, kinds: string[]): JsonObject {
  const out = cloneJson(filter)
  const rd = objAt(out, 'resources') ?? {}
  setKey(rd, 'kinds', qualifyKinds(kinds))
  setKey(out, 'resources', rd)
  return out
}

function rewriteKinds(block: JsonObject, kinds: string[], grf: RewriteFilters, legacyOnlyIfSet: boolean): void {
  const any = filtersAt(block, 'any')
  const all = filtersAt(block, 'all')
  if (listAt(block, 'any').length > 0) setKey(block, 'any', grf(any, kinds))
  else if (listAt(block, 'all').length > 0) setKey(block, 'all', grf(all, kinds))
  else if (!legacyOnlyIfSet || kindsOf(objAt(block, 'resources')).length > 0) {
    const rd = objAt(block, 'resources') ?? {}
    setKey(rd, 'kinds', qualifyKinds(kinds))
    setKey(block, 'resources', rd)
  }
}

const wrap = (tplKey: string, v: JsonValue | undefined): JsonObject => ({ spec: { [tplKey]: v ?? null } })

/** Copies the listed fields that are present (Go's `omitempty` on the fields kept). */
function pick(from: JsonObject, keys: readonly string[]): JsonObject {
  const out: JsonObject = {}
  for (const k of keys) {
    const v = getKey(from, k)
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue
    setKey(out, k, v)
  }
  return out
}

const ACTION_FIELDS = ['failureAction', 'failureActionOverrides', 'allowExistingViolations'] as const

/** A rebuilt validate block: the shifted message, the failure-action fields, then `body`. */
function rebuilt(v: JsonObject, pivot: string, shift: string, body: JsonObject): JsonObject {
  const message = shiftReferences(strAt(v, 'message'), shift, pivot)
  return { ...(message !== '' ? { message } : {}), ...pick(v, ACTION_FIELDS), ...body }
}

/** The generated `mutate` block, or `undefined` when the mutation does not translate. */
function mutationFor(m: JsonObject, tplKey: string): JsonObject | undefined {
  if (present(m, 'patchStrategicMerge')) return { patchStrategicMerge: wrap(tplKey, getKey(m, 'patchStrategicMerge')) }
  const foreach = listAt(m, 'foreach')
  if (foreach.length === 0) return undefined
  const items = foreach.map((fe) => {
    const f = isObject(fe) ? fe : {}
    return { ...pick(f, ['list', 'context', 'preconditions']), patchStrategicMerge: wrap(tplKey, getKey(f, 'patchStrategicMerge')) }
  })
  return { foreach: items }
}

/** The generated `validate` block (the first applicable case wins), or `undefined`. */
function validationFor(v: JsonObject, tplKey: string, shift: string): JsonObject | undefined {
  if (present(v, 'pattern')) return rebuilt(v, 'pattern', shift, { pattern: wrap(tplKey, getKey(v, 'pattern')) })
  if (present(v, 'deny')) return rebuilt(v, 'deny', shift, { deny: getKey(v, 'deny') ?? null })
  const pss = objAt(v, 'podSecurity')
  if (pss) return rebuilt(v, 'podSecurity', shift, { podSecurity: pick(pss, ['level', 'version', 'exclude']) })
  if (present(v, 'anyPattern')) {
    // A non-list anyPattern cannot be deserialised; Kyverno then keeps no alternatives.
    const alternatives = listAt(v, 'anyPattern').map((p) => wrap(tplKey, p))
    return rebuilt(v, 'anyPattern', shift, alternatives.length > 0 ? { anyPattern: alternatives } : {})
  }
  if (listAt(v, 'foreach').length > 0) return rebuilt(v, 'pattern', shift, { foreach: getKey(v, 'foreach') ?? [] })
  if (present(v, 'cel')) return v
  return undefined
}

/** `generateRule`: the rule renamed, its kinds replaced and its body wrapped under `tplKey`; `null` when nothing applies. */
function generateRule(
  name: string,
  rule: JsonObject | null,
  tplKey: string,
  shift: string,
  kinds: string[],
  grf: RewriteFilters,
): JsonObject | null {
  if (!rule) return null
  const out = cloneJson(rule)
  setKey(out, 'name', name)
  const match = objAt(out, 'match') ?? {}
  rewriteKinds(match, kinds, grf, false)
  setKey(out, 'match', match)
  const exclude = objAt(out, 'exclude')
  if (exclude) rewriteKinds(exclude, kinds, grf, true)

  const m = objAt(out, 'mutate')
  const mutate = m && mutationFor(m, tplKey)
  if (mutate) {
    setKey(out, 'mutate', mutate)
    return out
  }
  const v = objAt(out, 'validate')
  const validate = v && validationFor(v, tplKey, shift)
  if (validate) {
    setKey(out, 'validate', validate)
    return out
  }
  // A rule with image verification is generated whatever its other blocks hold.
  return present(out, 'verifyImages') ? out : null
}

const isPodLike = (kinds: readonly string[]): boolean => containsKind(kinds, 'Pod')

/** `generateRuleForControllers`: `autogen-<rule>` for `controllers` (a comma list), or `null`. */
export function ruleForControllers(rule: JsonObject, controllers: string): JsonObject | null {
  const name = strAt(rule, 'name')
  if (isAutogenRuleName(name) || controllers === '') return null
  const exclude = objAt(rule, 'exclude')
  const excludeKinds = exclude ? blockKinds(exclude) : []
  if (!isPodLike(blockKinds(objAt(rule, 'match'))) || (excludeKinds.length > 0 && !isPodLike(excludeKinds))) return null
  let list = controllers
  if (controllers === 'all') list = POD_CONTROLLERS.join(',')
  else if (controllers !== 'none') {
    const known = splitKinds(controllers).filter((c) => (POD_CONTROLLERS as readonly string[]).includes(c))
    if (known.length > 0) list = known.join(',')
  }
  return generateRule(autogenRuleName('autogen', name), rule, 'template', 'spec/template', splitKinds(list), (fs, kinds) =>
    fs.map((f) => (isPodLike(kindsOf(objAt(f, 'resources'))) ? withKinds(f, kinds) : f)),
  )
}

/** `generateCronJobRule`: `autogen-cronjob-<rule>`, the controllers variant wrapped again under `jobTemplate`. */
export function ruleForCronJob(rule: JsonObject, controllers: string): JsonObject | null {
  if (!controllers.includes('CronJob') && !controllers.includes('all')) return null
  return generateRule(
    autogenRuleName('autogen-cronjob', strAt(rule, 'name')),
    ruleForControllers(rule, controllers),
    'jobTemplate',
    'spec/jobTemplate/spec/template',
    ['CronJob'],
    (fs, kinds) => fs.map((f) => withKinds(f, kinds)),
  )
}

const nonEmpty = (v: JsonValue | undefined): boolean =>
  v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0) && !(isObject(v) && Object.keys(v).length === 0)

/**
 * `createRule` + `convertRule`: keeps name, match, exclude, context, preconditions,
 * celPreconditions, mutate, validate, verifyImages, skipBackgroundRequests and reportProperties,
 * then applies the JSON text rewrite for the variant.
 */
export function finalizeRule(rule: JsonObject | null, variant: AutogenVariant): JsonObject | null {
  if (!rule) return null
  const kept: JsonObject = { name: strAt(rule, 'name') }
  const keys = ['match', 'exclude', 'celPreconditions', 'context', 'preconditions', 'mutate', 'validate', 'verifyImages', 'skipBackgroundRequests', 'reportProperties']
  for (const k of keys) {
    const v = getKey(rule, k)
    if (nonEmpty(v)) setKey(kept, k, v as JsonValue)
  }
  const cel = present(objAt(kept, 'validate'), 'cel')
  return JSON.parse(rewriteRuleText(JSON.stringify(kept), variant, cel)) as JsonObject
}
