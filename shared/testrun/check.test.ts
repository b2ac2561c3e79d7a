import { describe, expect, it } from 'vitest'
import type { RuleResponse } from '../engine/result.ts'
import type { JsonObject } from '../lib/json.ts'
import { err, ok } from '../lib/result.ts'
import { checkPair, checkResult, policyNameOf, ruleSelected, type CheckContext } from './check.ts'
import type { PolicyLike } from './engine.ts'
import type { Evaluated } from './evaluate.ts'
import type { TestResource } from './resources.ts'
import type { TestResult } from './schema.ts'
import { ruleResponse } from './testing.ts'

const web: TestResource = {
  key: 'v1,Pod,default,web',
  apiVersion: 'v1',
  kind: 'Pod',
  namespace: 'default',
  name: 'web',
  object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { x: 1 } },
}

function policy(name: string, annotations: JsonObject = {}): PolicyLike {
  return { kind: 'ClusterPolicy', name, namespace: '', raw: { metadata: { name, annotations } } }
}

function answer(p: PolicyLike, rules: RuleResponse[]): Evaluated<PolicyLike> {
  return { policy: p, response: { policy: { kind: p.kind, name: p.name, namespace: '' }, resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'web' }, rules } }
}

function ctx(answers: Array<Evaluated<PolicyLike>>, extra: Partial<CheckContext<PolicyLike>> = {}): CheckContext<PolicyLike> {
  return {
    responses: new Map([[web.key, answers]]),
    status: { invalid: new Map(), unsupported: new Map() },
    patched: () => ok([]),
    ...extra,
  }
}

const result = (r: Partial<TestResult>): TestResult => ({ policy: 'p', rule: 'r', resources: ['web'], result: 'pass', ...r })
const brief = (rows: ReturnType<typeof checkPair>) => rows.map((r) => [r.rule, r.actual, r.ok, r.strict, r.outcome])

describe('checking a (result, resource) pair (spec §5.5)', () => {
  it('compares the policy after the last slash and includes autogen rule names', () => {
    expect(policyNameOf('ns/p')).toBe('p')
    expect(policyNameOf('a/b/p')).toBe('p')
    expect(ruleSelected('r', 'autogen-r')).toBe(true)
    expect(ruleSelected('r', 'autogen-cronjob-r')).toBe(true)
    expect(ruleSelected('r', 'autogen-other')).toBe(false)
    expect(ruleSelected('', 'anything')).toBe(true)
    const c = ctx([answer(policy('p'), [ruleResponse('autogen-r', 'pass')])])
    expect(brief(checkPair(result({ policy: 'prod/p' }), web, c))).toEqual([['autogen-r', 'pass', true, true, 'checked']])
  })

  it('compares the result literally and explains a mismatch', () => {
    const rows = checkPair(result({ result: 'pass' }), web, ctx([answer(policy('p'), [ruleResponse('r', 'fail')])]))
    expect(brief(rows)).toEqual([['r', 'fail', false, false, 'checked']])
    expect(rows[0]?.message).toContain('Want pass, got fail')
  })

  it('checks every rule response when the rule is empty', () => {
    const c = ctx([answer(policy('p'), [ruleResponse('a', 'pass'), ruleResponse('b', 'skip')])])
    expect(brief(checkPair(result({ rule: undefined, result: 'pass' }), web, c))).toEqual([
      ['a', 'pass', true, true, 'checked'],
      ['b', 'skip', false, false, 'checked'],
    ])
  })

  it('passes a wrong rule or an unmatched resource as Excluded whatever was expected', () => {
    const c = ctx([answer(policy('p'), [ruleResponse('other', 'fail')])])
    expect(brief(checkPair(result({ result: 'fail' }), web, c))).toEqual([['r', 'excluded', true, false, 'excluded']])
    expect(brief(checkPair(result({ result: 'skip' }), web, ctx([answer(policy('p'), [])])))).toEqual([['r', 'excluded', true, true, 'excluded']])
  })

  it('fails an unknown policy as Not found', () => {
    expect(brief(checkPair(result({ policy: 'missing' }), web, ctx([answer(policy('p'), [])])))).toEqual([['r', 'notfound', false, false, 'policyNotFound']])
  })

  it('gives an invalid policy the passing Invalid policy skip row', () => {
    const c = ctx([], { status: { invalid: new Map([['p', 'admission and background both false']]), unsupported: new Map() } })
    const rows = checkPair(result({ result: 'skip' }), web, c)
    expect(brief(rows)).toEqual([['r', 'skip', true, true, 'invalidPolicy']])
  })

  it('reports policies and rules Verdict does not evaluate as unsupported, never ok', () => {
    const c = ctx([], { status: { invalid: new Map(), unsupported: new Map([['p', 'ValidatingPolicy']]) } })
    expect(brief(checkPair(result({}), web, c))).toEqual([['r', 'unsupported', false, false, 'unsupported']])
    const rule = ruleResponse('r', 'error', { ruleType: 'mutate', unsupported: 'mutate rules' })
    expect(brief(checkPair(result({ result: 'error' }), web, ctx([answer(policy('p'), [rule])])))).toEqual([['r', 'unsupported', false, false, 'unsupported']])
  })

  it('turns fail into warn for scored: "false" policies', () => {
    const scored = policy('p', { 'policies.kyverno.io/scored': 'false' })
    expect(brief(checkPair(result({ result: 'warn' }), web, ctx([answer(scored, [ruleResponse('r', 'fail')])])))).toEqual([['r', 'warn', true, true, 'checked']])
    expect(brief(checkPair(result({ result: 'fail' }), web, ctx([answer(scored, [ruleResponse('r', 'fail')])])))).toEqual([['r', 'warn', false, false, 'checked']])
  })

  it('skips generate rule responses, so such a pair is Excluded', () => {
    const gen = ruleResponse('r', 'pass', { ruleType: 'generate' })
    expect(brief(checkPair(result({}), web, ctx([answer(policy('p'), [gen])])))).toEqual([['r', 'excluded', true, false, 'excluded']])
  })

  it('turns an engine exception into an error row', () => {
    const rows = checkPair(result({}), web, ctx([{ policy: policy('p'), thrown: 'boom' }]))
    expect(brief(rows)).toEqual([['r', 'error', false, false, 'engineError']])
    expect(rows[0]?.message).toContain('boom')
  })
})

describe('patchedResources', () => {
  const patchedDoc = (spec: JsonObject): TestResource => ({ ...web, object: { ...web.object, spec, status: {} } })
  const pass = [answer(policy('p'), [ruleResponse('r', 'pass')])]

  it('ignores the check, with no fallback row, when the file lacks the document', () => {
    const rows = checkPair(result({ patchedResources: 'patched.yaml' }), web, ctx(pass, { patched: () => ok([]) }))
    expect(brief(rows)).toEqual([['r', 'pass', true, true, 'ignored']])
  })

  it('fails when the document is missing and failOnMissingResources is set', () => {
    const rows = checkPair(result({ patchedResources: 'patched.yaml', failOnMissingResources: true }), web, ctx(pass))
    expect(brief(rows)).toEqual([['r', 'pass', false, false, 'patchMismatch']])
  })

  it('compares after dropping nulls and empty maps, and fails on a difference', () => {
    expect(brief(checkPair(result({ patchedResources: 'p.yaml' }), web, ctx(pass, { patched: () => ok([patchedDoc({ x: 1, y: null })]) })))).toEqual([
      ['r', 'pass', true, true, 'checked'],
    ])
    expect(brief(checkPair(result({ patchedResources: 'p.yaml' }), web, ctx(pass, { patched: () => ok([patchedDoc({ x: 2 })]) })))).toEqual([
      ['r', 'pass', false, false, 'patchMismatch'],
    ])
    expect(brief(checkPair(result({ patchedResources: 'p.yaml' }), web, ctx(pass, { patched: () => err('unreadable') })))).toEqual([
      ['r', 'pass', false, false, 'patchMismatch'],
    ])
  })
})

describe('checkResult', () => {
  it('adds a passing (not strict) row for each expected resource that was never loaded', () => {
    const rows = checkResult(result({ resources: ['web', 'ghost'] }), { resources: [web], missing: [{ entry: 'ghost', namespace: '', name: 'ghost' }], fellBack: false }, ctx([answer(policy('p'), [ruleResponse('r', 'pass')])]))
    expect(rows.map((r) => [r.resource, r.actual, r.ok, r.strict, r.outcome])).toEqual([
      ['default/web', 'pass', true, true, 'checked'],
      ['ghost', 'notfound', true, false, 'resourceMissing'],
    ])
  })

  it('never returns fewer than one row, even with no resources at all', () => {
    const rows = checkResult(result({ resources: [] }), { resources: [], missing: [], fellBack: true }, ctx([]))
    expect(rows).toHaveLength(1)
    expect(rows[0]?.outcome).toBe('resourceMissing')
  })
})
