/**
 * @module engine/pss — Kubernetes' Pod Security Standards checks, version by version, and Kyverno's
 * `validate.podSecurity` subrule on top of them (exclusions, messages, where workloads keep their
 * pod). Pure: no I/O, no clock, no environment.
 */
export { evaluatePodSecurity, podSecurityFailures, type PodSecurityOptions, type PssCheckReport, type PssEvaluation } from './evaluate.ts'
export type { PssExclude } from './exclude.ts'
export { withCheckMemo } from './memo.ts'
export { formatChecksPrint, formatPssMessage, type PrintableCheck } from './message.ts'
export { podSpecOf } from './resource.ts'
export { PSS_CHECKS, PSS_CONTROL_NAMES, checkIdsOfControl, checksFor, variantAt, type ApplicableCheck } from './registry.ts'
export { LATEST_PSS_VERSION, VERSION_ERROR, parsePssVersion } from './version.ts'
export { renderFieldError } from './field-errors.ts'
export type {
  CheckFn,
  CheckResult,
  CheckVariant,
  PodView,
  PssBadValue,
  PssCheckDef,
  PssCheckResult,
  PssFieldError,
  PssLevel,
} from './types.ts'
