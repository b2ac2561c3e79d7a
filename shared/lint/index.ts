/**
 * @module lint — the policy linter: findings that point at a path (and a YAML line) in a Kyverno
 * policy and say how to fix it, for mistakes Kyverno accepts but that make a rule never match,
 * never fire or look at the wrong object. Pure: used on every policy write and by `verdict lint`.
 */
import { decodeDocuments } from '../kube/decode.ts'
import { isObject, type JsonValue } from '../lib/json.ts'
import { loadPolicy } from '../policy/load.ts'
import { denyAlwaysFires } from './checks/deny-always.ts'
import { autogenOverlap, podAndControllers } from './checks/kinds.ts'
import { apparmorAnnotationOnly, clusterPolicyNamespace, failureActions, noKinds } from './checks/metadata.ts'
import { patternPaths, wildcardKeys } from './checks/patterns.ts'
import { expressions } from './checks/variables.ts'
import { lintContext, type Check, type LintOptions } from './context.ts'
import { error, formatPath, type LintFinding, type RawFinding } from './finding.ts'
import { lineLookups, type LineOf } from './source.ts'

export { LintCode, LintFinding, Severity, formatPath } from './finding.ts'
export type { LintOptions } from './context.ts'

const CHECKS: readonly Check[] = [
  clusterPolicyNamespace,
  failureActions,
  noKinds,
  podAndControllers,
  autogenOverlap,
  wildcardKeys,
  patternPaths,
  expressions,
  denyAlwaysFires,
  apparmorAnnotationOnly,
]

function render(raw: readonly RawFinding[], lineOf?: LineOf): LintFinding[] {
  return raw.map((f) => {
    const line = lineOf?.(f.at)
    return { path: formatPath(f.at), ...(line !== undefined ? { line } : {}), severity: f.severity, code: f.code, message: f.message, fix: f.fix }
  })
}

/**
 * Lints one decoded policy document. A document that is not a Kyverno ClusterPolicy/Policy gives no
 * findings; one Kyverno would reject gives `invalid-policy` errors naming each problem.
 */
export function lintPolicy(doc: JsonValue, options: LintOptions = {}, lineOf?: LineOf): LintFinding[] {
  const loaded = loadPolicy(doc)
  if (loaded.status === 'notPolicy' || loaded.status === 'unsupported' || !isObject(doc)) return []
  if (loaded.status === 'invalid') {
    return render(
      loaded.issues.map((i) => error(i.path.match(/[^.[\]]+/g)?.map((s) => (/^\d+$/.test(s) ? Number(s) : s)) ?? [], 'invalid-policy', i.message, 'Kyverno rejects this policy; fix the field')),
      lineOf,
    )
  }
  const ctx = lintContext(doc, options)
  return render(
    CHECKS.flatMap((check) => check(ctx)),
    lineOf,
  )
}

/** The findings of one document of a YAML stream. */
export interface DocumentLint {
  /** 0-based index among the stream's non-empty documents. */
  document: number
  kind: string
  name: string
  findings: LintFinding[]
}

/**
 * Lints every policy in a YAML (or JSON) stream, with line numbers. Throws the decoder's
 * `DecodeError` when the text is not YAML.
 */
export function lintYaml(text: string, options: LintOptions = {}): DocumentLint[] {
  const docs = decodeDocuments(text)
  const lines = lineLookups(text)
  return docs.flatMap((doc, document) => {
    if (!isObject(doc) || (doc.kind !== 'ClusterPolicy' && doc.kind !== 'Policy')) return []
    const meta = isObject(doc.metadata) ? doc.metadata : {}
    return [{ document, kind: String(doc.kind), name: typeof meta.name === 'string' ? meta.name : '', findings: lintPolicy(doc, options, lines[document]) }]
  })
}

/** True when some finding is an error. */
export const hasErrors = (findings: readonly LintFinding[]): boolean => findings.some((f) => f.severity === 'error')
