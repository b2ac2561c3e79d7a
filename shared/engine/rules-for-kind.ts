/**
 * The rules to evaluate for a resource kind: the policy's own rules plus Kyverno's autogen rules
 * for pod controllers. Computed once per (policy, kind) — the admission path must not redo it.
 */
import type { LoadedPolicy } from '../policy/load.ts'
import { Rule } from '../policy/schema.ts'
import { computeRules } from '../policy/autogen.ts'

const cache = new WeakMap<LoadedPolicy, Map<string, Rule[]>>()

export function rulesForKind(policy: LoadedPolicy, kind: string): Rule[] {
  let byKind = cache.get(policy)
  if (!byKind) {
    byKind = new Map()
    cache.set(policy, byKind)
  }
  let rules = byKind.get(kind)
  if (!rules) {
    // Generated rules come from the same (validated) rules, so they parse; a failure here is a bug.
    rules = computeRules(policy.raw, kind).map((r) => Rule.parse(r))
    byKind.set(kind, rules)
  }
  return rules
}
