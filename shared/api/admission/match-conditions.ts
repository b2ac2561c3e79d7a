/**
 * Webhook `matchConditions` (CEL, Kubernetes 1.28+) that let the API server drop requests no
 * policy of the set can act on, before they cost a round trip to Verdict.
 *
 * The one condition today skips UPDATEs that leave the object unchanged, and only when every rule
 * is a pure content check (`content-rules.ts`). Why that is safe: Kyverno's allowExistingViolations
 * (on by default) forgives an Enforce failure on UPDATE when the old object, evaluated as a CREATE,
 * fails too. For a content-only rule an unchanged object gives the old object's result, so the
 * UPDATE is allowed either way. Audit warnings for such no-op UPDATEs are not repeated.
 */
import type { CompiledSet } from './compile.ts'
import { contentCheckBlocker } from './content-rules.ts'
import { policyRuleScopes } from './rule-scope.ts'

export interface MatchCondition {
  name: string
  expression: string
}

// Fields that change on every write without changing what a policy sees: the API server bumps
// resourceVersion, rewrites managedFields' timestamps and, for spec changes only, generation.
const VOLATILE = "['resourceVersion', 'managedFields', 'generation']"

/**
 * True (send to Verdict) unless the request is an UPDATE whose object equals its old object outside
 * {@link VOLATILE} metadata. Comparing everything, not just `spec` and labels/annotations, keeps it
 * right for kinds whose content lives elsewhere (ConfigMap `data`, Role `rules`). Every access is
 * guarded with `has()`/`in` (no optional syntax), and `||` short-circuits on the operation test, so
 * it cannot error: a matchCondition error under `failurePolicy: Ignore` would skip the webhook.
 */
export const UNCHANGED_UPDATE_EXPRESSION = [
  "request.operation != 'UPDATE'",
  "|| !object.all(k, k == 'metadata' || (k in oldObject && object[k] == oldObject[k]))",
  "|| !oldObject.all(k, k == 'metadata' || k in object)",
  '|| has(object.metadata) != has(oldObject.metadata)',
  `|| (has(object.metadata) && !object.metadata.all(k, k in ${VOLATILE} || (k in oldObject.metadata && object.metadata[k] == oldObject.metadata[k])))`,
  `|| (has(object.metadata) && !oldObject.metadata.all(k, k in ${VOLATILE} || k in object.metadata))`,
].join('\n')

/** First Kubernetes minor with matchConditions on by default (beta in 1.28, GA in 1.30). */
const MIN_MINOR = 28

/** `1.30`, `v1.28.3`, `1.29+` (EKS) → minor version of Kubernetes 1.x, or `null`. */
export function kubernetesMinor(version: string): number | null {
  const m = /^v?1\.(\d+)/.exec(version.trim())
  return m ? Number(m[1]) : null
}

/** The conditions for a set, and a sentence saying why each was or was not included. */
export interface MatchConditionPlan {
  conditions: MatchCondition[]
  explanation: string
}

/** Why the set's rules are not all content checks (`policy/rule: reason`), or `null`. */
function firstBlocker(set: CompiledSet): string | null {
  for (const policy of set.policies) {
    for (const scope of policyRuleScopes(policy)) {
      const why = scope.rule ? contentCheckBlocker(scope.rule) : 'could not be analysed'
      if (why !== null) return `${policy.name}/${scope.rule?.name ?? '?'} ${why}`
    }
  }
  return null
}

/** The matchConditions for a set on a Kubernetes version (empty below 1.28 or when not provably safe). */
export function matchConditionsFor(set: CompiledSet, kubernetesVersion: string): MatchConditionPlan {
  const minor = kubernetesMinor(kubernetesVersion)
  if (minor === null || minor < MIN_MINOR) {
    return { conditions: [], explanation: `none: matchConditions need Kubernetes 1.${MIN_MINOR}+, cluster is ${kubernetesVersion}` }
  }
  if (set.policies.length === 0) return { conditions: [], explanation: 'none: the set has no policies' }
  const blocker = firstBlocker(set)
  if (blocker !== null) {
    return { conditions: [], explanation: `none: unchanged UPDATEs are still sent because rule ${blocker}` }
  }
  return {
    conditions: [{ name: 'verdict-skip-unchanged-updates', expression: UNCHANGED_UPDATE_EXPRESSION }],
    explanation:
      'verdict-skip-unchanged-updates: every rule checks only the object, so an UPDATE that leaves it unchanged ' +
      "(outside resourceVersion, managedFields, generation) gets the old object's result, which Kyverno's " +
      'allowExistingViolations turns into "allowed"; such UPDATEs are not sent (Audit warnings for them are not repeated)',
  }
}
