/** @module engine — pure Kyverno-compatible evaluation: policies + request in, rule responses out. */
export type { AdmissionFields, EvaluationInput, GroupVersionKind, GroupVersionResource, Operation, RequestUser, OfflineValues, DottedValues } from './api.ts'
export * from './result.ts'
