/**
 * Decoding a `kyverno-test.yaml` file into Test documents, one per YAML document. A document that
 * Kyverno would refuse (strict-decode error, deprecated schema) comes back as an error together
 * with whatever could still be read from it, so its expectations are reported rather than lost.
 */
import { isObject, type JsonValue } from '../lib/json.ts'
import { describeIssues, TestDocument, type TestResult } from './schema.ts'
import { parseYamlObjects } from './yaml.ts'

/** What could be salvaged from a Test that failed to decode (for its `error` rows). */
export interface PartialTest {
  name: string
  policies: string[]
  results: TestResult[]
}

/** A decoded Test, or why Kyverno would refuse it plus what could be salvaged. */
export type DecodedTest = { ok: true; test: TestDocument } | { ok: false; error: string; partial: PartialTest }

const EMPTY: PartialTest = { name: '', policies: [], results: [] }

function str(v: JsonValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined
}

function strings(v: JsonValue | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
}

/** Best-effort read of a rejected Test: only fields of the right type survive. */
function salvage(doc: JsonValue): PartialTest {
  if (!isObject(doc)) return EMPTY
  const meta = isObject(doc.metadata) ? doc.metadata : {}
  const results = Array.isArray(doc.results) ? doc.results.filter(isObject) : []
  return {
    name: str(meta.name) ?? '',
    policies: strings(doc.policies),
    results: results.map((r) => ({
      policy: str(r.policy) ?? '',
      rule: str(r.rule),
      result: str(r.result),
      kind: str(r.kind),
      resources: strings(r.resources),
      resourceSpecs: Array.isArray(r.resourceSpecs)
        ? r.resourceSpecs.filter(isObject).map((s) => ({ namespace: str(s.namespace), name: str(s.name) }))
        : [],
    })),
  }
}

/** Kyverno's deprecation check: empty apiVersion or kind, or the old top-level `name`. */
function deprecation(test: TestDocument): string | undefined {
  if (!test.apiVersion || !test.kind || test.name) {
    return 'test file uses a deprecated schema (it needs apiVersion and kind, and metadata.name instead of name)'
  }
  return undefined
}

function decodeOne(doc: JsonValue): DecodedTest {
  const parsed = TestDocument.safeParse(doc)
  if (!parsed.success) return { ok: false, error: `failed to decode test: ${describeIssues(parsed.error)}`, partial: salvage(doc) }
  const deprecated = deprecation(parsed.data)
  if (deprecated) return { ok: false, error: deprecated, partial: salvage(doc) }
  return { ok: true, test: parsed.data }
}

/** Decodes every non-empty document of a test file. A YAML syntax error fails the file as one Test. */
export function decodeTestFile(text: string): DecodedTest[] {
  const docs = parseYamlObjects(text)
  if (!docs.ok) return [{ ok: false, error: `failed to parse YAML: ${docs.error}`, partial: EMPTY }]
  return docs.value.map(decodeOne)
}

/** The test's display name (`metadata.name`). */
export function testName(decoded: DecodedTest): string {
  return decoded.ok ? (decoded.test.metadata?.name ?? '') : decoded.partial.name
}
