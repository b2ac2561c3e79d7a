/**
 * The JUnit XML format, for CI test-report widgets: one `<testsuite>` per resource (the thing
 * under test, named `Kind/namespace/name`), one `<testcase>` per policy rule that answered for it.
 * `fail` and `error` results are `<failure>`s (the `type` says which, and the action), `skip` is
 * `<skipped>`, `warn` passes with the warning in `<system-out>`. An Audit failure is still a
 * `<failure>` here: the widget shows what failed; the exit code follows the verdict.
 */
import type { EvaluationReport, ResourceReport, RuleResult } from '../schema.ts'
import { resourceName } from './location.ts'
import { attrs, xmlText } from './xml.ts'

function testcase(x: RuleResult, classname: string, file: string | undefined): string {
  const open = `    <testcase${attrs({ name: `${x.policy}/${x.rule}`, classname, file })}`
  switch (x.status) {
    case 'pass':
      return `${open}/>`
    case 'fail':
    case 'error': {
      const type = x.status === 'fail' ? x.action : 'error'
      return `${open}>\n      <failure${attrs({ message: x.message, type })}>${xmlText(`${x.status} (${x.action}): ${x.message}`)}</failure>\n    </testcase>`
    }
    case 'skip':
      return `${open}>\n      <skipped${attrs({ message: x.message })}/>\n    </testcase>`
    case 'warn':
      return `${open}>\n      <system-out>${xmlText(`warning: ${x.message}`)}</system-out>\n    </testcase>`
    default: {
      const never: never = x.status
      throw new Error(`unknown status ${String(never)}`)
    }
  }
}

function counts(results: readonly RuleResult[]) {
  return {
    tests: results.length,
    failures: results.filter((x) => x.status === 'fail' || x.status === 'error').length,
    errors: 0,
    skipped: results.filter((x) => x.status === 'skip').length,
  }
}

function testsuite(r: ResourceReport): string {
  const name = resourceName(r.resource)
  const file = r.resource.source?.file
  const props = { verdict: r.verdict, operation: r.operation, apiVersion: r.resource.apiVersion }
  const properties = Object.entries(props).map(([k, v]) => `      <property${attrs({ name: k, value: v })}/>`)
  const head = `  <testsuite${attrs({ name, ...counts(r.results), file })}>\n    <properties>\n${properties.join('\n')}\n    </properties>`
  const cases = r.results.map((x) => testcase(x, name, file))
  return [head, ...cases, '  </testsuite>'].join('\n')
}

/** Renders the report as a JUnit `<testsuites>` document. */
export function formatJunit(report: EvaluationReport): string {
  const all = report.resources.flatMap((r) => r.results)
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'verdict', ...counts(all) })}>`,
    ...report.resources.map(testsuite),
    '</testsuites>',
  ]
  return `${lines.join('\n')}\n`
}
