/**
 * What the engine remembers between calls (per rule, per pattern, per resource, per input) must
 * never change an answer: the same calls give the same results as fresh ones, and an input edited
 * between calls is evaluated as it now is.
 */
import { describe, expect, it } from 'vitest'
import type { JsonObject, JsonValue } from '../lib/json.ts'
import { loadPolicy, type LoadedPolicy } from '../policy/load.ts'
import type { EvaluationInput } from './api.ts'
import { evaluatePolicy } from './evaluate.ts'

function policy(rules: JsonValue[], name = 'p'): LoadedPolicy {
  const r = loadPolicy({ apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name }, spec: { background: false, rules } })
  if (r.status !== 'ok') throw new Error(`policy did not load: ${JSON.stringify(r)}`)
  return r.policy
}

const podRule = (name: string, validate: JsonObject): JsonObject => ({ name, match: { any: [{ resources: { kinds: ['Pod'] } }] }, validate })

const pod = (image: string, labels: JsonObject = {}): JsonObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'prod', labels },
  spec: { containers: [{ name: 'app', image }] },
})

const statuses = (p: LoadedPolicy, input: EvaluationInput) => evaluatePolicy(p, input).rules.map((r) => [r.rule, r.status, r.message])

describe('an input edited between calls is evaluated as it now is', () => {
  const latest = policy([
    podRule('no-latest', { message: 'tag {{ images.containers.app.tag }}', deny: { conditions: { any: [{ key: '{{ images.containers.app.tag }}', operator: 'Equals', value: 'latest' }] } } }),
  ])

  it('images follow a container image changed in place, with the same input object', () => {
    const object = pod('nginx:1.25')
    const input: EvaluationInput = { operation: 'CREATE', object, oldObject: null }
    expect(statuses(latest, input)).toEqual([['no-latest', 'pass', "validation rule 'no-latest' passed."]])
    ;((object.spec as JsonObject).containers as JsonObject[])[0]!.image = 'nginx:latest'
    expect(statuses(latest, input)).toEqual([['no-latest', 'fail', 'tag latest']])
  })

  it('images follow a container added to the same resource, with a new input each call', () => {
    const object = pod('nginx:1.25')
    const byName = policy([
      podRule('sidecar', { deny: { conditions: { any: [{ key: "{{ images.containers.sidecar.tag || 'none' }}", operator: 'Equals', value: 'latest' }] } } }),
    ])
    expect(statuses(byName, { operation: 'CREATE', object, oldObject: null })[0]?.[1]).toBe('pass')
    ;((object.spec as JsonObject).containers as JsonObject[]).push({ name: 'sidecar', image: 'envoy' })
    expect(statuses(byName, { operation: 'CREATE', object, oldObject: null })[0]?.[1]).toBe('fail')
  })

  it('the user, operation and namespace are read afresh', () => {
    const who = policy([
      podRule('who', {
        message: '{{ request.userInfo.groups[-1] }} {{ request.operation }} {{ request.namespace }}',
        deny: {},
      }),
    ])
    const object = pod('nginx:1.25')
    const user = { username: 'alice', groups: ['dev'], roles: [], clusterRoles: [] }
    const input: EvaluationInput = { operation: 'CREATE', object, oldObject: null, user }
    expect(statuses(who, input)[0]?.[2]).toBe('dev CREATE prod')
    user.groups.push('ops')
    input.operation = 'UPDATE'
    input.oldObject = object
    ;(object.metadata as JsonObject).namespace = 'stage'
    expect(statuses(who, input)[0]?.[2]).toBe('ops UPDATE stage')
  })

  it('a resource whose kind changed is matched as its new kind', () => {
    const p = policy([podRule('pods-only', { deny: {} })])
    const object = pod('nginx:1.25')
    const input: EvaluationInput = { operation: 'CREATE', object, oldObject: null }
    expect(statuses(p, input)).toHaveLength(1)
    object.kind = 'ConfigMap'
    expect(statuses(p, input)).toHaveLength(0)
  })
})

describe('patterns are evaluated afresh for every resource', () => {
  it('metadata expansion on one resource does not carry over to the next', () => {
    const p = policy([podRule('web', { pattern: { metadata: { labels: { 'app/*': 'web' } } } })])
    const first = pod('nginx', { 'app/name': 'web' })
    const second = pod('nginx', { 'app/other': 'db' })
    expect(statuses(p, { operation: 'CREATE', object: first, oldObject: null })[0]?.[1]).toBe('pass')
    expect(statuses(p, { operation: 'CREATE', object: second, oldObject: null })).toEqual([
      ['web', 'fail', 'validation error: rule web failed at path /metadata/labels/app/other/'],
    ])
    expect(statuses(p, { operation: 'CREATE', object: first, oldObject: null })[0]?.[1]).toBe('pass')
  })

  it('a pattern shared by array elements sees the first element\'s expansion, within one evaluation only', () => {
    const list = policy([
      {
        name: 'items',
        match: { any: [{ resources: { kinds: ['List'] } }] },
        validate: { pattern: { items: [{ metadata: { labels: { 'app/*': 'x' } } }] } },
      },
    ])
    const object = (a: string, b: string): JsonObject => ({
      apiVersion: 'v1',
      kind: 'List',
      items: [{ metadata: { labels: { [a]: 'x' } } }, { metadata: { labels: { [b]: 'x' } } }],
    })
    const message = (o: JsonObject) => statuses(list, { operation: 'CREATE', object: o, oldObject: null })[0]?.[2]
    // Element 0 expands app/* to its own key; element 1 then looks that key up literally (Kyverno's behaviour).
    expect(message(object('app/a', 'app/b'))).toBe('validation error: rule items failed at path /items/1/metadata/labels/app/a/')
    expect(message(object('app/c', 'app/d'))).toBe('validation error: rule items failed at path /items/1/metadata/labels/app/c/')
  })
})

describe('rules that select by kind alone', () => {
  it('are matched per kind, subresource and operation', () => {
    const p = policy([
      { name: 'create-pods', match: { any: [{ resources: { kinds: ['Pod'], operations: ['CREATE'] } }] }, validate: { deny: {} } },
    ])
    const object = pod('nginx')
    expect(statuses(p, { operation: 'CREATE', object, oldObject: null })).toHaveLength(1)
    expect(statuses(p, { operation: 'UPDATE', object, oldObject: object })).toHaveLength(0)
    expect(statuses(p, { operation: 'CREATE', object, oldObject: null, subresource: 'status' })).toHaveLength(0)
    expect(statuses(p, { operation: 'CREATE', object: { ...object, kind: 'Service' }, oldObject: null })).toHaveLength(0)
    expect(statuses(p, { operation: 'CREATE', object, oldObject: null })).toHaveLength(1)
  })
})

describe('podSecurity rules of one policy share check runs', () => {
  const controls = ['Privileged Containers', 'Capabilities', 'Running as Non-root', 'Seccomp']
  // One rule per control, each excluding the others (as the library's per-control set is written).
  const perControl = policy(
    controls.map((c, i) => ({
      name: `control-${i}`,
      match: { any: [{ resources: { kinds: ['Pod'] } }] },
      validate: { podSecurity: { level: 'restricted', version: 'latest', exclude: controls.filter((o) => o !== c).flatMap((o): JsonObject[] => [{ controlName: o }, { controlName: o, images: ['*'] }]) } },
    })),
  )
  const alone = controls.map((_, i) => policy([perControl.doc.spec.rules[i] as unknown as JsonValue], `alone-${i}`))
  const pods: JsonObject[] = [
    pod('nginx'),
    { ...pod('nginx'), spec: { containers: [{ name: 'app', image: 'nginx', securityContext: { privileged: true, capabilities: { add: ['NET_ADMIN'] } } }] } },
    {
      ...pod('nginx'),
      spec: {
        securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [{ name: 'app', image: 'nginx', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
      },
    },
  ]

  it('and decide exactly as each rule evaluated on its own', () => {
    for (const object of pods) {
      const together = statuses(perControl, { operation: 'CREATE', object, oldObject: null })
      const separately = alone.flatMap((p) => statuses(p, { operation: 'CREATE', object, oldObject: null }))
      expect(together).toEqual(separately)
      expect(together).toHaveLength(controls.length)
    }
  })
})
