/**
 * @module report/format — renderers of an {@link EvaluationReport}: JSON (the report itself),
 * SARIF 2.1.0, JUnit XML and plain text, chosen by name through {@link formatReport}.
 */
import { z } from 'zod'
import type { EvaluationReport } from '../schema.ts'
import { formatJson } from './json.ts'
import { formatJunit } from './junit.ts'
import { formatSarif, type SarifOptions } from './sarif.ts'
import { formatText } from './text.ts'

export const ReportFormat = z.enum(['json', 'sarif', 'junit', 'text'])
export type ReportFormat = z.infer<typeof ReportFormat>

/** The media type a server should answer each format with. */
export const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  sarif: 'application/sarif+json; charset=utf-8',
  junit: 'application/xml; charset=utf-8',
  text: 'text/plain; charset=utf-8',
}

/** Renders a report in the named format (every format ends with a newline). */
export function formatReport(report: EvaluationReport, format: ReportFormat, opts: SarifOptions = {}): string {
  switch (format) {
    case 'json':
      return formatJson(report)
    case 'sarif':
      return formatSarif(report, opts)
    case 'junit':
      return formatJunit(report)
    case 'text':
      return formatText(report)
    default: {
      const never: never = format
      throw new Error(`unknown format ${String(never)}`)
    }
  }
}

export { formatJson, formatJunit, formatSarif, formatText }
export { artifactUri, DEFAULT_INFORMATION_URI, SARIF_SCHEMA_URI, type SarifOptions } from './sarif.ts'
export { SarifLog } from './sarif-schema.ts'
export { oneLine } from './text.ts'
export { resourceName, sourceLabel } from './location.ts'
