/**
 * Verdicts and counts, computed from rule results only, so a report assembled anywhere (the
 * engine run here, or a server merging cached answers later) gets the same verdict.
 */
import type { EvaluationReport, PolicySetRef, ReportSummary, ResourceReport, RuleResult, Verdict } from './schema.ts'

/** True for a result that would block admission: a failed Enforce rule. */
export function isEnforceFailure(r: RuleResult): boolean {
  return r.status === 'fail' && r.action === 'Enforce'
}

/**
 * `fail` iff some result is an Enforce failure. Audit failures, errors and warnings leave it
 * `pass`: Kyverno admits those (Audit failures as admission warnings).
 */
export function verdictOf(results: readonly RuleResult[]): Verdict {
  return results.some(isEnforceFailure) ? 'fail' : 'pass'
}

/** Counts every rule result by status. */
export function summarise(resources: readonly ResourceReport[]): ReportSummary {
  const s: ReportSummary = { resources: resources.length, pass: 0, fail: 0, warn: 0, error: 0, skip: 0, enforceFailures: 0 }
  for (const r of resources) {
    for (const x of r.results) {
      s[x.status] += 1
      if (isEnforceFailure(x)) s.enforceFailures += 1
    }
  }
  return s
}

/** Wraps per-resource reports into the full report, computing the summary and overall verdict. */
export function assembleReport(resources: ResourceReport[], policySet?: PolicySetRef): EvaluationReport {
  const report: EvaluationReport = {
    verdict: resources.some((r) => r.verdict === 'fail') ? 'fail' : 'pass',
    summary: summarise(resources),
    resources,
  }
  if (policySet) report.policySet = policySet
  return report
}
