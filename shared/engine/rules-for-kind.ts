/**
 * The rules to evaluate for a resource kind: the policy's own rules plus Kyverno's autogen rules
 * for pod controllers, minus rules whose `match` names only other kinds. Computed once per
 * (policy, kind), so a request pays nothing for rules written for other kinds.
 */
import { wildcardMatch } from '../lib/wildcard.ts'
import type { LoadedPolicy } from '../policy/load.ts'
import type { MatchResources, ResourceFilter } from '../policy/match.ts'
import { Rule } from '../policy/schema.ts'
import { computeRules } from '../policy/autogen.ts'
import { parseKindSelector } from './match/index.ts'

const cache = new WeakMap<LoadedPolicy, Map<string, Rule[]>>()

/** Could this filter select a resource of `kind`? Filters without kinds could select anything. */
function filterCouldMatch(f: ResourceFilter, kind: string): boolean {
  const kinds = f.resources?.kinds
  if (!kinds || kinds.length === 0) return true
  return kinds.some((k) => wildcardMatch(parseKindSelector(k).kind, kind))
}

/** Conservative: false only when no request of this kind can match the block. */
export function couldMatchKind(block: MatchResources, kind: string): boolean {
  if (block.any && block.any.length > 0) return block.any.some((f) => filterCouldMatch(f, kind))
  if (block.all && block.all.length > 0) return block.all.every((f) => filterCouldMatch(f, kind))
  return filterCouldMatch({ resources: block.resources }, kind)
}

/** Rules to evaluate for `kind`, in Kyverno's order. Throws only on an internal bug (autogen output failing our own schema). */
export function rulesForKind(policy: LoadedPolicy, kind: string): Rule[] {
  let byKind = cache.get(policy)
  if (!byKind) {
    byKind = new Map()
    cache.set(policy, byKind)
  }
  let rules = byKind.get(kind)
  if (!rules) {
    rules = computeRules(policy.raw, kind)
      .map((r) => Rule.parse(r))
      .filter((r) => couldMatchKind(r.match, kind))
    byKind.set(kind, rules)
  }
  return rules
}
