/**
 * `npm run conformance [-- --check | --update-known-failures]`: runs the `kyverno test` runner over
 * the Kyverno policy corpus (../shared/conformance/kyverno-policies, or $VERDICT_CONFORMANCE_DIR),
 * prints the ok and strict agreement rates overall, per category and for the headline cases,
 * and writes the JSON report to test/conformance/results/latest.json.
 *
 * --check                  fail on a non-strict row outside known-failures.yaml, or a stale entry
 * --update-known-failures  regenerate the case entries of known-failures.yaml
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { findTestFiles, nodeFiles } from '../../functions/cli/node-files.ts'
import { DEFAULT_SELECTOR, parseSelector, runTests, toJsonReport } from '../../shared/testrun/index.ts'
import { realEngine } from '../../shared/testrun/real-engine.ts'
import { corpusRows, parseIndex } from './corpus.ts'
import { checkKnownFailures, formatKnownFailures, parseKnownFailures, updateKnownFailures } from './known-failures.ts'
import { computeRates, formatRates } from './rates.ts'

const here = import.meta.dirname
const args = new Set(process.argv.slice(2))
const unknown = [...args].filter((a) => a !== '--check' && a !== '--update-known-failures')
if (unknown.length > 0) {
  process.stderr.write(`unknown argument(s): ${unknown.join(' ')} (use --check and/or --update-known-failures)\n`)
  process.exit(2)
}

const root = resolve(process.env.VERDICT_CONFORMANCE_DIR ?? join(here, '../../../shared/conformance/kyverno-policies'))
const cases = parseIndex(readFileSync(join(root, 'INDEX.json'), 'utf8'))
const selector = parseSelector(DEFAULT_SELECTOR)
if (!selector.ok) throw new Error(selector.error)

const started = Date.now()
const report = runTests(findTestFiles([root], 'kyverno-test.yaml'), { engine: realEngine, files: nodeFiles, selector: selector.value, set: {}, now: () => new Date() })
const rows = corpusRows(root, report)
const rates = computeRates(rows, cases)

process.stdout.write(`Conformance: ${report.tests.length} tests, ${rows.length} rows from ${root} in ${Date.now() - started} ms\n`)
process.stdout.write(formatRates(rates))

mkdirSync(join(here, 'results'), { recursive: true })
const latest = { corpus: root, rates: { ...rates, byCategory: Object.fromEntries(rates.byCategory) }, ...toJsonReport(report) }
writeFileSync(join(here, 'results/latest.json'), `${JSON.stringify(latest, null, 1)}\n`)

const knownPath = join(here, 'known-failures.yaml')
const known = parseKnownFailures(readFileSync(knownPath, 'utf8'))
if (args.has('--update-known-failures')) {
  const updated = updateKnownFailures(rows, known, cases)
  writeFileSync(knownPath, formatKnownFailures(updated))
  process.stdout.write(`known-failures.yaml: ${updated.cases.length} case entries (${updated.cases.filter((c) => c.reason.startsWith('TODO')).length} to triage)\n`)
}
if (args.has('--check')) {
  const outcome = checkKnownFailures(rows, args.has('--update-known-failures') ? updateKnownFailures(rows, known, cases) : known, cases)
  for (const r of outcome.unexpected) process.stdout.write(`NEW FAILURE  ${r.dir} ${r.policy}/${r.rule} ${r.resource}\n`)
  for (const s of outcome.stale) process.stdout.write(`STALE ENTRY  ${s.entry}: ${s.why}\n`)
  const failed = outcome.unexpected.length + outcome.stale.length
  process.stdout.write(failed === 0 ? 'Conformance check passed.\n' : `Conformance check failed: ${outcome.unexpected.length} new failures, ${outcome.stale.length} stale entries.\n`)
  process.exitCode = failed === 0 ? 0 : 1
}
