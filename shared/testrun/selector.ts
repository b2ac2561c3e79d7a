/**
 * `--test-case-selector policy=…,rule=…,resource=…`: wildcard filters over a Test's results, as
 * Kyverno's CLI applies them. A result whose field is empty always passes that filter, and a
 * `resource=X` other than `*` replaces every result's `resources` with X.
 */
import { wildcardMatch } from '../lib/wildcard.ts'
import { err, ok, type Result } from '../lib/result.ts'
import type { TestResult } from './schema.ts'

/** Kyverno's default `--test-case-selector`. */
export const DEFAULT_SELECTOR = 'policy=*,rule=*,resource=*'

/** A parsed `--test-case-selector`. */
export interface Selector {
  filters: Array<{ field: 'policy' | 'rule' | 'resource'; value: string }>
  /** The `resource=` values that replace each result's resources (empty when the first is `*`). */
  replaceResources: string[]
}

/** Parses a selector string; an empty string selects everything. */
export function parseSelector(input: string): Result<Selector> {
  const filters: Selector['filters'] = []
  if (input !== '') {
    for (const part of input.split(',')) {
      const kv = part.split('=')
      if (kv.length !== 2) return err(`invalid test-case-selector argument (${part}): it must be in the form <key>=<value>`)
      const field = (kv[0] ?? '').trim()
      const value = (kv[1] ?? '').trim()
      if (field !== 'policy' && field !== 'rule' && field !== 'resource') {
        return err(`invalid test-case-selector (${part}): the key can only be policy, rule or resource`)
      }
      filters.push({ field, value })
    }
  }
  const replaceResources: string[] = []
  // Kyverno stops collecting at the first `resource=*` (its `break`), keeping earlier values.
  for (const f of filters) {
    if (f.field !== 'resource') continue
    if (f.value === '*') break
    replaceResources.push(f.value)
  }
  return ok({ filters, replaceResources })
}

function passes(f: Selector['filters'][number], r: TestResult): boolean {
  switch (f.field) {
    case 'policy':
      return r.policy === '' || wildcardMatch(f.value, r.policy)
    case 'rule':
      return !r.rule || wildcardMatch(f.value, r.rule)
    case 'resource': {
      const resources = r.resources ?? []
      return resources.length === 0 || resources.some((x) => wildcardMatch(f.value, x))
    }
  }
}

/** The results a selector keeps, with `resources` replaced where the selector says so. */
export function applySelector(selector: Selector, results: readonly TestResult[]): TestResult[] {
  const kept = results.filter((r) => selector.filters.every((f) => passes(f, r)))
  if (selector.replaceResources.length === 0) return kept
  return kept.map((r) => ({ ...r, resources: [...selector.replaceResources] }))
}
