import { describe, expect, it } from 'vitest'
import { exitCodeOf, toJsonReport, type Report } from './report.ts'
import { makeRow, summarise, type Actual, type Row, type RowOutcome } from './rows.ts'
import { renderTable } from './table.ts'

function row(expected: string, actual: Actual, ok: boolean, outcome: RowOutcome = 'checked'): Row {
  return makeRow({ policy: 'p', rule: 'r', kind: 'Pod', resource: 'default/web', namespace: 'default', expected }, actual, ok, 'msg', outcome)
}

function report(rows: Row[]): Report {
  return { summary: summarise(rows), tests: [{ file: 'a/kyverno-test.yaml', name: 't', results: rows }] }
}

describe('summary', () => {
  it('partitions rows into passed, skipped and failed; errors are failed error rows', () => {
    const rows = [
      row('pass', 'pass', true),
      row('skip', 'skip', true),
      row('fail', 'excluded', true, 'excluded'),
      row('skip', 'skip', true, 'invalidPolicy'),
      row('pass', 'fail', false),
      row('pass', 'error', false, 'loadError'),
      row('error', 'error', true),
      row('pass', 'unsupported', true, 'unsupported'),
    ]
    expect(summarise(rows)).toEqual({ passed: 2, skipped: 3, failed: 3, errors: 1 })
  })

  it('never counts an unsupported row as ok', () => {
    expect(row('pass', 'unsupported', true, 'unsupported').ok).toBe(false)
  })

  it('is strict only for the exact result, or an exclusion when a skip was expected', () => {
    expect(row('skip', 'excluded', true, 'excluded').strict).toBe(true)
    expect(row('pass', 'excluded', true, 'excluded').strict).toBe(false)
    expect(row('warn', 'warn', true).strict).toBe(true)
  })
})

describe('exit code', () => {
  it('is non-zero exactly when some row is not ok; skips count as passed', () => {
    expect(exitCodeOf(report([row('pass', 'pass', true), row('fail', 'excluded', true, 'excluded')]))).toBe(0)
    expect(exitCodeOf(report([row('pass', 'pass', true), row('pass', 'fail', false)]))).toBe(1)
    expect(exitCodeOf(report([]))).toBe(0)
  })
})

describe('JSON document', () => {
  it('has exactly the documented shape', () => {
    const doc = toJsonReport(report([row('pass', 'fail', false)]))
    expect(JSON.parse(JSON.stringify(doc))).toEqual({
      summary: { passed: 0, failed: 1, skipped: 0, errors: 0 },
      tests: [
        {
          file: 'a/kyverno-test.yaml',
          results: [
            {
              policy: 'p',
              rule: 'r',
              kind: 'Pod',
              resource: 'default/web',
              namespace: 'default',
              expected: 'pass',
              actual: 'fail',
              ok: false,
              strict: false,
              message: 'msg',
            },
          ],
        },
      ],
    })
  })
})

describe('table', () => {
  it('prints Kyverno-style rows and the summary line', () => {
    const text = renderTable(report([row('pass', 'pass', true), row('fail', 'excluded', true, 'excluded'), row('pass', 'fail', false)]))
    expect(text).toContain('│ ID │ POLICY │ RULE │ RESOURCE')
    expect(text).toMatch(/│ 2\s+│ p\s+│ r\s+│ Pod\/default\/web\s+│ Pass\s+│ Excluded\s+│/)
    expect(text).toMatch(/│ 3 .*│ Fail\s+│ Want pass, got fail\s+│/)
    expect(text).toContain('Test Summary: 2 tests passed and 1 tests failed')
  })
})
