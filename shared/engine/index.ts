/** @module engine — pure Kyverno-compatible evaluation: policies + request in, rule responses out. */
export type { EvaluationInput, Operation, RequestUser, OfflineValues, DottedValues } from './api.ts'
export * from './result.ts'
