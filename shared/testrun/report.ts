/**
 * A whole run: every discovered test file, the summary over all rows, the exit decision, and the
 * JSON document `verdict test --output json` prints.
 */
import type { PolicyLike } from './engine.ts'
import { runTestFile, type RunOptions, type TestReport } from './run-test.ts'
import { summarise, type Row, type Summary } from './rows.ts'

/** Every Test's rows and the summary over them. */
export interface Report {
  summary: Summary
  tests: TestReport[]
}

/** Runs the given test files in order. */
export function runTests<P extends PolicyLike>(testFiles: readonly string[], opts: RunOptions<P>): Report {
  const tests = testFiles.flatMap((f) => runTestFile(f, opts))
  return { summary: summarise(tests.flatMap((t) => t.results)), tests }
}

/** Kyverno's exit rule: non-zero exactly when some row is not ok. */
export function exitCodeOf(report: Report): number {
  return report.tests.some((t) => t.results.some((r) => !r.ok)) ? 1 : 0
}

/** The public JSON row: every field but the internal outcome. */
export type JsonRow = Omit<Row, 'outcome'>

/** The `--output json` document: `summary` and one `tests[]` entry per Test document. */
export interface JsonReport {
  summary: Summary
  tests: Array<{ file: string; results: JsonRow[] }>
}

/** The `--output json` document. */
export function toJsonReport(report: Report): JsonReport {
  return {
    summary: report.summary,
    tests: report.tests.map((t) => ({
      file: t.file,
      results: t.results.map(({ policy, rule, kind, resource, namespace, expected, actual, ok, strict, message }) => ({
        policy,
        rule,
        kind,
        resource,
        namespace,
        expected,
        actual,
        ok,
        strict,
        message,
      })),
    })),
  }
}
