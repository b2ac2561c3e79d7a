/**
 * @module api/admission — the pure admission path: compile a policy set once (with its per-kind
 * index), then decide each AdmissionRequest with no I/O and no clock. Also what the webhook
 * configuration is built from (resource table, content-rule analysis, matchConditions).
 */
export { compileDocuments, compileSet, policiesForKind, type CompiledSet } from './compile.ts'
export {
  decideAdmission,
  failureResponse,
  type AdmissionDecision,
  type ClusterSettings,
  type DecideOptions,
} from './decide.ts'
export { evaluationInput, isExcludedNamespace, requestKind, requestTarget, resourceLabel } from './input.ts'
export { blockedMessage, capWarnings, ruleWarning, MAX_WARNINGS, MAX_WARNING_LENGTH, type BlockingRule } from './messages.ts'
export { selectorResources, guessPlural, type GroupVersionResource, type SelectorResources } from './resources.ts'
export { contentCheckBlocker, contentOnlyExpression } from './content-rules.ts'
export { matchConditionsFor, kubernetesMinor, UNCHANGED_UPDATE_EXPRESSION, type MatchCondition, type MatchConditionPlan } from './match-conditions.ts'
