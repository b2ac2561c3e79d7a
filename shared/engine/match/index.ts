/**
 * @module engine/match — which rules apply to a request: kind selectors, one-filter matching,
 * `match`/`exclude` with Kyverno's "no request info" rules, the DELETE retry on the old object, the
 * namespaced-`Policy` gate, and the built-in cluster-scoped kinds. Pure functions over JSON.
 */
export { checkKind, gvkOf, gvkOfObject, isKindSelectorVersion, parseKindSelector } from './kind.ts'
export type { GroupVersionKind, KindSelector } from './kind.ts'
export { isClusterScopedKind } from './scope.ts'
export { matchesFilter } from './filter.ts'
export type { FilterContext } from './filter.ts'
export { checkSelector, expandMatchLabels } from './selector.ts'
export { checkSubjects, checkUserInfo, hasRequestInfo, NO_USER } from './user.ts'
export { matchesRule, ruleApplies } from './rule.ts'
export type { MatchRequest, RuleMatchInput, RuleSelection } from './rule.ts'
export { policyGateForRequest, policyNamespaceGate } from './gate.ts'
export type { PolicyScope } from './gate.ts'
