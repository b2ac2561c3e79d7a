/**
 * What a policy's rules can select, read statically from their `match` blocks: the kind selectors
 * and operations of every filter, over the policy's own rules and the autogen rules for every
 * controller. Both the per-kind index and the webhook configuration are built from this.
 */
import type { Operation } from '../../engine/api.ts'
import { computeRules } from '../../policy/autogen.ts'
import type { LoadedPolicy } from '../../policy/load.ts'
import { legacyFilter, type MatchResources, type ResourceFilter } from '../../policy/match.ts'
import { Rule } from '../../policy/schema.ts'

/** One `match` filter's reach. `null` means unrestricted (no `kinds`, or no `operations`). */
export interface FilterScope {
  kinds: readonly string[] | null
  operations: readonly Operation[] | null
}

/** A rule as evaluated for some kind (`rule` is `null` when an autogen rule failed our own schema). */
export interface RuleScope {
  rule: Rule | null
  filters: readonly FilterScope[]
}

/** Everything: what an unparseable rule must be assumed to select. */
const ANYTHING: FilterScope = { kinds: null, operations: null }

function filterScope(f: ResourceFilter): FilterScope {
  const kinds = f.resources?.kinds
  const ops = f.resources?.operations
  return { kinds: kinds && kinds.length > 0 ? kinds : null, operations: ops && ops.length > 0 ? ops : null }
}

/**
 * The filters of a `match` block. `all` is treated like `any` (a union), which can only
 * over-approximate: sending a request no rule matches costs a round trip, missing one loses a verdict.
 */
export function matchFilters(block: MatchResources): FilterScope[] {
  const list = (block.any ?? []).length > 0 ? block.any : (block.all ?? []).length > 0 ? block.all : [legacyFilter(block)]
  return (list ?? []).map(filterScope)
}

const memo = new WeakMap<LoadedPolicy, readonly RuleScope[]>()

/**
 * Every rule the policy can run for any kind, with its match scope: `computeRules(raw, '')` gives the
 * policy's rules plus the autogen rules for all of its controllers. Memoised per policy object.
 */
export function policyRuleScopes(policy: LoadedPolicy): readonly RuleScope[] {
  let scopes = memo.get(policy)
  if (!scopes) {
    scopes = computeRules(policy.raw, '').map((raw): RuleScope => {
      const parsed = Rule.safeParse(raw)
      return parsed.success ? { rule: parsed.data, filters: matchFilters(parsed.data.match) } : { rule: null, filters: [ANYTHING] }
    })
    memo.set(policy, scopes)
  }
  return scopes
}
