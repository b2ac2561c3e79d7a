/**
 * A policy set prepared for admission: the policies plus a per-kind index, so that a request for a
 * kind no policy selects is answered without evaluating anything (most of what a cluster sends —
 * Leases, Events, EndpointSlices — is such a request).
 */
import { hasWildcard } from '../../lib/wildcard.ts'
import { parseKindSelector } from '../../engine/match/index.ts'
import { rulesForKind } from '../../engine/rules-for-kind.ts'
import type { LoadedPolicy } from '../../policy/load.ts'
import { guessPlural } from './resources.ts'
import { policyRuleScopes } from './rule-scope.ts'

/** A named, versioned set of loaded policies with its kind index. Treat as immutable. */
export interface CompiledSet {
  readonly name: string
  readonly version: number
  /** In evaluation order (the order of the set). */
  readonly policies: readonly LoadedPolicy[]
  /** For each kind some rule names literally: the policies with a rule for it, in set order. */
  readonly byKind: ReadonlyMap<string, readonly LoadedPolicy[]>
  /** Policies with a rule that may select kinds not named literally (`*`, `Config*`, no `kinds`). */
  readonly openKinds: readonly LoadedPolicy[]
  /**
   * Guessed lowercase plural → kind, for the kinds the rules name: how a subresource request for a
   * custom resource (`widgets/status`) finds its kind, which a cluster would get from discovery.
   */
  readonly resourceKinds: ReadonlyMap<string, string>
}

/** Cap on lazily indexed kinds, so a stream of made-up kinds cannot grow memory without bound. */
const MAX_LAZY_KINDS = 1_000
const lazy = new WeakMap<CompiledSet, Map<string, readonly LoadedPolicy[]>>()

/** True when the policy has a rule for `kind`; an internal failure counts as yes, so it surfaces as an error result. */
function hasRulesFor(policy: LoadedPolicy, kind: string): boolean {
  try {
    return rulesForKind(policy, kind).length > 0
  } catch {
    return true
  }
}

/** The literal kinds a policy's rules name, and whether some rule may select other kinds too. */
function kindsOf(policy: LoadedPolicy): { literal: Set<string>; open: boolean } {
  const literal = new Set<string>()
  let open = false
  for (const scope of policyRuleScopes(policy)) {
    for (const f of scope.filters) {
      if (f.kinds === null) open = true
      for (const selector of f.kinds ?? []) {
        const kind = parseKindSelector(selector).kind
        if (hasWildcard(kind)) open = true
        else if (kind !== '') literal.add(kind)
      }
    }
  }
  return { literal, open }
}

/**
 * Builds the set and its index. `rulesForKind` decides membership, so the index agrees exactly
 * with what `evaluatePolicy` will run (autogen rules included), and its per-kind rule lists are
 * warmed here rather than on the first request.
 *
 * @example compileSet('baseline', 3, [requireLabels]).byKind.get('Deployment') // [requireLabels] (autogen)
 */
export function compileSet(name: string, version: number, policies: readonly LoadedPolicy[]): CompiledSet {
  const kinds = new Set<string>()
  const openKinds: LoadedPolicy[] = []
  for (const p of policies) {
    const k = kindsOf(p)
    for (const kind of k.literal) kinds.add(kind)
    if (k.open) openKinds.push(p)
  }
  const byKind = new Map<string, readonly LoadedPolicy[]>()
  const resourceKinds = new Map<string, string>()
  for (const kind of kinds) {
    byKind.set(kind, policies.filter((p) => hasRulesFor(p, kind)))
    resourceKinds.set(guessPlural(kind), kind)
  }
  return { name, version, policies: [...policies], byKind, openKinds, resourceKinds }
}

/**
 * The policies that have at least one rule for `kind`, in set order. Kinds outside the index are
 * checked against the open-kind policies only (and remembered, up to a bound).
 */
export function policiesForKind(set: CompiledSet, kind: string): readonly LoadedPolicy[] {
  const indexed = set.byKind.get(kind)
  if (indexed) return indexed
  if (set.openKinds.length === 0) return []
  let seen = lazy.get(set)
  if (!seen) {
    seen = new Map()
    lazy.set(set, seen)
  }
  let found = seen.get(kind)
  if (!found) {
    found = set.openKinds.filter((p) => hasRulesFor(p, kind))
    if (seen.size < MAX_LAZY_KINDS) seen.set(kind, found)
  }
  return found
}
