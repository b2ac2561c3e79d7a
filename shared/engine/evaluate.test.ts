import { describe, expect, it } from 'vitest'
import { evaluatePolicy } from './evaluate.ts'
import { loadPolicy, type LoadedPolicy } from '../policy/load.ts'
import type { EvaluationInput } from './api.ts'
import type { JsonObject, JsonValue } from '../lib/json.ts'

function policy(rules: JsonValue[], spec: JsonObject = {}, meta: JsonObject = {}): LoadedPolicy {
  const r = loadPolicy({
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: { name: 'p', ...meta },
    spec: { background: false, ...spec, rules },
  })
  if (r.status !== 'ok') throw new Error(`policy did not load: ${JSON.stringify(r)}`)
  return r.policy
}

const pod = (spec: JsonObject = {}, meta: JsonObject = {}): JsonObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'prod', labels: { app: 'web' }, ...meta },
  spec: { containers: [{ name: 'app', image: 'nginx:1.25' }], ...spec },
})

function run(p: LoadedPolicy, object: JsonObject, extra: Partial<EvaluationInput> = {}) {
  return evaluatePolicy(p, { operation: 'CREATE', object, oldObject: null, ...extra }).rules
}
const podRule = (name: string, validate: JsonObject, more: JsonObject = {}): JsonObject => ({
  name,
  match: { any: [{ resources: { kinds: ['Pod'] } }] },
  validate,
  ...more,
})

describe('pipeline: statuses', () => {
  it('gives no response for an unmatched rule (not skip)', () => {
    const p = policy([{ name: 'svc', match: { any: [{ resources: { kinds: ['Service'] } }] }, validate: { deny: {} } }])
    expect(run(p, pod())).toEqual([])
  })
  it('deny with no conditions always fails, with the fallback message', () => {
    const [r] = run(policy([podRule('block', { deny: {} })]), pod())
    expect(r).toMatchObject({ status: 'fail', message: 'validation error: rule block failed', action: 'Audit' })
  })
  it('deny conditions false → pass with Kyverno\'s message', () => {
    const p = policy([podRule('r', { message: 'no', deny: { conditions: { any: [{ key: '{{request.object.metadata.name}}', operator: 'Equals', value: 'x' }] } } })])
    expect(run(p, pod())[0]).toMatchObject({ status: 'pass', message: "validation rule 'r' passed." })
  })
  it('substitutes variables in the deny message', () => {
    const p = policy([
      podRule('r', { message: 'pod {{request.object.metadata.name}} denied', deny: { conditions: { all: [{ key: 1, operator: 'Equals', value: 1 }] } } }),
    ])
    expect(run(p, pod())[0]).toMatchObject({ status: 'fail', message: 'pod web denied' })
  })
  it('preconditions not met → skip; any: [] is never met', () => {
    const p = policy([podRule('r', { deny: {} }, { preconditions: { any: [] } })])
    expect(run(p, pod())[0]).toMatchObject({ status: 'skip', message: 'preconditions not met' })
  })
  it('a missing key in a precondition is an error, never a silent skip', () => {
    const p = policy([podRule('r', { deny: {} }, { preconditions: { all: [{ key: '{{request.object.metadata.annotations.x}}', operator: 'Equals', value: 'y' }] } })])
    const [r] = run(p, pod())
    expect(r?.status).toBe('error')
    expect(r?.message).toMatch(/failed to evaluate preconditions: .*Unknown key "annotations"/)
  })
  it('a missing key with a || default is not an error', () => {
    const p = policy([podRule('r', { deny: {} }, { preconditions: { all: [{ key: "{{request.object.metadata.annotations.x || 'none'}}", operator: 'Equals', value: 'none' }] } })])
    expect(run(p, pod())[0]?.status).toBe('fail')
  })
  it('a pattern with a failing variable is an error', () => {
    const p = policy([podRule('r', { pattern: { metadata: { name: '{{request.object.nope}}' } } })])
    expect(run(p, pod())[0]).toMatchObject({ status: 'error' })
    expect(run(p, pod())[0]?.message).toMatch(/^variable substitution failed: /)
  })
  it('reports unsupported rule types as unsupported errors, never as pass', () => {
    const p = policy([{ name: 'm', match: { any: [{ resources: { kinds: ['Pod'] } }] }, mutate: { patchStrategicMerge: { metadata: { labels: { a: 'b' } } } } }])
    expect(run(p, pod())[0]).toMatchObject({ status: 'error', ruleType: 'mutate', unsupported: 'mutate rules' })
  })
  it('applyRules: One stops after the first pass or fail', () => {
    const p = policy([podRule('a', { deny: {} }), podRule('b', { deny: {} })], { applyRules: 'One' })
    expect(run(p, pod()).map((r) => r.rule)).toEqual(['a'])
  })
})

describe('pipeline: failure actions', () => {
  it.each([
    [{ validationFailureAction: 'enforce' }, {}, 'Enforce'],
    [{ validationFailureAction: 'Audit' }, {}, 'Audit'],
    [{}, {}, 'Audit'],
    [{ validationFailureAction: 'Audit' }, { failureAction: 'Enforce' }, 'Enforce'],
  ])('spec %j, rule %j → %s', (spec, rule, want) => {
    const p = policy([podRule('r', { deny: {}, ...rule })], spec)
    expect(run(p, pod())[0]?.action).toBe(want)
  })
})

describe('pipeline: UPDATE and existing violations', () => {
  const rule = podRule('host', { pattern: { spec: { '=(hostNetwork)': false } } })
  const bad = pod({ hostNetwork: true })
  it('Enforce: a violation the old object already had is skipped', () => {
    const p = policy([rule], { validationFailureAction: 'Enforce' })
    expect(run(p, bad, { operation: 'UPDATE', oldObject: bad })[0]).toMatchObject({
      status: 'skip',
      message: 'skipping the rule evaluation as pre-existing violations are allowed',
    })
  })
  it('Enforce: a new violation still fails', () => {
    const p = policy([rule], { validationFailureAction: 'Enforce' })
    expect(run(p, bad, { operation: 'UPDATE', oldObject: pod() })[0]?.status).toBe('fail')
  })
  it('allowExistingViolations: false keeps the failure', () => {
    const p = policy([podRule('host', { allowExistingViolations: false, pattern: { spec: { '=(hostNetwork)': false } } })], { validationFailureAction: 'Enforce' })
    expect(run(p, bad, { operation: 'UPDATE', oldObject: bad })[0]?.status).toBe('fail')
  })
  it('Audit: the failure is reported', () => {
    const p = policy([rule], { validationFailureAction: 'Audit' })
    expect(run(p, bad, { operation: 'UPDATE', oldObject: bad })[0]?.status).toBe('fail')
  })
  it('DELETE: pattern rules give no response; deny rules read the old object', () => {
    const p = policy([rule, podRule('d', { deny: { conditions: { all: [{ key: '{{request.object.metadata.name}}', operator: 'Equals', value: 'web' }] } } })])
    const rules = run(p, bad, { operation: 'DELETE', object: null, oldObject: bad } as Partial<EvaluationInput>)
    expect(rules.map((r) => [r.rule, r.status])).toEqual([['d', 'fail']])
  })
})

describe('pipeline: context entries', () => {
  it('evaluates variable entries with jmesPath and default', () => {
    const p = policy([
      podRule('r', { deny: { conditions: { all: [{ key: '{{ team }}', operator: 'Equals', value: 'none' }] } } }, {
        context: [{ name: 'team', variable: { jmesPath: 'request.object.metadata.labels.team', default: 'none' } }],
      }),
    ])
    expect(run(p, pod())[0]?.status).toBe('fail')
  })
  it('value + jmesPath', () => {
    const p = policy([
      podRule('r', { deny: { conditions: { all: [{ key: '{{ n }}', operator: 'Equals', value: 1 }] } } }, {
        context: [{ name: 'n', variable: { value: { a: 1 }, jmesPath: 'a' } }],
      }),
    ])
    expect(run(p, pod())[0]?.status).toBe('fail')
  })
  it('a failing entry that nothing references is not an error (deferred loading)', () => {
    const p = policy([podRule('r', { deny: {} }, { context: [{ name: 'unused', variable: { jmesPath: 'request.object.nope' } }] })])
    expect(run(p, pod())[0]?.status).toBe('fail')
  })
  it('a failing entry that is referenced is an error', () => {
    const p = policy([
      podRule('r', { deny: { conditions: { all: [{ key: '{{ used }}', operator: 'Equals', value: 1 }] } } }, {
        context: [{ name: 'used', variable: { jmesPath: 'request.object.nope' } }],
      }),
    ])
    expect(run(p, pod())[0]).toMatchObject({ status: 'error' })
    expect(run(p, pod())[0]?.message).toMatch(/^failed to load context/)
  })
  it('configMap entries come from supplied values (no cluster)', () => {
    const p = policy([
      podRule('r', { deny: { conditions: { all: [{ key: '{{ cm.data.env }}', operator: 'Equals', value: 'prod' }] } } }, {
        context: [{ name: 'cm', configMap: { name: 'settings', namespace: 'kube-system' } }],
      }),
    ])
    expect(run(p, pod(), { values: { global: { 'cm.data.env': 'prod' } } })[0]?.status).toBe('fail')
    expect(run(p, pod(), { values: { global: { 'cm.data.env': 'dev' } } })[0]?.status).toBe('pass')
  })
  it('rule values override global ones and dotted keys merge', () => {
    const p = policy([podRule('r', { deny: { conditions: { all: [{ key: '{{ request.object.metadata.labels.tier }}-{{ request.object.metadata.labels.app }}', operator: 'Equals', value: 'gold-web' }] } } })])
    const values = { global: { 'request.object.metadata.labels.tier': 'silver' }, rule: () => ({ 'request.object.metadata.labels.tier': 'gold' }) }
    expect(run(p, pod(), { values })[0]?.status).toBe('fail')
  })
  it('exposes serviceAccountName and userInfo when there is request info', () => {
    const p = policy([podRule('r', { deny: { conditions: { all: [{ key: '{{ serviceAccountName }}', operator: 'Equals', value: 'deployer' }] } } })])
    const user = { username: 'system:serviceaccount:ci:deployer', groups: [], roles: [], clusterRoles: [] }
    expect(run(p, pod(), { user })[0]?.status).toBe('fail')
  })
  it('exposes parsed images', () => {
    const p = policy([podRule('r', { deny: { conditions: { all: [{ key: '{{ images.containers.app.registry }}/{{ images.containers.app.tag }}', operator: 'Equals', value: 'docker.io/1.25' }] } } })])
    expect(run(p, pod())[0]?.status).toBe('fail')
  })
})

describe('pipeline: foreach', () => {
  const containers = [
    { name: 'a', image: 'nginx:1.25' },
    { name: 'b', image: 'nginx:latest' },
  ]
  const denyLatest = { list: 'request.object.spec.containers', deny: { conditions: { any: [{ key: '{{ element.image }}', operator: 'Equals', value: '*:latest' }] } } }
  it('fails on the first failing element, prefixed as Kyverno does', () => {
    const p = policy([podRule('r', { message: 'no latest', foreach: [denyLatest] })])
    expect(run(p, pod({ containers }))[0]).toMatchObject({ status: 'fail', message: 'validation failure: no latest' })
  })
  it('passes when every element passes', () => {
    const p = policy([podRule('r', { foreach: [denyLatest] })])
    expect(run(p, pod({ containers: [containers[0] as JsonObject] }))[0]).toMatchObject({ status: 'pass' })
  })
  it('a list naming a missing key is skipped, and nothing applied means no rule response', () => {
    const p = policy([podRule('r', { foreach: [{ ...denyLatest, list: 'request.object.spec.initContainers' }] })])
    expect(run(p, pod())).toEqual([])
  })
  it('elementIndex is an int64: == `0` is false, but the Equals operator matches 0', () => {
    const jmes = policy([podRule('r', { foreach: [{ list: 'request.object.spec.containers', deny: { conditions: { any: [{ key: '{{ elementIndex == `0` }}', operator: 'Equals', value: true }] } } }] })])
    expect(run(jmes, pod())[0]?.status).toBe('pass')
    const op = policy([podRule('r', { foreach: [{ list: 'request.object.spec.containers', deny: { conditions: { any: [{ key: '{{ elementIndex }}', operator: 'Equals', value: 0 }] } } }] })])
    expect(run(op, pod())[0]?.status).toBe('fail')
  })
  it('nested foreach sees element0 and element1', () => {
    const p = policy([
      podRule('r', {
        foreach: [
          {
            list: 'request.object.spec.containers',
            foreach: [{ list: 'element.ports', deny: { conditions: { any: [{ key: '{{ element0.name }}-{{ element1.containerPort }}', operator: 'Equals', value: 'a-22' }] } } }],
          },
        ],
      }),
    ])
    expect(run(p, pod({ containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 80 }, { containerPort: 22 }] }] }))[0]?.status).toBe('fail')
  })
  it('elementScope: true on a scalar element is an error', () => {
    const p = policy([podRule('r', { foreach: [{ list: 'request.object.spec.containers[].name', elementScope: true, pattern: { x: 'y' } }] })])
    expect(run(p, pod())[0]?.status).toBe('error')
  })
  it('a foreach precondition that cannot be evaluated skips the element', () => {
    const p = policy([
      podRule('r', {
        foreach: [{ ...denyLatest, preconditions: { all: [{ key: '{{ element.missing }}', operator: 'Equals', value: 'x' }] } }],
      }),
    ])
    expect(run(p, pod({ containers }))).toEqual([])
  })
  it('patterns in foreach are scoped to the element', () => {
    const p = policy([podRule('r', { foreach: [{ list: 'request.object.spec.containers', pattern: { image: '!*:latest' } }] })])
    expect(run(p, pod({ containers }))[0]?.status).toBe('fail')
  })
})

describe('pipeline: robustness', () => {
  it('never lets JMESPath reach Object.prototype', () => {
    const p = policy([podRule('r', { deny: { conditions: { all: [{ key: "{{ request.object.constructor || 'safe' }}", operator: 'Equals', value: 'safe' }] } } })])
    expect(run(p, pod())[0]?.status).toBe('fail')
  })
  it('turns a too-deep resource into an error result, not a crash', () => {
    let deep: JsonObject = { leaf: true }
    for (let i = 0; i < 300; i++) deep = { n: deep }
    const p = policy([podRule('r', { pattern: { spec: { n: { leaf: true } } } })])
    expect(run(p, pod({ n: deep }))[0]?.status).toBe('error')
  })
  it('applies a namespaced Policy only in its namespace', () => {
    const r = loadPolicy({ apiVersion: 'kyverno.io/v1', kind: 'Policy', metadata: { name: 'p', namespace: 'team-a' }, spec: { rules: [podRule('r', { deny: {} })] } })
    if (r.status !== 'ok') throw new Error('load')
    expect(run(r.policy, pod({}, { namespace: 'team-a' }))).toHaveLength(1)
    expect(run(r.policy, pod({}, { namespace: 'prod' }))).toEqual([])
  })
  it('evaluates autogen rules for controllers with Kyverno\'s names', () => {
    const p = policy([podRule('no-latest', { pattern: { spec: { containers: [{ image: '!*:latest' }] } } })])
    const deployment: JsonObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'prod' },
      spec: { template: { spec: { containers: [{ name: 'a', image: 'nginx:latest' }] } } },
    }
    expect(run(p, deployment).map((r) => [r.rule, r.status])).toEqual([['autogen-no-latest', 'fail']])
    const cron: JsonObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c', namespace: 'prod' },
      spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'a', image: 'nginx:1' }] } } } } },
    }
    expect(run(p, cron).map((r) => [r.rule, r.status])).toEqual([['autogen-cronjob-no-latest', 'pass']])
  })
})
