/** What every check receives: the raw document, its rules, and the facts several checks share. */
import type { JsonObject } from '../lib/json.ts'
import { autogenControllers, canAutogen } from '../policy/autogen.ts'
import type { RawFinding } from './finding.ts'
import { obj, rulesOf, type RuleView } from './policy-view.ts'

export interface LintOptions {
  /**
   * The cluster's Kubernetes minor version (`30` for 1.30), when known. Checks about features
   * newer than the cluster are then skipped; unknown means "current Kubernetes".
   */
  kubernetesMinor?: number
}

export interface LintContext {
  doc: JsonObject
  kind: string
  rules: RuleView[]
  /** `spec.background`, which Kyverno defaults to true. */
  background: boolean
  /** The controllers Kyverno generates rules for from the Pod rules (empty when autogen is off). */
  autogen: ReadonlySet<string>
  options: LintOptions
}

/** One check: a context in, findings out. Checks never throw on odd input; they skip it. */
export type Check = (ctx: LintContext) => RawFinding[]

export function lintContext(doc: JsonObject, options: LintOptions): LintContext {
  const spec = obj(doc.spec)
  return {
    doc,
    kind: typeof doc.kind === 'string' ? doc.kind : '',
    rules: rulesOf(doc),
    background: spec?.background !== false,
    autogen: canAutogen(doc) ? autogenControllers(doc) : new Set(),
    options,
  }
}
