/**
 * Verdicts as CSV (RFC 4180): one row per non-pass rule result, or one row with empty rule columns
 * for a record that has none. Text cells that a spreadsheet would run as a formula (`=`, `+`, `-`,
 * `@`, tab, CR) are prefixed with `'`, so an exported resource name cannot execute.
 */
import type { VerdictRecord } from '../../store/ports.ts'

export const CSV_COLUMNS = [
  'id',
  'time',
  'source',
  'cluster',
  'label',
  'uid',
  'operation',
  'apiVersion',
  'kind',
  'namespace',
  'name',
  'policySet',
  'policySetVersion',
  'allowed',
  'dryRun',
  'latencyMs',
  'passes',
  'policy',
  'rule',
  'status',
  'action',
  'message',
] as const

function cell(value: string | number | boolean | null): string {
  if (value === null) return ''
  if (typeof value !== 'string') return String(value)
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

function rowsOf(r: VerdictRecord): Array<Array<string | number | boolean | null>> {
  const head = [
    r.id,
    r.time,
    r.source.type,
    r.source.type === 'cluster' ? r.source.clusterId : null,
    r.source.type === 'ci' ? r.source.label : null,
    r.uid,
    r.operation,
    r.resource.apiVersion,
    r.resource.kind,
    r.resource.namespace,
    r.resource.name,
    r.policySet.name,
    r.policySet.version,
    r.allowed,
    r.dryRun,
    r.latencyMs,
    r.passes,
  ]
  if (r.results.length === 0) return [[...head, null, null, null, null, null]]
  return r.results.map((x) => [...head, x.policy, x.rule, x.status, x.action, x.message])
}

/** The CSV text, header first, CRLF line ends. */
export function toCsv(records: readonly VerdictRecord[]): string {
  const lines = [CSV_COLUMNS.join(',')]
  for (const r of records) for (const row of rowsOf(r)) lines.push(row.map(cell).join(','))
  return `${lines.join('\r\n')}\r\n`
}
