import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { caseDir, corpusRows, parseIndex } from './corpus.ts'
import {
  checkKnownFailures,
  formatKnownFailures,
  parseKnownFailures,
  TODO_REASON,
  updateKnownFailures,
  type CaseInfo,
  type ConformanceRow,
  type KnownFailures,
} from './known-failures.ts'
import { computeRates, isHeadlineCase, percent } from './rates.ts'

const cases = new Map<string, CaseInfo>(
  [
    { dir: 'pss/a', category: 'pod-security', engine: 'classic', ruleTypes: ['validate.pattern'] },
    { dir: 'pss/b', category: 'pod-security', engine: 'classic', ruleTypes: ['validate.deny', 'validate.podSecurity'] },
    { dir: 'cel/c', category: 'other-cel', engine: 'cel', ruleTypes: ['validate.cel'] },
    { dir: 'mut/d', category: 'other', engine: 'classic', ruleTypes: ['mutate', 'validate.pattern'] },
  ].map((c) => [c.dir, c]),
)

const row = (dir: string, resource: string, strict: boolean, policy = 'p', rule = 'r'): ConformanceRow => ({ dir, policy, rule, resource, strict })

const known: KnownFailures = {
  families: [
    { engine: 'cel', reason: 'CEL' },
    { ruleType: 'mutate', reason: 'mutate' },
    { ruleType: 'verifyImages', reason: 'no such cases' },
  ],
  cases: [{ dir: 'pss/a', policy: 'p', rule: 'r', resource: 'default/x', reason: 'pattern bug' }],
}

describe('checkKnownFailures', () => {
  it('passes when every non-strict row is listed or in a listed family', () => {
    const rows = [row('pss/a', 'default/x', false), row('pss/a', 'default/y', true), row('cel/c', 'default/z', false), row('mut/d', 'default/m', true), row('mut/d', 'default/n', false)]
    expect(checkKnownFailures(rows, known, cases)).toEqual({ unexpected: [], stale: [] })
  })

  it('reports a non-strict row outside the list', () => {
    const rows = [row('pss/a', 'default/x', false), row('pss/b', 'default/y', false)]
    expect(checkKnownFailures(rows, known, cases).unexpected).toEqual([row('pss/b', 'default/y', false)])
  })

  it('reports a listed row that became strict, and an entry that matches no row', () => {
    expect(checkKnownFailures([row('pss/a', 'default/x', true)], known, cases).stale).toEqual([
      { entry: 'pss/a p/r default/x', why: 'now strict: remove it from the list' },
    ])
    expect(checkKnownFailures([], known, cases).stale.map((s) => s.why)).toEqual(['no such row any more'])
  })

  it('keeps a listed key stale-free while any of its rows still fails', () => {
    const rows = [row('pss/a', 'default/x', true), row('pss/a', 'default/x', false)]
    expect(checkKnownFailures(rows, known, cases).stale).toEqual([])
  })

  it('marks a family stale only when all of its rows are strict', () => {
    const some = [row('pss/a', 'default/x', false), row('cel/c', 'a', true), row('cel/c', 'b', false)]
    expect(checkKnownFailures(some, known, cases).stale).toEqual([])
    const all = [row('pss/a', 'default/x', false), row('cel/c', 'a', true), row('cel/c', 'b', true)]
    expect(checkKnownFailures(all, known, cases).stale).toEqual([{ entry: 'engine cel', why: 'all 2 rows are now strict' }])
  })

  it('never marks a family without rows stale', () => {
    expect(checkKnownFailures([row('pss/a', 'default/x', false)], known, cases).stale).toEqual([])
  })
})

describe('updateKnownFailures', () => {
  it('regenerates case entries, keeping reasons, adding TODOs, dropping fixed rows and family rows', () => {
    const rows = [row('pss/a', 'default/x', false), row('pss/a', 'default/x', false), row('pss/b', 'default/y', false), row('pss/a', 'default/z', true), row('cel/c', 'q', false)]
    const updated = updateKnownFailures(rows, known, cases)
    expect(updated.families).toEqual(known.families)
    expect(updated.cases).toEqual([
      { dir: 'pss/a', policy: 'p', rule: 'r', resource: 'default/x', reason: 'pattern bug' },
      { dir: 'pss/b', policy: 'p', rule: 'r', resource: 'default/y', reason: TODO_REASON },
    ])
  })

  it('writes a file that parses back to the same list', () => {
    expect(parseKnownFailures(formatKnownFailures(known))).toEqual(known)
  })

  it('rejects malformed entries', () => {
    expect(() => parseKnownFailures('families:\n- {engine: cel}\n')).toThrow()
    expect(() => parseKnownFailures('cases:\n- {dir: a, policy: p, rule: r, resource: x, reason: y, extra: 1}\n')).toThrow()
  })

  it('ships a list whose every entry has a triaged reason', () => {
    const shipped = parseKnownFailures(readFileSync(new URL('./known-failures.yaml', import.meta.url), 'utf8'))
    expect(shipped.families.map((f) => ('engine' in f ? f.engine : f.ruleType))).toContain('cel')
    for (const entry of [...shipped.families, ...shipped.cases]) {
      expect(entry.reason.length).toBeGreaterThan(20)
      expect(entry.reason).not.toMatch(/TODO/)
    }
  })
})

describe('rates', () => {
  it('computes ok and strict overall, per category and on the headline cases', () => {
    const rows = [
      { dir: 'pss/a', ok: true, strict: true },
      { dir: 'pss/a', ok: true, strict: false },
      { dir: 'pss/b', ok: false, strict: false },
      { dir: 'cel/c', ok: false, strict: false },
      { dir: 'elsewhere', ok: true, strict: true },
    ]
    const r = computeRates(rows, cases)
    expect(r.overall).toEqual({ rows: 5, ok: 3, strict: 2 })
    expect(r.byCategory.get('pod-security')).toEqual({ rows: 3, ok: 2, strict: 1 })
    expect(r.byCategory.get('unindexed')).toEqual({ rows: 1, ok: 1, strict: 1 })
    expect(r.headline).toEqual({ rows: 2, ok: 2, strict: 1, cases: 1 })
    expect(percent(1, 3)).toBe('33.3% (1/3)')
    expect(percent(0, 0)).toBe('n/a')
  })

  it('counts only classic validate-only cases without podSecurity as headline cases', () => {
    expect([...cases.values()].filter(isHeadlineCase).map((c) => c.dir)).toEqual(['pss/a'])
  })
})

describe('corpus rows', () => {
  it('locates rows by the test file’s directory relative to the corpus root', () => {
    expect(caseDir('/c/', '/c/a/b/.kyverno-test/kyverno-test.yaml')).toBe('a/b/.kyverno-test')
    const report = {
      summary: { passed: 1, failed: 0, skipped: 0, errors: 0 },
      tests: [{ file: '/c/x/kyverno-test.yaml', name: '', results: [{ policy: 'p', rule: 'r', kind: 'Pod', resource: 'a', namespace: '', expected: 'pass', actual: 'pass' as const, ok: true, strict: true, message: '', outcome: 'checked' as const }] }],
    }
    expect(corpusRows('/c', report)).toEqual([{ dir: 'x', policy: 'p', rule: 'r', resource: 'a', strict: true, ok: true }])
  })

  it('parses INDEX.json entries', () => {
    const index = parseIndex(JSON.stringify([{ dir: 'd', category: 'c', engine: 'classic', ruleTypes: ['validate.deny'], extra: 1 }]))
    expect(index.get('d')).toEqual({ dir: 'd', category: 'c', engine: 'classic', ruleTypes: ['validate.deny'] })
  })
})
