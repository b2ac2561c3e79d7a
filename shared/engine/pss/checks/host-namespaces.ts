/** Baseline "Host Namespaces" (`hostNamespaces`): no hostNetwork, hostPID or hostIPC. */
import { getKey } from '../../../lib/json.ts'
import { forbiddenAt } from '../field-errors.ts'
import { allowed, forbidden, type PodView, type PssCheckResult, type PssFieldError } from '../types.ts'

/** `hostNamespaces` 1.0+. */
export function hostNamespacesV1Dot0({ spec }: PodView): PssCheckResult {
  const found: string[] = []
  const errors: PssFieldError[] = []
  for (const key of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (getKey(spec, key) === true) {
      found.push(`${key}=true`)
      errors.push(forbiddenAt(`spec.${key}`, true))
    }
  }
  return found.length > 0 ? forbidden('host namespaces', found.join(', '), errors) : allowed()
}
