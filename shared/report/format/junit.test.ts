import { describe, expect, it } from 'vitest'
import { sampleReport } from '../testing.ts'
import { formatJunit } from './junit.ts'
import { readXml, type XmlElement } from './testing.ts'

const child = (el: XmlElement | undefined, name: string) => el?.children.filter((c) => c.name === name) ?? []

describe('formatJunit', () => {
  const root = readXml(formatJunit(sampleReport()))
  const suites = child(root, 'testsuite')

  it('writes one testsuites root with totals: fail and error both count as failures', () => {
    expect(root.name).toBe('testsuites')
    expect(root.attrs).toEqual({ name: 'verdict', tests: '6', failures: '3', errors: '0', skipped: '1' })
  })

  it('writes a testsuite per resource, named Kind/namespace/name, with its file and counts', () => {
    expect(suites.map((s) => s.attrs)).toEqual([
      { name: 'Pod/good', tests: '2', failures: '1', errors: '0', skipped: '0', file: 'manifests/pods.yaml' },
      { name: 'Pod/prod/bad', tests: '2', failures: '2', errors: '0', skipped: '0', file: 'manifests/pods.yaml' },
      { name: 'Deployment/prod/web', tests: '2', failures: '0', errors: '0', skipped: '1' },
    ])
    const props = child(child(suites[2], 'properties')[0], 'property').map((p) => [p.attrs.name, p.attrs.value])
    expect(props).toEqual([
      ['verdict', 'pass'],
      ['operation', 'UPDATE'],
      ['apiVersion', 'apps/v1'],
    ])
  })

  it('writes a testcase per (resource, rule) with failure, skipped and system-out as the status says', () => {
    const cases = suites.map((s) => child(s, 'testcase'))
    expect(cases.flat().map((c) => [c.attrs.classname, c.attrs.name, c.children.map((x) => x.name).join()])).toEqual([
      ['Pod/good', 'require-seccomp/check-seccomp', ''],
      ['Pod/good', 'team-label/has-team', 'failure'],
      ['Pod/prod/bad', 'require-seccomp/check-seccomp', 'failure'],
      ['Pod/prod/bad', 'clock/uses-time', 'failure'],
      ['Deployment/prod/web', 'prod/app-label/has-app', 'skipped'],
      ['Deployment/prod/web', 'deprecations/old-api', 'system-out'],
    ])
    const [audit] = child(cases[0]?.[1], 'failure')
    expect(audit?.attrs).toEqual({ message: 'a team label is expected', type: 'Audit' })
    expect(audit?.text).toBe('fail (Audit): a team label is expected')
    const [errored] = child(cases[1]?.[1], 'failure')
    expect(errored?.attrs).toEqual({ message: 'no clock was provided', type: 'error' })
    expect(child(cases[2]?.[0], 'skipped')[0]?.attrs).toEqual({ message: 'preconditions not met' })
    expect(child(cases[2]?.[1], 'system-out')[0]?.text).toBe('warning: use apps/v1')
  })

  it('escapes hostile names and messages so the document stays well-formed and reads back exactly', () => {
    const report = sampleReport()
    const bad = report.resources[1]
    if (!bad) throw new Error('fixture')
    bad.resource.name = 'x"><script>&amp;'
    bad.results[0] = { ...(bad.results[0] as (typeof bad.results)[0]), message: 'line1\nline2 <b> & "q" ]]> \u0007' }
    const doc = readXml(formatJunit(report))
    const suite = child(doc, 'testsuite')[1]
    expect(suite?.attrs.name).toBe('Pod/prod/x"><script>&amp;')
    const failure = child(child(suite, 'testcase')[0], 'failure')[0]
    expect(failure?.attrs.message).toBe('line1\nline2 <b> & "q" ]]> \uFFFD')
    expect(failure?.text).toBe('fail (Enforce): line1\nline2 <b> & "q" ]]> \uFFFD')
  })

  it('writes an empty testsuite for a resource no policy matched', () => {
    const report = sampleReport()
    report.resources = [{ ...(report.resources[0] as (typeof report.resources)[0]), results: [] }]
    const doc = readXml(formatJunit(report))
    expect(child(doc, 'testsuite')[0]?.attrs.tests).toBe('0')
    expect(child(child(doc, 'testsuite')[0], 'testcase')).toEqual([])
  })
})
