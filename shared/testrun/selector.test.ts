import { describe, expect, it } from 'vitest'
import type { TestResult } from './schema.ts'
import { applySelector, DEFAULT_SELECTOR, parseSelector, type Selector } from './selector.ts'

function selector(s: string): Selector {
  const r = parseSelector(s)
  if (!r.ok) throw new Error(r.error)
  return r.value
}

const results: TestResult[] = [
  { policy: 'disallow-latest', rule: 'check-tag', resources: ['web', 'db'], result: 'fail' },
  { policy: 'require-labels', rule: 'check-team', resources: ['web'], result: 'pass' },
  { policy: 'require-labels', resources: [], result: 'pass' },
]

describe('test-case selector', () => {
  it('keeps everything by default', () => {
    expect(applySelector(selector(DEFAULT_SELECTOR), results)).toEqual(results)
  })

  it('filters policies and rules by wildcard; an empty rule always passes', () => {
    expect(applySelector(selector('policy=require-*'), results).map((r) => r.rule)).toEqual(['check-team', undefined])
    expect(applySelector(selector('rule=check-t?g'), results).map((r) => r.policy)).toEqual(['disallow-latest', 'require-labels'])
  })

  it('replaces every kept result’s resources with resource=X', () => {
    const kept = applySelector(selector('policy=*,rule=*,resource=db'), results)
    expect(kept.map((r) => r.resources)).toEqual([['db'], ['db']])
  })

  it('rejects malformed selectors', () => {
    expect(parseSelector('policy').ok).toBe(false)
    expect(parseSelector('kind=Pod').ok).toBe(false)
  })
})
