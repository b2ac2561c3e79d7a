/**
 * Which loaded resources a Test result is checked against (matching spec §5.4):
 * - a `resources` entry `X` selects every resource named X, of any kind, in any namespace;
 * - `ns/X` selects namespace `ns` and name X; an entry with more slashes selects nothing;
 * - a `resourceSpecs` entry matches on apiVersion, namespace and name;
 * - when nothing is selected at all, every resource is checked.
 * A resource selected twice is checked twice, as Kyverno does.
 */
import { displayName, type TestResource } from './resources.ts'
import type { ResourceSpec, TestResult } from './schema.ts'

/** The resources one result is checked against. */
export interface Selection {
  /** Resources to check, in entry order (duplicates kept). */
  resources: TestResource[]
  /** Entries (as written) that selected no loaded resource. */
  missing: Array<{ entry: string; namespace: string; name: string }>
  /** True when nothing was selected and every resource is checked instead. */
  fellBack: boolean
}

function byEntry(entry: string, all: readonly TestResource[]): TestResource[] {
  const parts = entry.split('/')
  if (parts.length === 1) return all.filter((r) => r.name === entry)
  if (parts.length === 2) return all.filter((r) => r.namespace === parts[0] && r.name === parts[1])
  return []
}

function bySpec(spec: ResourceSpec, all: readonly TestResource[]): TestResource[] {
  const apiVersion = spec.group ? `${spec.group}/${spec.version ?? ''}` : (spec.version ?? '')
  return all.filter((r) => r.apiVersion === apiVersion && r.namespace === (spec.namespace ?? '') && r.name === (spec.name ?? ''))
}

/** The entry's namespace and name as written (`ns/name` or `name`). */
export function splitEntry(entry: string): { namespace: string; name: string } {
  const i = entry.indexOf('/')
  return i < 0 ? { namespace: '', name: entry } : { namespace: entry.slice(0, i), name: entry.slice(i + 1) }
}

/** Selects the resources a result is checked against. */
export function selectResources(result: TestResult, all: readonly TestResource[]): Selection {
  const resources: TestResource[] = []
  const missing: Selection['missing'] = []
  for (const entry of result.resources ?? []) {
    const found = byEntry(entry, all)
    if (found.length === 0) missing.push({ entry, ...splitEntry(entry) })
    resources.push(...found)
  }
  for (const spec of result.resourceSpecs ?? []) {
    const found = bySpec(spec, all)
    const ref = { namespace: spec.namespace ?? '', name: spec.name ?? '' }
    if (found.length === 0) missing.push({ entry: displayName(ref), ...ref })
    resources.push(...found)
  }
  if (resources.length > 0) return { resources, missing, fellBack: false }
  return { resources: [...all], missing, fellBack: true }
}
