/** The JSON format: the report itself, so `verdict evaluate` and `POST /v1/evaluate` print the same document. */
import type { EvaluationReport } from '../schema.ts'

/** The report as indented JSON with a trailing newline (pipelines diff and `jq` it). */
export function formatJson(report: EvaluationReport): string {
  return `${JSON.stringify(report, null, 2)}\n`
}
