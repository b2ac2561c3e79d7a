/**
 * The conformance corpus: INDEX.json's description of each case, and the runner's rows located
 * by case directory (the test file's directory relative to the corpus root).
 */
import { z } from 'zod'
import type { Report } from '../../shared/testrun/index.ts'
import type { CaseInfo, ConformanceRow } from './known-failures.ts'

const IndexEntry = z.looseObject({ dir: z.string(), category: z.string(), engine: z.string(), ruleTypes: z.array(z.string()) })

/** Parses INDEX.json into a map keyed by case `dir`. */
export function parseIndex(text: string): Map<string, CaseInfo> {
  const entries = z.array(IndexEntry).parse(JSON.parse(text))
  return new Map(entries.map((e) => [e.dir, { dir: e.dir, category: e.category, engine: e.engine, ruleTypes: e.ruleTypes }]))
}

/** A report row with its case directory and Kyverno-CLI verdict. */
export interface CorpusRow extends ConformanceRow {
  ok: boolean
}

/** `<root>/a/b/.kyverno-test/kyverno-test.yaml` → `a/b/.kyverno-test`. */
export function caseDir(root: string, file: string): string {
  const base = root.endsWith('/') ? root : `${root}/`
  const rel = file.startsWith(base) ? file.slice(base.length) : file
  const i = rel.lastIndexOf('/')
  return i < 0 ? '.' : rel.slice(0, i)
}

/** Every row of the report, located by case directory. */
export function corpusRows(root: string, report: Report): CorpusRow[] {
  return report.tests.flatMap((t) =>
    t.results.map((r) => ({ dir: caseDir(root, t.file), policy: r.policy, rule: r.rule, resource: r.resource, strict: r.strict, ok: r.ok })),
  )
}
