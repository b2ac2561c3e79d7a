/**
 * Running one test file: decode its Test documents, load what each points at, evaluate, and turn
 * every expected result into rows. Nothing aborts: a Test that cannot be loaded yields one row per
 * expected (result, resource), with this precedence:
 * 1. a policy kind or rule type Verdict does not evaluate → `unsupported` (not ok);
 * 2. a policy Kyverno itself rejects → the CLI's passing "Invalid policy" skip row;
 * 3. otherwise → `error` (not ok).
 */
import type { DottedValues, Operation } from '../engine/api.ts'
import { err, ok, type Result } from '../lib/result.ts'
import { checkResult, policyNameOf, type PolicyStatus } from './check.ts'
import { decodeTestFile, type DecodedTest } from './decode.ts'
import type { Engine, PolicyLike } from './engine.ts'
import { evaluatePass, type PassResponses } from './evaluate.ts'
import { dirName, joinPath, type TestFiles } from './files.ts'
import { loadPolicies, loadTest, readResourceFile, type LoadedTest } from './load.ts'
import { makeRow, type Actual, type Row, type RowOutcome } from './rows.ts'
import type { TestDocument, TestResult } from './schema.ts'
import { selectResources, splitEntry } from './select.ts'
import { applySelector, type Selector } from './selector.ts'
import { buildValues, parseOperation } from './values.ts'
import { displayName, type TestResource } from './resources.ts'

/** What a run needs: the engine, file access, the parsed selector, `--set` values and a clock. */
export interface RunOptions<P extends PolicyLike> {
  engine: Engine<P>
  files: TestFiles
  selector: Selector
  /** `--set` values, already parsed. */
  set: DottedValues
  now?: () => Date
}

/** The rows of one Test document. */
export interface TestReport {
  file: string
  /** `metadata.name` (for the table; not part of the JSON document). */
  name: string
  results: Row[]
}

/** Test fields whose features Verdict does not evaluate; a Test using one is reported as unsupported. */
const UNSUPPORTED_FIELDS = ['exceptions', 'targetResources', 'paramResources', 'clusterResources', 'jsonPayload', 'jsonPayloads', 'checks'] as const

function noStatus(): PolicyStatus {
  return { invalid: new Map(), unsupported: new Map() }
}

/** One row per expected (result, resource entry), for a Test that could not be evaluated. */
export function failureRows(results: readonly TestResult[], actual: Actual, message: string, status: PolicyStatus): Row[] {
  const outcome: RowOutcome = actual === 'unsupported' ? 'unsupported' : 'loadError'
  if (results.length === 0) {
    const target = { policy: '', rule: '', kind: '', resource: '', namespace: '', expected: '' }
    return [makeRow(target, actual, false, message, outcome)]
  }
  return results.flatMap((r) => {
    const specs = (r.resourceSpecs ?? []).map((s) => displayName({ namespace: s.namespace ?? '', name: s.name ?? '' }))
    const entries = [...(r.resources ?? []), ...specs]
    const name = policyNameOf(r.policy)
    return (entries.length > 0 ? entries : ['']).map((entry) => {
      const target = { policy: r.policy, rule: r.rule ?? '', kind: r.kind ?? '', resource: entry, namespace: splitEntry(entry).namespace, expected: r.result ?? '' }
      const feature = status.unsupported.get(name)
      if (actual === 'unsupported' || feature !== undefined) {
        return makeRow(target, 'unsupported', false, feature !== undefined ? `unsupported: ${feature}` : message, 'unsupported')
      }
      const invalid = status.invalid.get(name)
      if (invalid !== undefined) return makeRow(target, 'skip', true, `Invalid policy: ${invalid}`, 'invalidPolicy')
      return makeRow(target, actual, false, message, outcome)
    })
  })
}

function resultOperations(results: readonly TestResult[]): Result<Operation[]> {
  const ops: Operation[] = []
  for (const r of results) {
    if (!r.operation) continue
    const op = parseOperation(r.operation)
    if (!op) return err(`invalid operation "${r.operation}" in a result for policy ${r.policy}`)
    if (!ops.includes(op)) ops.push(op)
  }
  return ok(ops)
}

function evaluateAndCheck<P extends PolicyLike>(results: readonly TestResult[], loaded: LoadedTest<P>, dir: string, opts: RunOptions<P>): Row[] {
  const ops = resultOperations(results)
  if (!ops.ok) return failureRows(results, 'error', ops.error, loaded.status)
  const pass = {
    engine: opts.engine,
    policies: loaded.policies,
    resources: loaded.resources,
    values: buildValues(loaded.values, opts.set),
    ...(loaded.user ? { user: loaded.user } : {}),
    ...(opts.now ? { now: opts.now } : {}),
  }
  const defaultPass = evaluatePass(pass)
  // Each distinct result-level operation is one more complete evaluation, checked on its own.
  const byOperation = new Map<Operation, PassResponses<P>>(ops.value.map((op) => [op, evaluatePass(pass, op)]))
  const patchedCache = new Map<string, Result<TestResource[]>>()
  const patched = (path: string) => {
    const full = joinPath(dir, path)
    let cached = patchedCache.get(full)
    if (!cached) {
      cached = loadPatched(full, opts)
      patchedCache.set(full, cached)
    }
    return cached
  }
  return results.flatMap((r) => {
    const op = parseOperation(r.operation)
    const responses = (op && byOperation.get(op)) || defaultPass
    return checkResult(r, selectResources(r, loaded.resources), { responses, status: loaded.status, patched })
  })
}

function loadPatched<P extends PolicyLike>(full: string, opts: RunOptions<P>): Result<TestResource[]> {
  // Loaded like resources (namespace defaulting) so documents are found under the same identity.
  return readResourceFile(full, opts) ?? err(`cannot read ${full}`)
}

function runDocument<P extends PolicyLike>(file: string, decoded: DecodedTest, opts: RunOptions<P>): TestReport {
  const dir = dirName(file)
  if (!decoded.ok) {
    const results = applySelector(opts.selector, decoded.partial.results)
    const status = loadPolicies(decoded.partial.policies, dir, opts).status
    return { file, name: decoded.partial.name, results: failureRows(results, 'error', decoded.error, status) }
  }
  const test: TestDocument = decoded.test
  const name = test.metadata?.name ?? ''
  const results = applySelector(opts.selector, test.results ?? [])
  // A Test left with no results is not run.
  if (results.length === 0) return { file, name, results: [] }
  const used = UNSUPPORTED_FIELDS.filter((f) => {
    const v = test[f]
    return Array.isArray(v) ? v.length > 0 : Boolean(v)
  })
  if (used.length > 0) {
    const message = `unsupported: the test uses ${used.join(', ')}, which Verdict does not evaluate yet`
    return { file, name, results: failureRows(results, 'unsupported', message, noStatus()) }
  }
  const loaded = loadTest(test, dir, opts)
  if (!loaded.ok) return { file, name, results: failureRows(results, 'error', loaded.error, loaded.status) }
  return { file, name, results: evaluateAndCheck(results, loaded.value, dir, opts) }
}

/** Runs every Test document of one test file. Never throws; unreadable files become an `error` row. */
export function runTestFile<P extends PolicyLike>(file: string, opts: RunOptions<P>): TestReport[] {
  const text = opts.files.read(file)
  if (!text.ok) return [{ file, name: '', results: failureRows([], 'error', `failed to read test file: ${text.error}`, noStatus()) }]
  return decodeTestFile(text.value).map((d) => runDocument(file, d, opts))
}
