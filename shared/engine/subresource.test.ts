/**
 * Subresource requests (`pods/exec`, `deployments/scale`): rules are matched as the parent kind
 * plus the subresource, whatever object the request carries, and the context exposes the
 * request's own kind, resource, subresource and name as Kyverno's does.
 */
import { describe, expect, it } from 'vitest'
import type { JsonObject, JsonValue } from '../lib/json.ts'
import { loadPolicy, type LoadedPolicy } from '../policy/load.ts'
import type { EvaluationInput } from './api.ts'
import { evaluatePolicy } from './evaluate.ts'

function policy(rules: JsonValue[]): LoadedPolicy {
  const r = loadPolicy({ apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name: 'exec' }, spec: { background: false, rules } })
  if (r.status !== 'ok') throw new Error(`policy did not load: ${JSON.stringify(r)}`)
  return r.policy
}

const rule = (name: string, kinds: string[], validate: JsonObject): JsonObject => ({ name, match: { any: [{ resources: { kinds } }] }, validate })

const execOptions: JsonObject = { apiVersion: 'v1', kind: 'PodExecOptions', command: ['sh'], container: 'app', stdin: true, tty: true }

const execInput = (extra: Partial<EvaluationInput> = {}): EvaluationInput => ({
  operation: 'CONNECT',
  object: execOptions,
  oldObject: null,
  gvk: { group: '', version: 'v1', kind: 'Pod' },
  subresource: 'exec',
  admission: { kind: { group: '', version: 'v1', kind: 'PodExecOptions' }, resource: { group: '', version: 'v1', resource: 'pods' }, name: 'web' },
  ...extra,
})

describe('matching a subresource request as its parent kind', () => {
  const p = policy([rule('no-exec', ['Pod/exec'], { message: 'exec is not allowed', deny: {} }), rule('pods', ['Pod'], { deny: {} })])

  it('a Pod/exec rule applies to the PodExecOptions object; a plain Pod rule does not', () => {
    expect(evaluatePolicy(p, execInput()).rules.map((r) => [r.rule, r.status, r.message])).toEqual([['no-exec', 'fail', 'exec is not allowed']])
  })

  it('without the parent kind the request is matched as the object it carries', () => {
    expect(evaluatePolicy(p, execInput({ gvk: undefined })).rules).toEqual([])
  })

  it('a Pod itself still meets the Pod rule and not the exec one', () => {
    const pod: JsonObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'prod' }, spec: { containers: [] } }
    expect(evaluatePolicy(p, { operation: 'CREATE', object: pod, oldObject: null }).rules.map((r) => r.rule)).toEqual(['pods'])
  })
})

describe('the request as the context exposes it', () => {
  const p = policy([
    rule('shows', ['Pod/exec'], {
      message: '{{ request.kind.kind }} {{ request.resource.resource }}/{{ request.subResource }} {{ request.name }}',
      deny: { conditions: { all: [{ key: '{{ request.object.tty }}', operator: 'Equals', value: true }] } },
    }),
  ])

  it('has the request kind, resource, subresource and name', () => {
    expect(evaluatePolicy(p, execInput()).rules[0]).toMatchObject({ status: 'fail', message: 'PodExecOptions pods/exec web' })
  })

  it('has none of them when the input does not say (kyverno test)', () => {
    const q = policy([
      rule('reads', ['PodExecOptions'], {
        message: "{{ request.kind.kind || 'none' }} {{ request.subResource || 'none' }} {{ request.name || 'none' }}",
        deny: {},
      }),
    ])
    const plain: EvaluationInput = { operation: 'CONNECT', object: execOptions, oldObject: null }
    expect(evaluatePolicy(q, plain).rules[0]).toMatchObject({ status: 'fail', message: 'none none none' })
    expect(evaluatePolicy(q, { ...plain, subresource: 'exec' }).rules).toEqual([])
  })
})
