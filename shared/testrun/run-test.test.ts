import { describe, expect, it } from 'vitest'
import type { EvaluationInput } from '../engine/api.ts'
import { memoryFiles } from './files.ts'
import { runTestFile, type RunOptions } from './run-test.ts'
import type { PolicyLike } from './engine.ts'
import { DEFAULT_SELECTOR, parseSelector } from './selector.ts'
import { fakeEngine, inputName, ruleResponse, type Decide } from './testing.ts'

const POLICY = 'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata:\n  name: p\nspec: {}\n'
const RESOURCES = 'apiVersion: v1\nkind: Pod\nmetadata: {name: good}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: bad, namespace: prod}\n'
const HEAD = 'apiVersion: cli.kyverno.io/v1alpha1\nkind: Test\nmetadata: {name: t}\npolicies: [../p.yaml]\nresources: [r.yaml]\n'

/** pass for `good`, fail for everything else, for rule r. */
const byName: Decide = (_p, input) => [ruleResponse('r', inputName(input) === 'good' ? 'pass' : 'fail')]

function run(test: string, extra: Record<string, string> = {}, decide: Decide = byName, opts: Partial<RunOptions<PolicyLike>> = {}) {
  const engine = fakeEngine(decide)
  const selector = parseSelector(DEFAULT_SELECTOR)
  if (!selector.ok) throw new Error(selector.error)
  const files = memoryFiles({ 'case/p.yaml': POLICY, 'case/t/r.yaml': RESOURCES, 'case/t/kyverno-test.yaml': test, ...extra })
  const reports = runTestFile('case/t/kyverno-test.yaml', { engine, files, selector: selector.value, set: {}, ...opts })
  return { engine, reports, rows: reports.flatMap((r) => r.results) }
}

const brief = (rows: ReturnType<typeof run>['rows']) => rows.map((r) => [r.resource, r.actual, r.ok, r.outcome])

describe('runTestFile: evaluation', () => {
  it('evaluates every policy on every resource and compares each expectation', () => {
    const { rows } = run(`${HEAD}results:\n- {policy: p, rule: r, resources: [good], result: pass}\n- {policy: p, rule: r, resources: [prod/bad], result: fail}\n`)
    expect(rows.map((r) => [r.policy, r.rule, r.kind, r.resource, r.namespace, r.expected, r.actual, r.ok, r.strict])).toEqual([
      ['p', 'r', 'Pod', 'default/good', 'default', 'pass', 'pass', true, true],
      ['p', 'r', 'Pod', 'prod/bad', 'prod', 'fail', 'fail', true, true],
    ])
  })

  it('ignores a result’s kind: a name selects resources of any kind', () => {
    const { rows } = run(`${HEAD}results:\n- {policy: p, rule: r, resources: [good], kind: Deployment, result: pass}\n`)
    expect(rows.map((r) => [r.kind, r.resource, r.actual, r.ok])).toEqual([['Pod', 'default/good', 'pass', true]])
  })

  it('hands the engine normalised resources as floats, with namespace labels and no user by default', () => {
    const values = 'apiVersion: v\nkind: Values\nnamespaceSelector: [{name: default, labels: {env: dev}}]\n'
    const { engine } = run(`${HEAD}variables: v.yaml\nresults:\n- {policy: p, rule: r, resources: [good], result: pass}\n`, { 'case/t/v.yaml': values })
    const input = engine.calls.find((c) => inputName(c.input) === 'good')?.input
    expect(input).toMatchObject({ operation: 'CREATE', oldObject: null, numberMode: 'float', namespaceLabels: { env: 'dev' } })
    expect(input?.object?.metadata).toEqual({ name: 'good', namespace: 'default' })
    expect(input?.user).toBeUndefined()
  })

  it('sets up UPDATE and DELETE from the values file', () => {
    const values = `apiVersion: v\nkind: Values\npolicies:\n- name: p\n  resources:\n  - {name: good, values: {request.operation: UPDATE}}\n  - {name: bad, values: {request.operation: DELETE}}\n`
    const { engine } = run(`${HEAD}variables: v.yaml\nresults:\n- {policy: p, rule: r, resources: [good], result: pass}\n`, { 'case/t/v.yaml': values })
    const good = engine.calls.find((c) => inputName(c.input) === 'good')?.input as EvaluationInput
    const bad = engine.calls.find((c) => inputName(c.input) === 'bad')?.input as EvaluationInput
    expect(good.operation).toBe('UPDATE')
    expect(good.object).toEqual(good.oldObject)
    expect(good.object).not.toBeNull()
    expect(bad.operation).toBe('DELETE')
    expect(bad.object).toBeNull()
    expect(bad.oldObject?.metadata).toEqual({ name: 'bad', namespace: 'prod' })
    expect(bad.values?.global?.['request.operation']).toBe('DELETE')
  })

  it('evaluates CONNECT as CREATE', () => {
    const values = `apiVersion: v\nkind: Values\nglobalValues: {request.operation: CONNECT}\n`
    const { engine } = run(`${HEAD}variables: v.yaml\nresults:\n- {policy: p, rule: r, resources: [good], result: pass}\n`, { 'case/t/v.yaml': values })
    expect(engine.calls[0]?.input).toMatchObject({ operation: 'CREATE', oldObject: null, values: { global: { 'request.operation': 'CONNECT' } } })
  })

  it('runs each result-level operation as a separate evaluation, checked on its own', () => {
    const byOp: Decide = (_p, input) => [ruleResponse('r', input.operation === 'DELETE' ? 'skip' : 'pass')]
    const test = `${HEAD}results:\n- {policy: p, rule: r, resources: [good], result: pass}\n- {policy: p, rule: r, resources: [good], result: skip, operation: DELETE}\n`
    const { engine, rows } = run(test, {}, byOp)
    expect(engine.calls.map((c) => c.input.operation)).toEqual(['CREATE', 'CREATE', 'DELETE', 'DELETE'])
    expect(rows.map((r) => [r.actual, r.ok])).toEqual([
      ['pass', true],
      ['skip', true],
    ])
  })

  it('passes --set values, user info and the clock through to the engine', () => {
    const user = 'apiVersion: v\nkind: UserInfo\nclusterRoles: [admin]\nuserInfo: {username: alice}\n'
    const now = () => new Date(0)
    const { engine } = run(`${HEAD}userinfo: u.yaml\nresults:\n- {policy: p, rule: r, resources: [good], result: pass}\n`, { 'case/t/u.yaml': user }, byName, { set: { team: 'x' }, now })
    const input = engine.calls[0]?.input
    expect(input?.user).toEqual({ username: 'alice', groups: [], roles: [], clusterRoles: ['admin'] })
    expect(input?.values?.global).toEqual({ team: 'x' })
    expect(input?.now).toBe(now)
  })

  it('reports each Test document of a multi-document file separately', () => {
    const { reports } = run(`${HEAD}results: [{policy: p, rule: r, resources: [good], result: pass}]\n---\n${HEAD.replace('name: t', 'name: u')}results: []\n`)
    expect(reports.map((r) => [r.name, r.results.length])).toEqual([
      ['t', 1],
      ['u', 0],
    ])
  })

  it('skips unreadable resource files, leaving passing resource-missing rows', () => {
    const { rows } = run(`${HEAD.replace('[r.yaml]', '[gone.yaml]')}results:\n- {policy: p, rule: r, resources: [good], result: pass}\n`)
    expect(brief(rows)).toEqual([['good', 'notfound', true, 'resourceMissing']])
  })
})

describe('runTestFile: tests that cannot be evaluated', () => {
  const results = 'results:\n- {policy: p, rule: r, resources: [good, prod/bad], result: pass}\n'

  it('turns a load error into one error row per expected resource', () => {
    const { rows } = run(`${HEAD.replace('../p.yaml', '../missing.yaml')}${results}`)
    expect(brief(rows)).toEqual([
      ['good', 'error', false, 'loadError'],
      ['prod/bad', 'error', false, 'loadError'],
    ])
    expect(rows[1]?.namespace).toBe('prod')
  })

  it.each([
    ['a strict-decode error', `${HEAD}bogus: 1\n${results}`],
    ['a deprecated schema', `${HEAD.replace('apiVersion: cli.kyverno.io/v1alpha1\n', '')}${results}`],
    ['a missing values file', `${HEAD}variables: nope.yaml\n${results}`],
    ['a bad operation', `${HEAD}results:\n- {policy: p, rule: r, resources: [good], result: pass, operation: PATCH}\n`],
    ['a non-policy document among the policies', `${HEAD.replace('[../p.yaml]', '[r.yaml]')}${results}`],
  ])('reports %s as error rows', (_what, test) => {
    const { rows } = run(test)
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.every((r) => r.actual === 'error' && !r.ok)).toBe(true)
  })

  it('says unsupported before invalid before error', () => {
    const extra = {
      'case/cel.yaml': 'apiVersion: policies.kyverno.io/v1\nkind: ValidatingPolicy\nmetadata: {name: cel}\n',
      'case/bad.yaml': 'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: broken, annotations: {fake/invalid: "1"}}\n',
    }
    const head = HEAD.replace('[../p.yaml]', '[../cel.yaml, ../bad.yaml]')
    const test = `${head}variables: nope.yaml\nresults:\n- {policy: cel, resources: [good], result: pass}\n- {policy: broken, rule: r, resources: [good], result: skip}\n- {policy: other, rule: r, resources: [good], result: pass}\n`
    const { rows } = run(test, extra)
    expect(rows.map((r) => [r.policy, r.actual, r.ok, r.outcome])).toEqual([
      ['cel', 'unsupported', false, 'unsupported'],
      ['broken', 'skip', true, 'invalidPolicy'],
      ['other', 'error', false, 'loadError'],
    ])
  })

  it('reports Test features Verdict does not evaluate as unsupported', () => {
    const { rows } = run(`${HEAD}exceptions: [ex.yaml]\n${results}`)
    expect(rows.map((r) => [r.actual, r.ok])).toEqual([
      ['unsupported', false],
      ['unsupported', false],
    ])
    expect(rows[0]?.message).toContain('exceptions')
  })

  it('reports an unreadable test file as one error row', () => {
    const engine = fakeEngine(byName)
    const selector = parseSelector('')
    if (!selector.ok) throw new Error(selector.error)
    const [report] = runTestFile('nowhere/kyverno-test.yaml', { engine, files: memoryFiles({}), selector: selector.value, set: {} })
    expect(report?.results.map((r) => [r.actual, r.ok])).toEqual([['error', false]])
  })
})
