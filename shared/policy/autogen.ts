/**
 * Kyverno autogen for classic policies (`pkg/autogen/v1`): a rule written for Pods also runs, as
 * `autogen-<rule>` / `autogen-cronjob-<rule>`, against the Pod template of Pod controllers. The
 * rule list is computed per resource kind from the raw policy document and memoised per
 * (policy object, kind), so the admission path never recomputes it.
 *
 * @see https://kyverno.io/docs/writing-policies/autogen/
 */
import { getKey, isObject, type JsonObject } from '../lib/json.ts'
import { descriptionsOf, kindsOf, listAt, objAt, present, containsKind, strAt } from './autogen-raw.ts'
import { finalizeRule, isAutogenRuleName, ruleForControllers, ruleForCronJob, splitKinds } from './autogen-rule.ts'

/** The policy annotation that picks the controllers autogen targets. */
export const AUTOGEN_CONTROLLERS_ANNOTATION = 'pod-policies.kyverno.io/autogen-controllers'

/** All seven controllers: the default set of an eligible policy without the annotation. */
export const AUTOGEN_CONTROLLERS = ['DaemonSet', 'Deployment', 'Job', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'CronJob'] as const

const TRIGGER_KINDS: ReadonlySet<string> = new Set(['Pod', ...AUTOGEN_CONTROLLERS])

function rulesOf(policy: JsonObject): JsonObject[] {
  return listAt(objAt(policy, 'spec'), 'rules').filter(isObject)
}

// `HasGenerate`: a generate block that is not the zero value.
function hasGenerate(rule: JsonObject): boolean {
  const g = objAt(rule, 'generate')
  return g !== undefined && Object.values(g).some((v) => v !== null && v !== '' && v !== false)
}

function hasJsonPatch(rule: JsonObject): boolean {
  const m = objAt(rule, 'mutate')
  if (strAt(m, 'patchesJson6902') !== '') return true
  return listAt(m, 'foreach').some((fe) => isObject(fe) && strAt(fe, 'patchesJson6902') !== '')
}

// `checkAutogenSupport`: one description that autogen cannot translate disables it for the policy.
function supportsAutogen(rd: JsonObject | undefined): boolean {
  if (!rd) return true
  const kinds = kindsOf(rd)
  return !(
    strAt(rd, 'name') !== '' ||
    listAt(rd, 'names').length > 0 ||
    present(rd, 'selector') ||
    present(rd, 'annotations') ||
    (kinds.length > 1 && containsKind(kinds, 'Pod'))
  )
}

/**
 * `CanAutoGen`: no rule has a generate block or a JSON patch, no match/exclude description has a
 * name, names, selector, annotations or a Pod-like kind among several kinds, and some description
 * lists exactly `Pod` or a controller kind.
 */
export function canAutogen(policy: JsonObject): boolean {
  let needed = false
  for (const rule of rulesOf(policy)) {
    if (hasGenerate(rule) || hasJsonPatch(rule)) return false
    const exclude = objAt(rule, 'exclude')
    const descriptions = [...descriptionsOf(objAt(rule, 'match')), ...(exclude ? descriptionsOf(exclude) : [])]
    for (const rd of descriptions) {
      if (!supportsAutogen(rd)) return false
      needed ||= kindsOf(rd).some((k) => TRIGGER_KINDS.has(k))
    }
  }
  return needed
}

/**
 * The controller set: `{none}` when the policy is not eligible, the seven controllers without the
 * annotation, otherwise the annotation split on `,` with no trimming (so `none`, `all` and
 * `"Deployment, Job"` select nothing, or only `Deployment`).
 */
export function autogenControllers(policy: JsonObject): ReadonlySet<string> {
  if (!canAutogen(policy)) return new Set(['none'])
  const annotations = objAt(objAt(policy, 'metadata'), 'annotations')
  const value = annotations ? getKey(annotations, AUTOGEN_CONTROLLERS_ANNOTATION) : undefined
  return typeof value === 'string' ? new Set(value.split(',')) : new Set(AUTOGEN_CONTROLLERS)
}

/** `generateRules`: for each rule in order, its controllers variant then its CronJob variant. */
function generateRules(rules: readonly JsonObject[], controllers: string): JsonObject[] {
  const stripped = splitKinds(controllers).filter((c) => c !== 'CronJob').join(',')
  return rules.flatMap((rule) =>
    [finalizeRule(ruleForControllers(rule, stripped), 'controllers'), finalizeRule(ruleForCronJob(rule, controllers), 'cronjob')].filter(
      (r): r is JsonObject => r !== null,
    ),
  )
}

function compute(policy: JsonObject, kind: string): readonly JsonObject[] {
  const rules = rulesOf(policy)
  const set = autogenControllers(policy)
  // An empty kind asks for every controller at once (Kyverno's policy-validation view).
  const controllers = kind !== '' ? kind : [...set].join(',')
  if ((kind !== '' && !set.has(kind)) || controllers === 'none') return rules
  const generated = generateRules(rules, controllers)
  if (generated.length === 0) return rules
  return [...rules.filter((r) => !isAutogenRuleName(strAt(r, 'name'))), ...generated]
}

const memo = new WeakMap<JsonObject, Map<string, readonly JsonObject[]>>()

/**
 * `ComputeRules(policy, kind)`: the rules to evaluate for a resource of `kind`. When `kind` is not in
 * the controller set this is the policy's own rules; otherwise its rules minus any named
 * `autogen-*`, then the generated rules for `kind` in rule order (when none is generated, the
 * original list unchanged). Memoised per policy object: treat the policy and the result as immutable.
 *
 * @example computeRules(policy, 'Deployment').map((r) => r.name) // ['check-image', 'autogen-check-image']
 */
export function computeRules(policy: JsonObject, kind: string): readonly JsonObject[] {
  let byKind = memo.get(policy)
  if (!byKind) {
    byKind = new Map()
    memo.set(policy, byKind)
  }
  let rules = byKind.get(kind)
  if (!rules) {
    rules = compute(policy, kind)
    byKind.set(kind, rules)
  }
  return rules
}

/**
 * Precomputes {@link computeRules} for every kind of the controller set. Kinds outside the map get
 * the policy's own rules.
 */
export function autogenVariants(policy: JsonObject): ReadonlyMap<string, readonly JsonObject[]> {
  const out = new Map<string, readonly JsonObject[]>()
  for (const kind of autogenControllers(policy)) if (kind !== 'none' && kind !== '') out.set(kind, computeRules(policy, kind))
  return out
}
