/** Sets of the built-in policy library (shared/library), loaded as an install gives them. */
import { findLibrarySet } from '../../../shared/library/index.ts'
import { loadPolicy, type LoadedPolicy } from '../../../shared/policy/load.ts'

/** A library set at its latest version. */
export function librarySet(name: string): LoadedPolicy[] {
  const r = findLibrarySet(name)
  if (!r.ok) throw new Error(`library set ${name}: ${r.error}`)
  return r.value.policies.map((p) => {
    const l = loadPolicy(p.document)
    if (l.status !== 'ok') throw new Error(`library set ${name}: policy ${p.name} did not load (${l.status})`)
    return l.policy
  })
}
