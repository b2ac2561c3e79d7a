/**
 * @module report — CI evaluation: request bodies into resources, resources and policies into an
 * {@link EvaluationReport} through the engine, and the report into JSON, SARIF, JUnit or text.
 * Pure and runtime-agnostic: callers bring the bytes, the clock and the policies.
 */
export * from './schema.ts'
export { assembleReport, isEnforceFailure, summarise, verdictOf } from './verdict.ts'
export { formatInputError, parseResources, type InputError, type InputOptions, type InputResource } from './inputs.ts'
export { buildReport, policyId, type BuildOptions } from './build.ts'
export { loadPolicyTexts, type LoadedPolicies, type PolicyLoadOptions, type PolicyText } from './policies.ts'
export * from './format/index.ts'
