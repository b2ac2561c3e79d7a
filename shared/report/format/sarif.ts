/**
 * The SARIF 2.1.0 format, for code-scanning UIs: one result per failed rule, located at the
 * manifest file when known and always at the resource as a logical location. Rules that could not
 * be evaluated (`error`) are not findings about the code; SARIF's place for them is the
 * invocation's tool-execution notifications, so they are reported there instead of being dropped.
 */
import type { EvaluationReport, ReportResourceRef, RuleResult } from '../schema.ts'
import { resourceName } from './location.ts'
import type { SarifLevel, SarifLog, SarifNotification, SarifResult, SarifRule } from './sarif-schema.ts'

/** The schema URI SARIF producers commonly cite (GitHub's documentation uses it too). */
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json'

/** Placeholder until Verdict has a public documentation URL; `.invalid` is reserved (RFC 2606), so it can never resolve to someone else. */
export const DEFAULT_INFORMATION_URI = 'https://verdict.invalid/docs'

export interface SarifOptions {
  /** `tool.driver.informationUri`: where a reader learns about the tool. */
  informationUri?: string
}

const ruleIdOf = (r: RuleResult) => `${r.policy}/${r.rule}`

/**
 * A file path as a SARIF URI reference (§3.4.3): relative paths stay relative (consumers resolve
 * them against the repository root), absolute ones become `file:` URIs, every segment escaped.
 */
export function artifactUri(path: string): string {
  const p = path.replace(/\\/g, '/')
  const drive = /^[A-Za-z]:\//.exec(p)?.[0]
  const rest = drive ? p.slice(drive.length) : p
  const encoded = rest
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/')
  if (drive) return `file:///${drive}${encoded}`
  return p.startsWith('/') ? `file://${encoded}` : encoded
}

function locationOf(ref: ReportResourceRef) {
  const logical = { name: ref.name, fullyQualifiedName: resourceName(ref), kind: 'resource' as const }
  const file = ref.source?.file
  return file === undefined ? { logicalLocations: [logical] } : { physicalLocation: { artifactLocation: { uri: artifactUri(file) } }, logicalLocations: [logical] }
}

function resourceProperties(ref: ReportResourceRef) {
  return { apiVersion: ref.apiVersion, kind: ref.kind, namespace: ref.namespace, name: ref.name }
}

/** Renders the report as one SARIF log with a single run. */
export function formatSarif(report: EvaluationReport, opts: SarifOptions = {}): string {
  // One descriptor per failed policy/rule, sorted so the output is stable whatever the input order.
  const failed = new Map<string, RuleResult>()
  for (const r of report.resources) for (const x of r.results) if (x.status === 'fail' && !failed.has(ruleIdOf(x))) failed.set(ruleIdOf(x), x)
  const ids = [...failed.keys()].sort()
  const index = new Map(ids.map((id, i) => [id, i]))
  const rules: SarifRule[] = ids.map((id) => {
    const { policy, rule } = failed.get(id) as RuleResult
    return { id, shortDescription: { text: `Kyverno policy ${policy}, rule ${rule}` }, properties: { policy, rule } }
  })
  const results: SarifResult[] = []
  const notifications: SarifNotification[] = []
  for (const { resource, operation, results: rows } of report.resources) {
    for (const x of rows) {
      const id = ruleIdOf(x)
      const text = `${resourceName(resource)}: ${x.message || `rule ${x.rule} failed`}`
      if (x.status === 'fail') {
        const level: SarifLevel = x.action === 'Enforce' ? 'error' : 'warning'
        results.push({
          ruleId: id,
          ruleIndex: index.get(id) as number,
          level,
          message: { text },
          locations: [locationOf(resource)],
          properties: { policy: x.policy, rule: x.rule, action: x.action, operation, resource: resourceProperties(resource) },
        })
      } else if (x.status === 'error') {
        notifications.push({
          level: 'error',
          message: { text: `${id}: ${text}` },
          locations: [locationOf(resource)],
          properties: { policy: x.policy, rule: x.rule, action: x.action, operation, resource: resourceProperties(resource) },
        })
      }
    }
  }
  const log: SarifLog = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'verdict', informationUri: opts.informationUri ?? DEFAULT_INFORMATION_URI, rules } },
        // The evaluation itself ran; rules that errored are reported as notifications, not as a failed run.
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results,
        properties: { verdict: report.verdict, summary: report.summary, ...(report.policySet ? { policySet: report.policySet } : {}) },
      },
    ],
  }
  return `${JSON.stringify(log, null, 2)}\n`
}
