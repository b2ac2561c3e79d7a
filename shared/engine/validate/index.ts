/**
 * @module engine/validate — Kyverno's `validate.pattern`/`anyPattern` semantics: the tree walk with
 * anchors, metadata key expansion, skip/fail propagation, and the rule outcomes and messages.
 * Imports `engine/anchor`, `engine/pattern`, `shared/lib` and `engine/result.ts` only.
 */
export { validatePattern, validateAnyPattern, type PatternRuleOptions } from './rule.ts'
export { matchPattern, type MatchOptions } from './match.ts'
export { MAX_PATTERN_DEPTH, MAX_RESOURCE_DEPTH } from './bounds.ts'
export type { PatternError, PatternErrorKind } from '../anchor/index.ts'
