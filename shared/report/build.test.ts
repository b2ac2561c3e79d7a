import { describe, expect, it } from 'vitest'
import { cloneJson } from '../lib/json.ts'
import { buildReport, policyId } from './build.ts'
import { parseResources, type InputResource } from './inputs.ts'
import { EvaluationReport } from './schema.ts'
import { CLOCK_POLICY, DEFAULT_NS_APP_LABEL, PROTECT_DELETE, SECCOMP_POLICY, TEAM_LABEL_AUDIT, policies } from './testing.ts'

function parse(body: string): InputResource[] {
  const r = parseResources(body)
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}

const SECURE = '  securityContext: {seccompProfile: {type: RuntimeDefault}}\n'
const pod = (name: string, { ns = '', labels = '{}', secure = false } = {}) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}  labels: ${labels}\nspec:\n${secure ? SECURE : ''}  containers: [{name: c, image: nginx}]\n`
const review = (request: object) => JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request })
const podObject = (name: string, secure: boolean, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'ns', labels },
  spec: { ...(secure ? { securityContext: { seccompProfile: { type: 'Localhost' } } } : {}), containers: [{ name: 'c', image: 'nginx' }] },
})

describe('buildReport', () => {
  it('fails the verdict on an Enforce failure and reports every rule per resource', () => {
    const report = buildReport(policies(SECCOMP_POLICY), parse(`${pod('good', { secure: true })}---\n${pod('bad')}`))
    expect(report.verdict).toBe('fail')
    expect(report.resources.map((r) => [r.resource.name, r.verdict, r.results.map((x) => [x.policy, x.rule, x.status, x.action])])).toEqual([
      ['good', 'pass', [['require-seccomp', 'check-seccomp', 'pass', 'Enforce']]],
      ['bad', 'fail', [['require-seccomp', 'check-seccomp', 'fail', 'Enforce']]],
    ])
    expect(report.resources[1]?.results[0]?.message).toContain('RuntimeDefault or Localhost')
    expect(report.summary).toEqual({ resources: 2, pass: 1, fail: 1, warn: 0, error: 0, skip: 0, enforceFailures: 1 })
    // The report is exactly what the schema promises consumers.
    expect(EvaluationReport.parse(report)).toEqual(report)
  })

  it('keeps an Audit failure as fail/Audit in the results but passes the verdict', () => {
    const report = buildReport(policies(TEAM_LABEL_AUDIT), parse(pod('unlabelled', { secure: true })))
    expect(report.resources[0]?.results).toMatchObject([{ policy: 'team-label', status: 'fail', action: 'Audit' }])
    expect(report.resources[0]?.verdict).toBe('pass')
    expect(report.verdict).toBe('pass')
    expect(report.summary).toMatchObject({ fail: 1, enforceFailures: 0 })
  })

  it('evaluates a namespace-less Pod in default, so a Policy in default applies, but reports it as written', () => {
    const ps = policies(DEFAULT_NS_APP_LABEL)
    const report = buildReport(ps, parse(`${pod('here')}---\n${pod('elsewhere', { ns: 'other' })}`))
    expect(report.resources.map((r) => [r.resource.namespace, r.results.map((x) => [x.policy, x.status])])).toEqual([
      ['', [['default/app-label', 'fail']]],
      // A namespaced Policy never sees resources of another namespace.
      ['other', []],
    ])
    expect(report.verdict).toBe('fail')
  })

  it('does not modify the parsed resources when it defaults the namespace', () => {
    const rs = parse(pod('p'))
    const before = cloneJson(rs[0]?.object ?? {})
    buildReport(policies(DEFAULT_NS_APP_LABEL, SECCOMP_POLICY), rs)
    expect(rs[0]?.object).toEqual(before)
  })

  it('evaluates a DELETE review against the old object', () => {
    const ps = policies(PROTECT_DELETE, SECCOMP_POLICY)
    const protectedPod = review({ operation: 'DELETE', oldObject: podObject('keep', false, { protected: 'true' }) })
    const plainPod = review({ operation: 'DELETE', oldObject: podObject('drop', false) })
    const report = buildReport(ps, parse(`${protectedPod}\n---\n${plainPod}`))
    expect(report.resources.map((r) => [r.resource.name, r.operation, r.verdict])).toEqual([
      ['keep', 'DELETE', 'fail'],
      ['drop', 'DELETE', 'pass'],
    ])
    // Pattern rules give no answer on DELETE, as in Kyverno.
    expect(report.resources[0]?.results.map((x) => [x.policy, x.status])).toEqual([['protect', 'fail']])
    expect(report.resources[0]?.results[0]?.message).toContain('protected pods cannot be deleted')
  })

  it('forgives an UPDATE that keeps a violation the old object already had (Kyverno allowExistingViolations)', () => {
    const ps = policies(SECCOMP_POLICY)
    const stillBad = review({ operation: 'UPDATE', object: podObject('p', false, { v: '2' }), oldObject: podObject('p', false) })
    const newlyBad = review({ operation: 'UPDATE', object: podObject('q', false), oldObject: podObject('q', true) })
    const report = buildReport(ps, parse(`${stillBad}\n---\n${newlyBad}`))
    expect(report.resources.map((r) => [r.resource.name, r.results[0]?.status, r.verdict])).toEqual([
      ['p', 'skip', 'pass'],
      ['q', 'fail', 'fail'],
    ])
  })

  it('hands the clock to the engine, and without one reports an error instead of guessing', () => {
    const cm = parse('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n')
    const without = buildReport(policies(CLOCK_POLICY), cm)
    expect(without.resources[0]?.results[0]).toMatchObject({ status: 'error' })
    expect(without.verdict).toBe('pass')
    const withClock = buildReport(policies(CLOCK_POLICY), cm, { now: () => new Date('2030-01-02T03:04:05Z') })
    expect(withClock.resources[0]?.results[0]).toMatchObject({ status: 'pass' })
  })

  it('records the policy set, and reports a resource no policy matched with no results', () => {
    const report = buildReport(policies(SECCOMP_POLICY), parse('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n'), {
      policySet: { name: 'baseline', version: 3 },
    })
    expect(report.policySet).toEqual({ name: 'baseline', version: 3 })
    expect(report.resources[0]).toMatchObject({ verdict: 'pass', results: [] })
    expect(report.summary).toEqual({ resources: 1, pass: 0, fail: 0, warn: 0, error: 0, skip: 0, enforceFailures: 0 })
  })

  it('gives a pass verdict for no resources', () => {
    expect(buildReport(policies(SECCOMP_POLICY), [])).toEqual({
      verdict: 'pass',
      summary: { resources: 0, pass: 0, fail: 0, warn: 0, error: 0, skip: 0, enforceFailures: 0 },
      resources: [],
    })
  })
})

describe('policyId', () => {
  it('qualifies namespaced Policies so they never collide with a ClusterPolicy of the same name', () => {
    expect(policyId({ kind: 'ClusterPolicy', name: 'p', namespace: '' })).toBe('p')
    expect(policyId({ kind: 'Policy', name: 'p', namespace: 'team' })).toBe('team/p')
  })
})
