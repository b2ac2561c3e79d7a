import { describe, expect, it } from 'vitest'
import { sampleReport } from '../testing.ts'
import { formatText, oneLine } from './text.ts'

describe('formatText', () => {
  it('prints one line per result that is not a pass, then the summary and verdict', () => {
    expect(formatText(sampleReport()).split('\n')).toEqual([
      'FAIL  Pod/good team-label/has-team [Audit]: a team label is expected (manifests/pods.yaml document 1)',
      'FAIL  Pod/prod/bad require-seccomp/check-seccomp [Enforce]: seccomp must be set (manifests/pods.yaml document 2)',
      'ERROR Pod/prod/bad clock/uses-time [Enforce]: no clock was provided (manifests/pods.yaml document 2)',
      'SKIP  Deployment/prod/web prod/app-label/has-app [Enforce] (UPDATE): preconditions not met (document 1 item 3)',
      'WARN  Deployment/prod/web deprecations/old-api [Audit] (UPDATE): use apps/v1 (document 1 item 3)',
      '3 resources: 1 pass, 2 fail (1 enforced), 1 warn, 1 error, 1 skip',
      'Verdict: FAIL',
      '',
    ])
  })

  it('names the policy set when the server evaluated one', () => {
    const report = { ...sampleReport(), policySet: { name: 'baseline', version: 7 } }
    expect(formatText(report)).toContain('3 resources (policy set baseline version 7): ')
  })

  it('prints only the summary when everything passed', () => {
    const report = sampleReport()
    report.resources = []
    report.summary = { resources: 0, pass: 0, fail: 0, warn: 0, error: 0, skip: 0, enforceFailures: 0 }
    report.verdict = 'pass'
    expect(formatText(report)).toBe('0 resources: 0 pass, 0 fail (0 enforced), 0 warn, 0 error, 0 skip\nVerdict: PASS\n')
  })

  it('keeps one result per line and escapes terminal control characters', () => {
    expect(oneLine('a\n  b\r\nc')).toBe('a b c')
    expect(oneLine('red \u001b[31m bell \u0007 del \u007f')).toBe('red \\u001b[31m bell \\u0007 del \\u007f')
    const report = sampleReport()
    const r = report.resources[1]?.results[0]
    if (!r) throw new Error('fixture')
    r.message = 'multi\nline \u001b]0;title\u0007'
    const line = formatText(report).split('\n')[1]
    expect(line).toBe('FAIL  Pod/prod/bad require-seccomp/check-seccomp [Enforce]: multi line \\u001b]0;title\\u0007 (manifests/pods.yaml document 2)')
  })
})
