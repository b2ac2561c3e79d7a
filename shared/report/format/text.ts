/**
 * The text format, for people reading a CI log: one line per result that is not a pass, then a
 * summary line with the verdict. Messages come from manifests and policies, so control characters
 * are shown escaped (a hostile name must not drive the terminal) and newlines are folded to keep
 * one result per line (so `grep FAIL` works).
 */
import type { EvaluationReport, ResourceReport, RuleResult } from '../schema.ts'
import { resourceName, sourceLabel } from './location.ts'

/** Folds line breaks and escapes C0/C1 controls as `\uXXXX`. */
export function oneLine(s: string): string {
  return s
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .trim()
}

const LABELS: Record<Exclude<RuleResult['status'], 'pass'>, string> = { fail: 'FAIL ', error: 'ERROR', warn: 'WARN ', skip: 'SKIP ' }

function line(r: ResourceReport, x: RuleResult): string | undefined {
  if (x.status === 'pass') return undefined
  const where = sourceLabel(r.resource)
  const parts = [LABELS[x.status], oneLine(resourceName(r.resource)), oneLine(`${x.policy}/${x.rule}`), `[${x.action}]`]
  if (r.operation !== 'CREATE') parts.push(`(${r.operation})`)
  return `${parts.join(' ')}: ${oneLine(x.message)}${where ? ` (${oneLine(where)})` : ''}`
}

/** Renders the report as plain text lines plus a summary. */
export function formatText(report: EvaluationReport): string {
  const lines = report.resources.flatMap((r) => r.results.map((x) => line(r, x)).filter((l): l is string => l !== undefined))
  const s = report.summary
  const set = report.policySet ? ` (policy set ${oneLine(report.policySet.name)} version ${oneLine(String(report.policySet.version))})` : ''
  lines.push(
    `${s.resources} resource${s.resources === 1 ? '' : 's'}${set}: ${s.pass} pass, ${s.fail} fail (${s.enforceFailures} enforced), ` +
      `${s.warn} warn, ${s.error} error, ${s.skip} skip`,
    `Verdict: ${report.verdict.toUpperCase()}`,
  )
  return `${lines.join('\n')}\n`
}
