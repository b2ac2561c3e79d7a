import { describe, expect, it } from 'vitest'
import type { JsonObject } from '../lib/json.ts'
import { AUTOGEN_CONTROLLERS, autogenControllers, autogenVariants, canAutogen, computeRules } from './autogen.ts'

const policy = (rules: JsonObject[], annotations?: Record<string, string>): JsonObject => ({
  apiVersion: 'kyverno.io/v1',
  kind: 'ClusterPolicy',
  metadata: annotations ? { name: 'p', annotations } : { name: 'p' },
  spec: { rules },
})
const podRule = (name: string, extra: JsonObject = {}): JsonObject => ({
  name,
  match: { any: [{ resources: { kinds: ['Pod'] } }] },
  validate: { message: 'no latest', pattern: { spec: { containers: [{ image: '!*:latest' }] } } },
  ...extra,
})
const names = (rules: readonly JsonObject[]) => rules.map((r) => r.name)
const gen = (p: JsonObject, kind: string): JsonObject => {
  const rules = computeRules(p, kind)
  const out = rules[rules.length - 1]
  if (!out || !String(out.name).startsWith('autogen-')) throw new Error(`no rule generated for ${kind}: ${JSON.stringify(names(rules))}`)
  return out
}
const anyKinds = (r: JsonObject) => (r.match as { any: { resources: { kinds: string[] } }[] }).any.map((f) => f.resources.kinds)

describe('spec §3 example: check-image', () => {
  const p = policy([podRule('check-image')])
  it('a Deployment gets check-image and autogen-check-image', () => {
    const rules = computeRules(p, 'Deployment')
    expect(names(rules)).toEqual(['check-image', 'autogen-check-image'])
    expect(rules[1]).toEqual({
      name: 'autogen-check-image',
      match: { any: [{ resources: { kinds: ['apps/v1/Deployment'] } }] },
      validate: { message: 'no latest', pattern: { spec: { template: { spec: { containers: [{ image: '!*:latest' }] } } } } },
    })
  })
  it('a CronJob gets autogen-cronjob-check-image', () => {
    const rules = computeRules(p, 'CronJob')
    expect(names(rules)).toEqual(['check-image', 'autogen-cronjob-check-image'])
    expect(rules[1]).toEqual({
      name: 'autogen-cronjob-check-image',
      match: { any: [{ resources: { kinds: ['batch/v1/CronJob'] } }] },
      validate: {
        message: 'no latest',
        pattern: { spec: { jobTemplate: { spec: { template: { spec: { containers: [{ image: '!*:latest' }] } } } } } },
      },
    })
  })
  it.each([
    ['DaemonSet', 'apps/v1/DaemonSet'],
    ['Deployment', 'apps/v1/Deployment'],
    ['Job', 'batch/v1/Job'],
    ['StatefulSet', 'apps/v1/StatefulSet'],
    ['ReplicaSet', 'apps/v1/ReplicaSet'],
    ['ReplicationController', 'v1/ReplicationController'],
    ['CronJob', 'batch/v1/CronJob'],
  ])('%s → fully qualified kind %s', (kind, gvk) => expect(anyKinds(gen(p, kind))).toEqual([[gvk]]))
  it.each(['Pod', 'ConfigMap', 'CloneSet'])('kind %j outside the set keeps the original rules', (kind) => {
    expect(computeRules(p, kind)).toEqual((p.spec as { rules: JsonObject[] }).rules)
  })
  it('an empty kind returns every generated rule (policy-validation view)', () => {
    expect(names(computeRules(p, ''))).toEqual(['check-image', 'autogen-check-image', 'autogen-cronjob-check-image'])
    expect(anyKinds(computeRules(p, '')[1] as JsonObject)).toEqual([
      ['apps/v1/DaemonSet', 'apps/v1/Deployment', 'batch/v1/Job', 'apps/v1/ReplicaSet', 'v1/ReplicationController', 'apps/v1/StatefulSet'],
    ])
  })
})

describe('eligibility (§3.1): policy-wide', () => {
  const other = podRule('other')
  it.each<[string, JsonObject]>([
    ['a selector', podRule('r', { match: { any: [{ resources: { kinds: ['Pod'], selector: { matchLabels: { a: 'b' } } } }] } })],
    ['an empty selector', podRule('r', { match: { any: [{ resources: { kinds: ['Pod'], selector: {} } }] } })],
    ['a name', podRule('r', { match: { resources: { kinds: ['Pod'], name: 'web' } } })],
    ['names', podRule('r', { match: { all: [{ resources: { kinds: ['Pod'], names: ['web'] } }] } })],
    ['annotations: {}', podRule('r', { match: { any: [{ resources: { kinds: ['Pod'], annotations: {} } }] } })],
    ['kinds [Pod, Deployment]', podRule('r', { match: { any: [{ resources: { kinds: ['Pod', 'Deployment'] } }] } })],
    ['kinds [v1/Pod, Service]', podRule('r', { match: { any: [{ resources: { kinds: ['v1/Pod', 'Service'] } }] } })],
    ['a name in exclude', podRule('r', { exclude: { any: [{ resources: { names: ['skip-*'] } }] } })],
    ['annotations in legacy exclude', podRule('r', { exclude: { resources: { annotations: { 'policy.test/skip': 'yes' } } } })],
    ['a generate rule', { name: 'g', match: { any: [{ resources: { kinds: ['Namespace'] } }] }, generate: { kind: 'ConfigMap', name: 'x' } }],
    ['patchesJson6902', { name: 'm', match: { any: [{ resources: { kinds: ['Pod'] } }] }, mutate: { patchesJson6902: '- op: add' } }],
    ['patchesJson6902 in a foreach', { name: 'm', match: { any: [{ resources: { kinds: ['Pod'] } }] }, mutate: { foreach: [{ list: 'x', patchesJson6902: '- op: add' }] } }],
  ])('is disabled by %s in any rule', (_, culprit) => {
    const p = policy([other, culprit])
    expect(canAutogen(p)).toBe(false)
    expect(autogenControllers(p)).toEqual(new Set(['none']))
    expect(names(computeRules(p, 'Deployment'))).toEqual(['other', culprit.name])
    expect(names(computeRules(p, 'CronJob'))).toEqual(['other', culprit.name])
  })

  it.each<[string, JsonObject]>([
    ['empty names', podRule('r', { match: { any: [{ resources: { kinds: ['Pod'], names: [] } }] } })],
    ['an empty name', podRule('r', { match: { any: [{ resources: { kinds: ['Pod'], name: '' } }] } })],
    ['an empty generate block', podRule('r', { generate: {} })],
    ['namespaces and operations', podRule('r', { match: { any: [{ resources: { kinds: ['Pod'], namespaces: ['a'], operations: ['CREATE'] } }] } })],
    ['a namespaceSelector', podRule('r', { match: { any: [{ resources: { kinds: ['Pod'], namespaceSelector: { matchLabels: { a: 'b' } } } }] } })],
  ])('is not disabled by %s', (_, rule) => expect(canAutogen(policy([rule]))).toBe(true))

  it('`kinds:[v1/Pod]` alone does not trigger autogen, but is generated once another rule does', () => {
    const v1pod = podRule('v1pod', { match: { any: [{ resources: { kinds: ['v1/Pod'] } }] } })
    expect(canAutogen(policy([v1pod]))).toBe(false)
    expect(names(computeRules(policy([v1pod]), 'Deployment'))).toEqual(['v1pod'])
    expect(names(computeRules(policy([v1pod, podRule('plain')]), 'Deployment'))).toEqual(['v1pod', 'plain', 'autogen-v1pod', 'autogen-plain'])
  })
  it.each(['DaemonSet', 'Deployment', 'Job', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'CronJob'])(
    'a description listing exactly %s triggers autogen',
    (kind) => expect(canAutogen(policy([podRule('r', { match: { any: [{ resources: { kinds: [kind] } }] } })]))).toBe(true),
  )
  it('exclude kinds can trigger it too, and a policy with no rules cannot', () => {
    expect(canAutogen(policy([podRule('r', { match: { any: [{ resources: { kinds: ['Service'] } }] }, exclude: { any: [{ resources: { kinds: ['Pod'] } }] } })]))).toBe(true)
    expect(canAutogen(policy([]))).toBe(false)
    expect(canAutogen({ spec: { rules: 'nope' } })).toBe(false)
  })
})

describe('controller set (§3.2)', () => {
  const rules = [podRule('check-image')]
  it('defaults to all seven controllers', () => expect(autogenControllers(policy(rules))).toEqual(new Set(AUTOGEN_CONTROLLERS)))
  it.each<[string, string, string[]]>([
    ['none', 'Deployment', ['check-image']],
    ['all', 'Deployment', ['check-image']],
    ['all', 'CronJob', ['check-image']],
    ['Deployment,Job', 'Job', ['check-image', 'autogen-check-image']],
    ['Deployment, Job', 'Deployment', ['check-image', 'autogen-check-image']],
    ['Deployment, Job', 'Job', ['check-image']], // " Job" is not "Job"
    ['Deployment', 'StatefulSet', ['check-image']],
    ['CronJob', 'CronJob', ['check-image', 'autogen-cronjob-check-image']],
    ['Deployment', 'CronJob', ['check-image']],
    ['', 'Deployment', ['check-image']],
  ])('annotation %j, kind %s', (value, kind, want) =>
    expect(names(computeRules(policy(rules, { 'pod-policies.kyverno.io/autogen-controllers': value }), kind))).toEqual(want),
  )
  it('splits without trimming', () =>
    expect(autogenControllers(policy(rules, { 'pod-policies.kyverno.io/autogen-controllers': 'Deployment, Job' }))).toEqual(
      new Set(['Deployment', ' Job']),
    ))
  it('an ineligible policy stays {none} whatever the annotation says', () => {
    const p = policy([podRule('r', { match: { any: [{ resources: { kinds: ['Pod'], names: ['x'] } }] } })], {
      'pod-policies.kyverno.io/autogen-controllers': 'Deployment',
    })
    expect(autogenControllers(p)).toEqual(new Set(['none']))
    expect(names(computeRules(p, 'Deployment'))).toEqual(['r'])
  })
  it('a custom Pod-template kind listed in the annotation gets a rule with its kind as written', () => {
    const p = policy(rules, { 'pod-policies.kyverno.io/autogen-controllers': 'Deployment,CloneSet' })
    const r = gen(p, 'CloneSet')
    expect(anyKinds(r)).toEqual([['CloneSet']])
    expect(r.validate).toMatchObject({ pattern: { spec: { template: { spec: {} } } } })
  })
})

describe('which rules are generated (§3.3)', () => {
  it('skips rules without a Pod-like match kind and rules whose exclude kinds have no Pod', () => {
    const svc = { name: 'svc', match: { any: [{ resources: { kinds: ['Service'] } }] }, validate: { pattern: { spec: {} } } }
    const exCm = podRule('ex-cm', { exclude: { any: [{ resources: { kinds: ['ConfigMap'] } }] } })
    const exPod = podRule('ex-pod', { exclude: { any: [{ resources: { kinds: ['Pod'], namespaces: ['kube-system'] } }] } })
    const p = policy([svc, exCm, exPod, podRule('plain')])
    expect(names(computeRules(p, 'Deployment'))).toEqual(['svc', 'ex-cm', 'ex-pod', 'plain', 'autogen-ex-pod', 'autogen-plain'])
    const ex = gen(policy([exPod]), 'Deployment').exclude
    expect(ex).toEqual({ any: [{ resources: { kinds: ['apps/v1/Deployment'], namespaces: ['kube-system'] } }] })
  })
  it('Pod-like means the bare kind: v1/Pod, Pod/exec and Pod.status count, apps/Pod does not', () => {
    for (const k of ['v1/Pod', 'Pod/exec', 'Pod.status', '*/Pod']) {
      const p = policy([podRule('t'), podRule('r', { match: { any: [{ resources: { kinds: [k] } }] } })])
      expect(names(computeRules(p, 'Job'))).toContain('autogen-r')
    }
    const p = policy([podRule('t'), podRule('r', { match: { any: [{ resources: { kinds: ['apps/Pod'] } }] } })])
    expect(names(computeRules(p, 'Job'))).not.toContain('autogen-r')
  })
  it('keeps rule order: originals, then generated rules in rule order', () => {
    const p = policy([podRule('a'), podRule('b')])
    expect(names(computeRules(p, 'Deployment'))).toEqual(['a', 'b', 'autogen-a', 'autogen-b'])
  })
  it('drops original rules named autogen-* only when something is generated', () => {
    const stale = podRule('autogen-old')
    expect(names(computeRules(policy([podRule('a'), stale]), 'Deployment'))).toEqual(['a', 'autogen-a'])
    expect(names(computeRules(policy([podRule('a'), stale]), 'Pod'))).toEqual(['a', 'autogen-old'])
    const onlyStale = policy([stale])
    expect(names(computeRules(onlyStale, 'Deployment'))).toEqual(['autogen-old'])
  })
  it('truncates names to 63 characters, so the autogen-<rule> lookup no longer finds them', () => {
    const long = 'r'.repeat(60)
    const p = policy([podRule(long)])
    const controllers = gen(p, 'Deployment').name as string
    const cron = gen(p, 'CronJob').name as string
    expect(controllers).toBe(`autogen-${long}`.slice(0, 63))
    expect(controllers).toHaveLength(63)
    expect(cron).toBe(`autogen-cronjob-${long}`.slice(0, 63))
    expect(controllers).not.toBe(`autogen-${long}`)
  })
  it('truncates by bytes like Go, replacing a cut character', () => {
    const name = gen(policy([podRule(`${'r'.repeat(54)}é`)]), 'Deployment').name
    expect(name).toBe(`autogen-${'r'.repeat(54)}\uFFFD`)
  })
  it('rewrites the kinds of the legacy form and of any/all entries', () => {
    const legacy = gen(policy([podRule('l', { match: { resources: { kinds: ['Pod'], namespaces: ['a'] } } })]), 'Job')
    expect(legacy.match).toEqual({ resources: { kinds: ['batch/v1/Job'], namespaces: ['a'] } })
    const all = gen(policy([podRule('a', { match: { all: [{ resources: { kinds: ['Pod'] } }, { resources: { namespaces: ['x'] } }] } })]), 'Job')
    expect(all.match).toEqual({ all: [{ resources: { kinds: ['batch/v1/Job'] } }, { resources: { namespaces: ['x'] } }] })
    // the CronJob variant replaces kinds in every entry
    const cron = gen(policy([podRule('a', { match: { all: [{ resources: { kinds: ['Pod'] } }, { resources: { namespaces: ['x'] } }] } })]), 'CronJob')
    expect(cron.match).toEqual({
      all: [{ resources: { kinds: ['batch/v1/CronJob'] } }, { resources: { kinds: ['batch/v1/CronJob'], namespaces: ['x'] } }],
    })
  })
  it('legacy exclude kinds are replaced only when set', () => {
    const withKinds = gen(policy([podRule('a', { exclude: { resources: { kinds: ['Pod'], namespaces: ['kube-system'] } } })]), 'Deployment')
    expect(withKinds.exclude).toEqual({ resources: { kinds: ['apps/v1/Deployment'], namespaces: ['kube-system'] } })
    const noKinds = gen(policy([podRule('a', { exclude: { resources: { namespaces: ['kube-system'] } } })]), 'Deployment')
    expect(noKinds.exclude).toEqual({ resources: { namespaces: ['kube-system'] } })
    const cron = gen(policy([podRule('a', { exclude: { any: [{ resources: { namespaces: ['kube-system'] } }] } })]), 'CronJob')
    expect(cron.exclude).toEqual({ any: [{ resources: { kinds: ['batch/v1/CronJob'], namespaces: ['kube-system'] } }] })
  })
})
