import { describe, expect, it } from 'vitest'
import type { RuleResult } from './schema.ts'
import { assembleReport, summarise, verdictOf } from './verdict.ts'

const r = (status: RuleResult['status'], action: RuleResult['action']): RuleResult => ({ policy: 'p', rule: 'r', status, message: '', action })

describe('verdictOf', () => {
  it('fails only on an Enforce failure', () => {
    expect(verdictOf([r('fail', 'Enforce')])).toBe('fail')
    expect(verdictOf([r('pass', 'Enforce'), r('fail', 'Enforce')])).toBe('fail')
  })
  it.each([
    ['an Audit failure', r('fail', 'Audit')],
    ['an Enforce rule error', r('error', 'Enforce')],
    ['a warning', r('warn', 'Enforce')],
    ['a skip', r('skip', 'Enforce')],
  ])('passes %s, as Kyverno admits it', (_, x) => {
    expect(verdictOf([x])).toBe('pass')
  })
  it('passes no results', () => expect(verdictOf([])).toBe('pass'))
})

describe('summarise / assembleReport', () => {
  it('counts every status and the Enforce failures, and fails the report when one resource fails', () => {
    const a = { resource: { apiVersion: 'v1', kind: 'Pod', namespace: '', name: 'a' }, operation: 'CREATE' as const, verdict: 'pass' as const, results: [r('pass', 'Enforce'), r('fail', 'Audit'), r('skip', 'Audit')] }
    const b = { ...a, verdict: 'fail' as const, results: [r('fail', 'Enforce'), r('error', 'Audit'), r('warn', 'Audit')] }
    expect(summarise([a, b])).toEqual({ resources: 2, pass: 1, fail: 2, warn: 1, error: 1, skip: 1, enforceFailures: 1 })
    expect(assembleReport([a, b]).verdict).toBe('fail')
    expect(assembleReport([a]).verdict).toBe('pass')
    expect(assembleReport([a])).not.toHaveProperty('policySet')
  })
})
