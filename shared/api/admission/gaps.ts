/**
 * Match criteria an AdmissionReview cannot supply. A rule that depends on them would quietly not
 * apply; these helpers turn that into a warning the user sees on the request instead.
 */
import { checkKind, type GroupVersionKind } from '../../engine/match/index.ts'
import { rulesForKind } from '../../engine/rules-for-kind.ts'
import type { PolicyResponse } from '../../engine/result.ts'
import type { LoadedPolicy } from '../../policy/load.ts'
import { legacyFilter } from '../../policy/match.ts'
import type { Rule } from '../../policy/schema.ts'
import { ruleWarning } from './messages.ts'
import { matchFilters } from './rule-scope.ts'

/**
 * The parts of a rule's `match` that admission evaluates against data it does not have:
 * `namespaceSelector` (namespace labels are not in the request) and `roles`/`clusterRoles`
 * (Kyverno resolves them through RBAC lookups). `exclude` is not listed: an exclusion that cannot
 * fire makes the rule apply more, which is loud (a denial or warning), not silent.
 */
export function unseenMatchFields(rule: Rule): string[] {
  const found = new Set<string>()
  for (const f of [...(rule.match.any ?? []), ...(rule.match.all ?? []), legacyFilter(rule.match)]) {
    if (f.resources?.namespaceSelector) found.add('namespaceSelector')
    if ((f.roles ?? []).length > 0) found.add('roles')
    if ((f.clusterRoles ?? []).length > 0) found.add('clusterRoles')
  }
  return [...found]
}

/** Whether some filter of the rule's `match` could select this kind and subresource (one without `kinds` could). */
function couldSelect(rule: Rule, target: GroupVersionKind & { subresource: string }): boolean {
  return matchFilters(rule.match).some((f) => f.kinds === null || checkKind(f.kinds, target, target.subresource, true))
}

/**
 * One warning per rule for the request's kind that gave no response and whose match relies on
 * {@link unseenMatchFields}: the user learns the rule did not run, and why. Rules whose kinds
 * cannot select the request at all (a plain `Pod` rule on `pods/exec`) stay quiet. With
 * `namespaceLabels` the input carried the namespace's labels, so `namespaceSelector` is no gap.
 */
export function gapWarnings(
  policy: LoadedPolicy,
  target: GroupVersionKind & { subresource: string },
  response: PolicyResponse,
  { namespaceLabels = false }: { namespaceLabels?: boolean } = {},
): string[] {
  let rules: Rule[]
  try {
    rules = rulesForKind(policy, target.kind)
  } catch {
    // evaluatePolicy already turned this failure into an error result.
    return []
  }
  // With `applyRules: One` the rules after the first pass/fail never run, whatever they match.
  if (policy.doc.spec.applyRules === 'One' && response.rules.some((r) => r.status === 'pass' || r.status === 'fail')) return []
  const responded = new Set(response.rules.map((r) => r.rule))
  const out: string[] = []
  for (const rule of rules) {
    if (responded.has(rule.name)) continue
    const unseen = unseenMatchFields(rule).filter((f) => !namespaceLabels || f !== 'namespaceSelector')
    if (unseen.length === 0 || !couldSelect(rule, target)) continue
    out.push(
      ruleWarning(
        policy.name,
        rule.name,
        `not applied: its match uses ${unseen.join(', ')}, which admission requests do not carry (Verdict cannot evaluate it yet)`,
      ),
    )
  }
  return out
}
