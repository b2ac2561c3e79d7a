/**
 * Result rows and the summary over them. A row carries two verdicts:
 * - `ok`: what Kyverno's CLI would say (lenient: an unmatched rule passes as "Excluded"), except
 *   that a feature Verdict does not evaluate is never ok;
 * - `strict`: whether Verdict produced exactly the expected result (an expected `skip` also
 *   accepts `excluded`).
 */

/** What Verdict actually produced for a row. */
export type Actual = 'pass' | 'fail' | 'skip' | 'warn' | 'error' | 'excluded' | 'notfound' | 'unsupported'

/** Why a row exists; drives the table's REASON column and what counts as skipped. */
export type RowOutcome =
  /** A rule response compared with the expectation. */
  | 'checked'
  /** No rule response for the pair: Kyverno's passing "Excluded" row. */
  | 'excluded'
  /** No response because no such policy was loaded: Kyverno's failing "Not found" row. */
  | 'policyNotFound'
  /** The policy is one Kyverno rejects: its passing "Invalid policy" skip row. */
  | 'invalidPolicy'
  /** A policy kind or rule type Verdict does not evaluate. */
  | 'unsupported'
  /** The Test or one of its files could not be loaded. */
  | 'loadError'
  /** The engine threw instead of answering. */
  | 'engineError'
  /** An expected resource that was never loaded; Kyverno checks nothing for it. */
  | 'resourceMissing'
  /** `patchedResources` lacks the document and `failOnMissingResources` is off: Kyverno drops the check. */
  | 'ignored'
  /** The resource differs from the `patchedResources` document. */
  | 'patchMismatch'

/** One row of the report; `outcome` is internal and left out of the JSON document. */
export interface Row {
  policy: string
  rule: string
  kind: string
  resource: string
  namespace: string
  expected: string
  actual: Actual
  ok: boolean
  strict: boolean
  message: string
  outcome: RowOutcome
}

/** The identifying part of a row, fixed before the outcome is known. */
export type RowTarget = Pick<Row, 'policy' | 'rule' | 'kind' | 'resource' | 'namespace' | 'expected'>

/** Strict agreement: the exact expected result (an expected skip also accepts an exclusion). */
export function agreesStrictly(expected: string, actual: Actual): boolean {
  return actual === expected || (expected === 'skip' && actual === 'excluded')
}

/** Builds a row; `unsupported` is forced to not-ok, and `strict` follows {@link agreesStrictly} unless given. */
export function makeRow(target: RowTarget, actual: Actual, ok: boolean, message: string, outcome: RowOutcome, strict?: boolean): Row {
  return {
    ...target,
    actual,
    ok: actual === 'unsupported' ? false : ok,
    strict: strict ?? agreesStrictly(target.expected, actual),
    message,
    outcome,
  }
}

/** Row counts: passed + skipped + failed = all rows; errors ⊆ failed. */
export interface Summary {
  passed: number
  failed: number
  skipped: number
  errors: number
}

const SKIP_OUTCOMES: ReadonlySet<RowOutcome> = new Set(['excluded', 'invalidPolicy', 'resourceMissing', 'ignored'])

/** A passing row counts as skipped when a skip was expected or nothing was really compared. */
export function isSkipLike(row: Row): boolean {
  return row.expected === 'skip' || SKIP_OUTCOMES.has(row.outcome)
}

/** Partitions rows into passed / skipped / failed; `errors` are the failed rows whose actual is `error`. */
export function summarise(rows: Iterable<Row>): Summary {
  const s: Summary = { passed: 0, failed: 0, skipped: 0, errors: 0 }
  for (const r of rows) {
    if (!r.ok) {
      s.failed++
      if (r.actual === 'error') s.errors++
    } else if (isSkipLike(r)) s.skipped++
    else s.passed++
  }
  return s
}
