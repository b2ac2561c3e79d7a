import { describe, expect, it } from 'vitest'
import { EvaluationReport } from '../schema.ts'
import { sampleReport } from '../testing.ts'
import { CONTENT_TYPES, formatReport, ReportFormat } from './index.ts'
import { formatJson } from './json.ts'

describe('formatJson', () => {
  it('is the report itself, valid against the schema, ending with a newline', () => {
    const text = formatJson(sampleReport())
    expect(text.endsWith('}\n')).toBe(true)
    const parsed: unknown = JSON.parse(text)
    expect(parsed).toEqual(sampleReport())
    expect(EvaluationReport.safeParse(parsed).success).toBe(true)
  })
})

describe('formatReport', () => {
  it('dispatches every format by name and has a content type for each', () => {
    const report = sampleReport()
    expect(formatReport(report, 'json')).toBe(formatJson(report))
    expect(JSON.parse(formatReport(report, 'sarif')).version).toBe('2.1.0')
    expect(formatReport(report, 'junit')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /)
    expect(formatReport(report, 'text')).toMatch(/Verdict: FAIL\n$/)
    expect(Object.keys(CONTENT_TYPES).sort()).toEqual([...ReportFormat.options].sort())
    expect(CONTENT_TYPES.sarif).toBe('application/sarif+json; charset=utf-8')
  })
})
