/**
 * Label selectors in `selector` / `namespaceSelector`, with Kyverno's wildcard expansion of
 * `matchLabels` (`wildcards.ReplaceInSelector`) before Kubernetes' selector semantics apply.
 */
import { hasWildcard, wildcardMatch } from '../../lib/wildcard.ts'
import { compileLabelSelector, selectorMatches, type LabelSelector } from '../../policy/match.ts'

/**
 * Each `matchLabels` entry with `*` or `?` in its key or value is replaced by the first label that
 * matches both; with no such label every wildcard character becomes `0` (so it cannot match an
 * empty label set). Go iterates maps in random order; insertion order is used here.
 */
export function expandMatchLabels(
  matchLabels: Readonly<Record<string, string>>,
  labels: ReadonlyMap<string, string>,
): Map<string, string> {
  const out = new Map<string, string>()
  const zero = (s: string): string => s.replaceAll('*', '0').replaceAll('?', '0')
  for (const [k, v] of Object.entries(matchLabels)) {
    if (!hasWildcard(k) && !hasWildcard(v)) {
      out.set(k, v)
      continue
    }
    const hit = [...labels].find(([k1, v1]) => wildcardMatch(k, k1) && wildcardMatch(v, v1))
    if (hit) out.set(hit[0], hit[1])
    else out.set(zero(k), zero(v))
  }
  return out
}

/**
 * `matchutils.CheckSelector`: `{}` matches everything, a malformed selector (bad key, value or
 * operator arity, also after expansion) matches nothing.
 */
export function checkSelector(selector: LabelSelector, labels: ReadonlyMap<string, string>): boolean {
  const compiled = compileLabelSelector(selector, expandMatchLabels(selector.matchLabels ?? {}, labels))
  return compiled.ok && selectorMatches(compiled.value, labels)
}
