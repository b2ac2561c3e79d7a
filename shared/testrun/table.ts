/**
 * Human output in the shape of `kyverno test`: one boxed table per Test (ID, POLICY, RULE,
 * RESOURCE, RESULT, REASON) and Kyverno's summary line, followed by Verdict's finer counts.
 */
import type { Report } from './report.ts'
import type { Row } from './rows.ts'

const HEADERS = ['ID', 'POLICY', 'RULE', 'RESOURCE', 'RESULT', 'REASON'] as const

/** The REASON column, in Kyverno's words where Kyverno has them. */
export function reasonOf(row: Row): string {
  switch (row.outcome) {
    case 'checked':
      return row.ok ? 'Ok' : `Want ${row.expected}, got ${row.actual}`
    case 'excluded':
      return 'Excluded'
    case 'policyNotFound':
      return 'Not found'
    case 'invalidPolicy':
      return 'Invalid policy'
    case 'unsupported':
      return 'Unsupported'
    case 'loadError':
      return 'Error'
    case 'engineError':
      return 'Engine error'
    case 'resourceMissing':
      return 'Resource not loaded'
    case 'ignored':
      return 'Ignored'
    case 'patchMismatch':
      return 'Patched resource mismatch'
  }
}

function resourceCell(row: Row): string {
  return row.kind ? `${row.kind}/${row.resource}` : row.resource
}

function boxed(cells: string[][]): string {
  const widths = HEADERS.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)))
  const rule = `│${widths.map((w) => '─'.repeat(w + 2)).join('│')}│`
  const line = (r: string[]) => `│${widths.map((w, i) => ` ${(r[i] ?? '').padEnd(w)} `).join('│')}│`
  const [head, ...body] = cells
  return [rule, line(head ?? []), rule, ...body.flatMap((r) => [line(r), rule])].join('\n')
}

/** Renders the whole report as tables plus the summary lines. */
export function renderTable(report: Report): string {
  const out: string[] = []
  for (const test of report.tests) {
    out.push(`Test ${test.file}${test.name ? ` (${test.name})` : ''}`)
    if (test.results.length === 0) {
      out.push('  no results to check', '')
      continue
    }
    const cells = test.results.map((r, i) => [String(i + 1), r.policy, r.rule, resourceCell(r), r.ok ? 'Pass' : 'Fail', reasonOf(r)])
    out.push(boxed([[...HEADERS], ...cells]), '')
    for (const [i, r] of test.results.entries()) {
      if (!r.ok && r.message) out.push(`  ${i + 1}: ${r.message}`)
    }
    if (test.results.some((r) => !r.ok)) out.push('')
  }
  const s = report.summary
  const rows = report.tests.flatMap((t) => t.results)
  const strict = rows.filter((r) => r.strict).length
  out.push(`Test Summary: ${s.passed + s.skipped} tests passed and ${s.failed} tests failed`)
  out.push(`  ${s.passed} passed, ${s.skipped} skipped, ${s.failed} failed (${s.errors} errors); ${strict}/${rows.length} rows match the expected result exactly`)
  return `${out.join('\n')}\n`
}
