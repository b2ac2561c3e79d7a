import { describe, expect, it } from 'vitest'
import { loadPolicy } from './load.ts'
import type { JsonObject, JsonValue } from '../lib/json.ts'

const base = (spec: JsonObject, extra: JsonObject = {}): JsonObject => ({
  apiVersion: 'kyverno.io/v1',
  kind: 'ClusterPolicy',
  metadata: { name: 'p' },
  spec,
  ...extra,
})
const rule = (more: JsonObject = {}): JsonObject => ({
  name: 'r',
  match: { any: [{ resources: { kinds: ['Pod'] } }] },
  validate: { pattern: { spec: { hostNetwork: false } } },
  ...more,
})
const issuesOf = (doc: JsonValue, strict = false) => {
  const r = loadPolicy(doc, { strict })
  return r.status === 'invalid' ? r.issues : []
}

describe('loadPolicy', () => {
  it('loads v1 and v2beta1 ClusterPolicy and Policy', () => {
    expect(loadPolicy(base({ rules: [rule()] })).status).toBe('ok')
    expect(loadPolicy({ ...base({ rules: [rule()] }), apiVersion: 'kyverno.io/v2beta1', kind: 'Policy' }).status).toBe('ok')
  })
  it('names the path of a malformed field', () => {
    const issues = issuesOf(base({ rules: [rule(), rule({ name: 'x', validate: { pattern: {}, message: 3 } })] }))
    expect(issues.map((i) => i.path)).toContain('spec.rules[1].validate.message')
  })
  it('rejects unknown fields when strict, names them when lenient', () => {
    const doc = base({ rules: [rule({ validate: { pattern: {}, patern: {} } })] })
    expect(issuesOf(doc, true)).toEqual([{ path: 'spec.rules[0].validate.patern', message: 'unknown field "patern"' }])
    const lenient = loadPolicy(doc)
    expect(lenient.status).toBe('ok')
    if (lenient.status === 'ok') expect(lenient.warnings[0]?.path).toBe('spec.rules[0].validate.patern')
  })
  it('reports CEL policy kinds as unsupported, other documents as not policies', () => {
    expect(loadPolicy({ apiVersion: 'policies.kyverno.io/v1alpha1', kind: 'ValidatingPolicy', metadata: { name: 'v' } })).toMatchObject({
      status: 'unsupported',
      name: 'v',
    })
    expect(loadPolicy({ apiVersion: 'v1', kind: 'Pod' }).status).toBe('notPolicy')
    expect(loadPolicy('text').status).toBe('notPolicy')
  })
  describe("Kyverno's own checks", () => {
    it.each<[string, JsonObject, RegExp]>([
      ['duplicate rule names', base({ rules: [rule(), rule()] }), /duplicate rule name/],
      ['two rule types', base({ rules: [rule({ mutate: {} })] }), /exactly one of mutate/],
      ['two validate kinds', base({ rules: [rule({ validate: { pattern: {}, deny: {} } })] }), /exactly one of pattern/],
      ['+() anchor in validate', base({ rules: [rule({ validate: { pattern: { spec: { '+(a)': 'b' } } } })] }), /add anchor/],
      ['empty ^() list', base({ rules: [rule({ validate: { pattern: { spec: { '^(c)': [] } } } })] }), /existence anchor/],
      ['admission and background off', base({ admission: false, background: false, rules: [rule()] }), /admission and background/],
      [
        'name with names',
        base({ rules: [rule({ match: { any: [{ resources: { kinds: ['Pod'], name: 'a', names: ['b'] } }] } })] }),
        /either name or names/,
      ],
      [
        'request-only variables in background mode',
        base({ rules: [rule({ validate: { deny: { conditions: { all: [{ key: '{{request.userInfo.username}}', operator: 'Equals', value: 'x' }] } } } })] }),
        /only available in admission requests/,
      ],
      [
        'user info in match in background mode',
        base({ rules: [rule({ match: { any: [{ resources: { kinds: ['Pod'] }, clusterRoles: ['admin'] }] } })] }),
        /background mode/,
      ],
      ['bad failure action', base({ validationFailureAction: 'Block', rules: [rule()] }), /Enforce or Audit/],
    ])('rejects %s', (_, doc, msg) => {
      expect(issuesOf(doc).map((i) => i.message).join('\n')).toMatch(msg)
    })
    it('allows request-only variables with background: false', () => {
      const doc = base({
        background: false,
        rules: [rule({ validate: { deny: { conditions: { all: [{ key: '{{request.userInfo.username}}', operator: 'Equals', value: 'x' }] } } } })],
      })
      expect(loadPolicy(doc).status).toBe('ok')
    })
  })
  it('checks anchors at any depth, with Kyverno\'s texts', () => {
    const issues = issuesOf(base({ rules: [rule({ validate: { pattern: { spec: { containers: [{ '+(imagePullPolicy)': 'Always' }], '^(c)': { a: 1 } } } } })] }))
    expect(issues).toEqual([
      { path: 'spec.rules[0].validate.pattern.spec.containers[0].+(imagePullPolicy)', message: 'unsupported anchor +(imagePullPolicy): add anchors +() are only allowed in mutate rules' },
      { path: 'spec.rules[0].validate.pattern.spec.^(c)', message: 'existence anchor should have value of type list' },
    ])
    const ok = { '(a)': 1, '=(b)': { 'X(c)': null }, '^(d)': [{ '<(e)': 'x' }], 'x(f)': 1, '()': 2, '((g))': 3 }
    expect(loadPolicy(base({ rules: [rule({ validate: { pattern: ok } })] })).status).toBe('ok')
  })
  it('answers a hostile nest without crashing', () => {
    let deep: JsonValue = 'x'
    for (let i = 0; i < 100_000; i++) deep = [deep]
    expect(loadPolicy(base({ rules: [rule({ validate: { pattern: { spec: deep } } })] })).status).toBe('invalid')
  })
  it('never pollutes prototypes from a hostile document', () => {
    const doc = JSON.parse('{"apiVersion":"kyverno.io/v1","kind":"ClusterPolicy","metadata":{"name":"p","__proto__":{"x":1}},"spec":{"rules":[]}}')
    loadPolicy(doc)
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })
})
