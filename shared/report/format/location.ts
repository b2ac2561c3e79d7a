/**
 * How formats name a resource and point at its source: one place, so SARIF, JUnit and text agree.
 */
import type { ReportResourceRef } from '../schema.ts'

/** `Kind/namespace/name`, or `Kind/name` for a resource written without a namespace. */
export function resourceName(r: ReportResourceRef): string {
  return r.namespace === '' ? `${r.kind}/${r.name}` : `${r.kind}/${r.namespace}/${r.name}`
}

/** `file document 2 item 3` (1-based, as people count), or `undefined` when the source is unknown. */
export function sourceLabel(r: ReportResourceRef): string | undefined {
  const s = r.source
  if (!s) return undefined
  const doc = `document ${s.document + 1}${s.item !== undefined ? ` item ${s.item + 1}` : ''}`
  return s.file !== undefined ? `${s.file} ${doc}` : doc
}
