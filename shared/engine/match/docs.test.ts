/**
 * The examples of Kyverno's "Selecting Resources" documentation (writing-policies/match-exclude),
 * parsed through the schema and matched.
 */
import { describe, expect, it } from 'vitest'
import type { Operation, RequestUser } from '../api.ts'
import type { JsonObject } from '../../lib/json.ts'
import { MatchResources } from '../../policy/match.ts'
import { matchesRule } from './rule.ts'
import { obj, pod, user } from './testing.ts'

function ruleOf(raw: { match: unknown; exclude?: unknown }) {
  return { match: MatchResources.parse(raw.match), exclude: raw.exclude === undefined ? undefined : MatchResources.parse(raw.exclude) }
}
const run = (r: ReturnType<typeof ruleOf>, resource: JsonObject, extra: { operation?: Operation; user?: RequestUser; namespaceLabels?: Record<string, string> } = {}) =>
  matchesRule(r, { resource, operation: extra.operation ?? 'CREATE', user: extra.user, namespaceLabels: extra.namespaceLabels })

const service = (name: string, namespace: string) => obj('v1', 'Service', { name, namespace })

describe('Match statements', () => {
  it('Service named staging OR Service in prod, on CREATE', () => {
    const r = ruleOf({
      match: {
        any: [
          { resources: { kinds: ['Service'], names: ['staging'], operations: ['CREATE'] } },
          { resources: { kinds: ['Service'], namespaces: ['prod'], operations: ['CREATE'] } },
        ],
      },
    })
    expect(run(r, service('staging', 'dev'))).toBe(true)
    expect(run(r, service('api', 'prod'))).toBe(true)
    expect(run(r, service('api', 'dev'))).toBe(false)
    expect(run(r, service('staging', 'dev'), { operation: 'UPDATE' })).toBe(false)
    expect(run(r, pod({ name: 'staging' }))).toBe(false)
  })

  it('names prod-*/staging OR any Service created by dave', () => {
    const r = ruleOf({
      match: {
        any: [
          { resources: { names: ['prod-*', 'staging'], kinds: ['Service'], operations: ['CREATE'] } },
          { resources: { kinds: ['Service'], operations: ['CREATE'] }, subjects: [{ kind: 'User', name: 'dave' }] },
        ],
      },
    })
    const alice = user({ username: 'alice' })
    const dave = user({ username: 'dave' })
    expect(run(r, service('prod-api', 'x'), { user: alice })).toBe(true)
    expect(run(r, service('dev-api', 'x'), { user: alice })).toBe(false)
    expect(run(r, service('dev-api', 'x'), { user: dave })).toBe(true)
    // without request info the subject is ignored, so the second filter selects every Service
    expect(run(r, service('dev-api', 'x'))).toBe(true)
  })

  it('GVK format tells NetworkPolicy kinds of different groups apart', () => {
    const k8s = obj('networking.k8s.io/v1', 'NetworkPolicy', { name: 'np', namespace: 'a' })
    const antrea = obj('crd.antrea.io/v1alpha1', 'NetworkPolicy', { name: 'np', namespace: 'a' })
    const byGvk = ruleOf({ match: { any: [{ resources: { kinds: ['networking.k8s.io/v1/NetworkPolicy'] } }] } })
    const byVersion = ruleOf({ match: { any: [{ resources: { kinds: ['v1/NetworkPolicy'] } }] } })
    const antreaOnly = ruleOf({ match: { any: [{ resources: { kinds: ['crd.antrea.io/v1alpha1/NetworkPolicy'] } }] } })
    expect([run(byGvk, k8s), run(byGvk, antrea)]).toEqual([true, false])
    expect([run(byVersion, k8s), run(byVersion, antrea)]).toEqual([true, false])
    expect([run(antreaOnly, k8s), run(antreaOnly, antrea)]).toEqual([false, true])
  })

  it('wildcard kind formats Group/*/Kind, Group/*/*, */Kind and *', () => {
    const deploy = obj('apps/v1', 'Deployment', { name: 'd', namespace: 'a' })
    const cm = obj('v1', 'ConfigMap', { name: 'c', namespace: 'a' })
    const cases: [string, JsonObject, boolean][] = [
      ['apps/*/Deployment', deploy, true],
      ['apps/*/*', deploy, true],
      ['apps/*/*', cm, false],
      ['*/Deployment', deploy, true],
      ['*', cm, true],
    ]
    for (const [kind, resource, want] of cases) expect(run(ruleOf({ match: { any: [{ resources: { kinds: [kind] } }] } }), resource)).toBe(want)
  })

  it('subresources with `/` or `.`, alone or with group and version', () => {
    const p = pod()
    const node = obj('v1', 'Node', { name: 'n' })
    const deploy = obj('apps/v1', 'Deployment', { name: 'd', namespace: 'a' })
    const sub = (kind: string, resource: JsonObject, subresource: string) =>
      matchesRule(ruleOf({ match: { any: [{ resources: { kinds: [kind] } }] } }), { resource, operation: 'CREATE', subresource })
    expect(sub('Pod/status', p, 'status')).toBe(true)
    expect(sub('Pod.status', p, 'status')).toBe(true)
    expect(sub('Pods/status', p, 'status')).toBe(false) // the docs' "Pods" is not the kind name
    expect(sub('v1/Pod.eviction', p, 'eviction')).toBe(true)
    expect(sub('apps/v1/Deployment/scale', deploy, 'scale')).toBe(true)
    expect(sub('*/Node/status', node, 'status')).toBe(true)
    expect(sub('*/Node/status', node, '')).toBe(false)
  })

  it('every kind, on CREATE (require-labels)', () => {
    const r = ruleOf({ match: { any: [{ resources: { kinds: ['*'], operations: ['CREATE'] } }] } })
    expect(run(r, obj('v1', 'ConfigMap', { name: 'c', namespace: 'a' }))).toBe(true)
    expect(run(r, obj('example.com/v1', 'Widget', { name: 'w', namespace: 'a' }))).toBe(true)
    expect(run(r, pod(), { operation: 'DELETE' })).toBe(false)
  })

  it('a Deployment or StatefulSet labelled app=critical', () => {
    const r = ruleOf({
      match: { any: [{ resources: { kinds: ['Deployment', 'StatefulSet'], operations: ['CREATE', 'UPDATE'], selector: { matchLabels: { app: 'critical' } } } }] },
    })
    expect(run(r, obj('apps/v1', 'StatefulSet', { name: 's', namespace: 'a', labels: { app: 'critical' } }))).toBe(true)
    expect(run(r, obj('apps/v1', 'Deployment', { name: 'd', namespace: 'a', labels: { app: 'other' } }))).toBe(false)
    expect(run(r, pod({ labels: { app: 'critical' } }))).toBe(false)
  })

  it('the advanced match statement', () => {
    const r = ruleOf({
      match: {
        any: [
          {
            resources: {
              kinds: ['Deployment', 'StatefulSet'],
              names: ['mongo*', 'postgres*'],
              operations: ['CREATE', 'UPDATE'],
              namespaces: ['dev*', 'test'],
              selector: { matchLabels: { app: 'mongodb' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['database'] }] },
            },
            subjects: [{ kind: 'User', name: 'mary@somecorp.com' }],
            clusterRoles: ['cluster-admin'],
          },
        ],
      },
    })
    const db = obj('apps/v1', 'StatefulSet', { name: 'mongo-0', namespace: 'dev-1', labels: { app: 'mongodb', tier: 'database' } })
    const mary = user({ username: 'mary@somecorp.com', clusterRoles: ['cluster-admin'] })
    expect(run(r, db, { user: mary })).toBe(true)
    expect(run(r, db, { user: user({ username: 'mary@somecorp.com', clusterRoles: ['view'] }) })).toBe(false)
    expect(run(r, db, { user: user({ username: 'bob', clusterRoles: ['cluster-admin'] }) })).toBe(false)
    expect(run(r, db)).toBe(true) // no request info: user info ignored
    expect(run(r, { ...db, metadata: { name: 'mongo-0', namespace: 'prod', labels: { app: 'mongodb', tier: 'database' } } })).toBe(false)
    expect(run(r, { ...db, metadata: { name: 'redis', namespace: 'test', labels: { app: 'mongodb', tier: 'database' } } })).toBe(false)
    expect(run(r, { ...db, metadata: { name: 'postgres', namespace: 'test', labels: { app: 'mongodb', tier: 'cache' } } })).toBe(false)
  })

  it('Deployments in Namespaces labelled type=connector or type=compute', () => {
    const r = ruleOf({
      match: {
        any: [{ resources: { kinds: ['Deployment'], operations: ['CREATE', 'UPDATE'], namespaceSelector: { matchExpressions: [{ key: 'type', operator: 'In', values: ['connector', 'compute'] }] } } }],
      },
    })
    const d = obj('apps/v1', 'Deployment', { name: 'd', namespace: 'a' })
    expect(run(r, d, { namespaceLabels: { type: 'connector' } })).toBe(true)
    expect(run(r, d, { namespaceLabels: { type: 'storage' } })).toBe(false)
    expect(run(r, d)).toBe(false)
  })

  it('all Pods having the imageregistry annotation', () => {
    const r = ruleOf({
      match: { any: [{ resources: { annotations: { imageregistry: 'https://hub.docker.com/' }, kinds: ['Pod'], operations: ['CREATE', 'UPDATE'] } }] },
    })
    expect(run(r, pod({ annotations: { imageregistry: 'https://hub.docker.com/' } }))).toBe(true)
    expect(run(r, pod({ annotations: { imageregistry: 'https://quay.io/' } }))).toBe(false)
  })
})

describe('Combining match and exclude', () => {
  const pods = { any: [{ resources: { kinds: ['Pod'], operations: ['CREATE', 'UPDATE'] } }] }
  it('all Pods except those created with the cluster-admin ClusterRole', () => {
    const r = ruleOf({ match: pods, exclude: { any: [{ clusterRoles: ['cluster-admin'] }] } })
    expect(run(r, pod(), { user: user({ username: 'root', clusterRoles: ['cluster-admin'] }) })).toBe(false)
    expect(run(r, pod(), { user: user({ username: 'dev', clusterRoles: ['edit'] }) })).toBe(true)
    expect(run(r, pod())).toBe(true) // CLI without userinfo: the exclusion never fires
  })

  it('all Pods except those in kube-system', () => {
    const r = ruleOf({ match: pods, exclude: { any: [{ resources: { namespaces: ['kube-system'] } }] } })
    expect(run(r, pod({ namespace: 'kube-system' }))).toBe(false)
    expect(run(r, pod({ namespace: 'default' }))).toBe(true)
  })

  it('match a label and exclude users and roles (the docs write `kind:`, which the strict schema rejects)', () => {
    const typo = { any: [{ resources: { kind: ['Pod'], operations: ['CREATE', 'UPDATE'], selector: { matchLabels: { app: 'critical' } } } }] }
    const parsed = MatchResources.safeParse(typo)
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['kind'], path: ['any', 0, 'resources'] })

    const r = ruleOf({
      match: { any: [{ resources: { kinds: ['Pod'], operations: ['CREATE', 'UPDATE'], selector: { matchLabels: { app: 'critical' } } } }] },
      exclude: { any: [{ clusterRoles: ['cluster-admin'] }, { subjects: [{ kind: 'User', name: 'John' }] }] },
    })
    const critical = pod({ labels: { app: 'critical' } })
    expect(run(r, critical, { user: user({ username: 'John' }) })).toBe(false)
    expect(run(r, critical, { user: user({ username: 'x', clusterRoles: ['cluster-admin'] }) })).toBe(false)
    expect(run(r, critical, { user: user({ username: 'Jane' }) })).toBe(true)
    expect(run(r, pod({ labels: { app: 'other' } }), { user: user({ username: 'Jane' }) })).toBe(false)
  })

  it('match a label (all) and exclude several users', () => {
    const r = ruleOf({
      match: { all: [{ resources: { kinds: ['Pod'], operations: ['CREATE', 'UPDATE'], selector: { matchLabels: { app: 'critical' } } } }] },
      exclude: { any: [{ subjects: [{ kind: 'User', name: 'susan' }, { kind: 'User', name: 'dave' }] }] },
    })
    const critical = pod({ labels: { app: 'critical' } })
    expect(run(r, critical, { user: user({ username: 'susan' }) })).toBe(false)
    expect(run(r, critical, { user: user({ username: 'dave' }) })).toBe(false)
    expect(run(r, critical, { user: user({ username: 'erin' }) })).toBe(true)
  })
})
