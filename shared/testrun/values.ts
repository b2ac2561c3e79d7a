/**
 * Turning a values spec (a `variables:` file or inline `values:`) and `--set` flags into the
 * engine's offline inputs, as kyverno-variables spec §8 describes: per resource, globalValues,
 * then `policies[name].resources[name].values`, then `--set` (later wins); per rule, `values` and
 * `foreachValues`; namespace labels from `namespaceSelector` and `namespaces`.
 */
import { isObject, type JsonValue } from '../lib/json.ts'
import { err, ok, type Result } from '../lib/result.ts'
import type { DottedValues, OfflineValues, Operation } from '../engine/api.ts'
import type { ValuesSpec } from './schema.ts'

/** The values key that selects the admission operation. */
export const OPERATION_KEY = 'request.operation'
const OPERATIONS: readonly Operation[] = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT']

/** The admission operation a string names exactly, if any. */
export function parseOperation(v: string | undefined): Operation | undefined {
  return OPERATIONS.find((o) => o === v)
}

/** The values of one test, ready to build evaluation inputs from. */
export interface TestValues {
  /** globalValues, then the (policy, resource name) values, then `--set`. */
  resourceValues(policy: string, resourceName: string): DottedValues
  /** Per-rule values and foreach values, for {@link OfflineValues}. */
  rule: NonNullable<OfflineValues['rule']>
  foreach: NonNullable<OfflineValues['foreach']>
  /** Labels of a namespace for `namespaceSelector` (empty when the values do not name it). */
  namespaceLabels(namespace: string): Record<string, string>
}

/**
 * Parses `--set` flags: each may hold several comma-separated `key=value` pairs. Keys that set
 * `request.object.` are ignored, as Kyverno takes the object from the resource itself.
 */
export function parseSetFlags(flags: readonly string[]): DottedValues {
  const out: DottedValues = {}
  for (const pair of flags.flatMap((f) => f.split(','))) {
    const i = pair.indexOf('=')
    if (i < 0) continue
    const key = pair.slice(0, i).trim()
    if (key === '' || key.includes('request.object.')) continue
    out[key] = pair.slice(i + 1).trim()
  }
  return out
}

/** The operation a values map selects: CREATE unless `request.operation` says otherwise. */
export function operationOf(values: DottedValues): Result<Operation> {
  const v = values[OPERATION_KEY]
  // Kyverno only reads string values here; anything else leaves the default.
  if (typeof v !== 'string' || v === '') return ok('CREATE')
  const op = parseOperation(v)
  return op ? ok(op) : err(`invalid operation "${v}" in ${OPERATION_KEY} (want CREATE, UPDATE, DELETE or CONNECT)`)
}

/** Every `request.operation` the values could select, checked up front so a bad one fails the test at load. */
export function checkOperations(spec: ValuesSpec | undefined, set: DottedValues): Result<true> {
  const maps: DottedValues[] = [spec?.globalValues ?? {}, set]
  for (const p of spec?.policies ?? []) for (const r of p.resources ?? []) maps.push(r.values ?? {})
  for (const m of maps) {
    const op = operationOf(m)
    if (!op.ok) return op
  }
  return ok(true)
}

function labelsOf(v: JsonValue | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  if (isObject(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x
  return out
}

/** Builds the lookups for one test's values. */
export function buildValues(spec: ValuesSpec | undefined, set: DottedValues): TestValues {
  const policies = spec?.policies ?? []
  const labels = new Map<string, Record<string, string>>()
  for (const n of spec?.namespaceSelector ?? []) labels.set(n.name, n.labels ?? {})
  // Full Namespace objects take precedence over namespaceSelector entries.
  for (const ns of spec?.namespaces ?? []) {
    const meta = ns.metadata
    if (isObject(meta) && typeof meta.name === 'string') labels.set(meta.name, labelsOf(meta.labels))
  }
  const findRule = (policy: string, rule: string) =>
    policies.find((p) => p.name === policy && (p.rules ?? []).some((r) => r.name === rule))?.rules?.find((r) => r.name === rule)
  return {
    resourceValues(policy, resourceName) {
      const out: DottedValues = { ...(spec?.globalValues ?? {}) }
      for (const p of policies) {
        if (p.name !== policy) continue
        for (const r of p.resources ?? []) if (r.name === resourceName) Object.assign(out, r.values ?? {})
      }
      return Object.assign(out, set)
    },
    rule: (policy, rule) => findRule(policy, rule)?.values,
    foreach: (policy, rule) => findRule(policy, rule)?.foreachValues,
    namespaceLabels: (namespace) => labels.get(namespace) ?? {},
  }
}
