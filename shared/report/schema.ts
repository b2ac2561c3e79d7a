/**
 * The evaluation report: what `POST /v1/evaluate` answers and what `verdict evaluate` prints as
 * JSON. Every other format (SARIF, JUnit, text) is rendered from this one shape, so the schema is
 * the contract between the server, the CLI and any pipeline that reads the JSON.
 *
 * The verdict follows Kyverno's admission semantics: a request is blocked only by an Enforce rule
 * that fails. An Audit rule that fails is admitted with a warning, so it stays `fail` with action
 * `Audit` in the per-rule results (as the engine reports it) but does not fail the verdict.
 */
import { z } from 'zod'
import type { Operation as EngineOperation } from '../engine/api.ts'
import { FailureAction, ResourceRef, RuleStatus } from '../engine/result.ts'

/** The admission operation a resource was evaluated under (CREATE unless an AdmissionReview says otherwise). */
export const Operation = z.enum(['CREATE', 'UPDATE', 'DELETE', 'CONNECT'])
export type Operation = z.infer<typeof Operation>
// The engine declares the same union as a plain type; fail the build if the two ever drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const operationsAgree: Same<Operation, EngineOperation> = true
void operationsAgree

const Count = z.number().int().nonnegative()

/** Where a resource came from, so a report line can point back at the input. */
export const ResourceSource = z.object({
  /** 0-based index of the document in its file or request body, counting non-empty documents only. */
  document: Count,
  /** 0-based index within a `v1 List` or JSON array document; absent for a plain document. */
  item: Count.optional(),
  /** The file the document was read from, when the caller knows it (the CLI; never the server). */
  file: z.string().optional(),
})
export type ResourceSource = z.infer<typeof ResourceSource>

/** A resource as written: `namespace` is '' when the document names none, even if it was evaluated in `default`. */
export const ReportResourceRef = ResourceRef.extend({ source: ResourceSource.optional() })
export type ReportResourceRef = z.infer<typeof ReportResourceRef>

/** One rule's answer for one resource. */
export const RuleResult = z.object({
  /** The policy name; `namespace/name` for a namespaced `Policy`, so two policies never share an id. */
  policy: z.string(),
  rule: z.string(),
  status: RuleStatus,
  message: z.string(),
  action: FailureAction,
})
export type RuleResult = z.infer<typeof RuleResult>

export const Verdict = z.enum(['pass', 'fail'])
export type Verdict = z.infer<typeof Verdict>

/** Every rule result for one resource, and whether an Enforce rule would block it. */
export const ResourceReport = z.object({
  resource: ReportResourceRef,
  operation: Operation,
  verdict: Verdict,
  results: z.array(RuleResult),
})
export type ResourceReport = z.infer<typeof ResourceReport>

/** Rule results by status, over every resource. */
export const ReportSummary = z.object({
  resources: Count,
  pass: Count,
  fail: Count,
  warn: Count,
  error: Count,
  skip: Count,
  /** `fail` results whose action is Enforce: the ones that make the verdict `fail`. */
  enforceFailures: Count,
})
export type ReportSummary = z.infer<typeof ReportSummary>

/** Which stored policy set answered (server evaluations only). */
export const PolicySetRef = z.object({ name: z.string(), version: z.union([z.string(), Count]) })
export type PolicySetRef = z.infer<typeof PolicySetRef>

export const EvaluationReport = z.object({
  /** `fail` iff some resource has a `fail` result with action Enforce. */
  verdict: Verdict,
  summary: ReportSummary,
  resources: z.array(ResourceReport),
  policySet: PolicySetRef.optional(),
})
export type EvaluationReport = z.infer<typeof EvaluationReport>
