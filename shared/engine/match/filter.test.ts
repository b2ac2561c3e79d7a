import { describe, expect, it } from 'vitest'
import type { Operation } from '../api.ts'
import type { JsonObject } from '../../lib/json.ts'
import type { ResourceDescription } from '../../policy/match.ts'
import { matchesRule } from './rule.ts'
import { anyOf, namespace, obj, pod, res, user } from './testing.ts'

const sees = (rd: ResourceDescription, resource: JsonObject, extra: { operation?: Operation; namespaceLabels?: Record<string, string> } = {}) =>
  matchesRule(anyOf(res(rd)), { resource, operation: extra.operation ?? 'CREATE', namespaceLabels: extra.namespaceLabels })

describe('operations', () => {
  it.each([
    [['CREATE'], 'CREATE', true],
    [['UPDATE'], 'CREATE', false], // §2.5: default run (CREATE) → no response
    [['CREATE', 'UPDATE'], 'UPDATE', true],
    [['DELETE'], 'DELETE', true],
    [['CONNECT'], 'CREATE', false],
  ] as const)('%j on %s → %s', (ops, op, want) =>
    expect(sees({ kinds: ['Pod'], operations: [...ops] }, pod(), { operation: op })).toBe(want),
  )
  it('absent operations match every operation', () => {
    for (const op of ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'] as const) expect(sees({ kinds: ['Pod'] }, pod(), { operation: op })).toBe(true)
  })
})

describe('name / names', () => {
  it.each([
    [{ name: 'web' }, pod(), true],
    [{ name: 'w?b' }, pod(), true],
    [{ name: 'w?' }, pod(), false],
    [{ name: 'api' }, pod(), false],
    [{ names: ['api', 'we*'] }, pod(), true],
    [{ names: ['api', 'db'] }, pod(), false],
    // generateName fallback when the name is empty
    [{ names: ['web-*'] }, pod({ name: '', generateName: 'web-' }), true],
    [{ name: 'web-' }, pod({ name: '', generateName: 'web-' }), true],
    [{ names: ['web-*'] }, pod({ name: 'other', generateName: 'web-' }), false],
    // an empty pattern matches only the empty name
    [{ names: [''] }, pod({ name: '' }), true],
    [{ names: [''] }, pod(), false],
    // `name: ""` is Go's zero value: no name filter at all
    [{ kinds: ['Pod'], name: '' }, pod(), true],
  ])('%j on %j → %s', (rd, resource, want) => expect(sees(rd, resource)).toBe(want))
})

describe('namespaces', () => {
  it.each([
    [['prod-*'], pod({ namespace: 'prod-eu' }), true],
    [['prod-*'], pod({ namespace: 'dev' }), false],
    [['prod-??'], pod({ namespace: 'prod-eu' }), true],
    [['prod-?'], pod({ namespace: 'prod-eu' }), false],
    [['default'], obj('v1', 'Node', { name: 'n1' }), false], // cluster-scoped: namespace ''
    // a Namespace is matched on its own name
    [['team-a'], namespace('team-a'), true],
    [['team-*'], namespace('team-b'), true],
    [['default'], namespace('team-a'), false],
  ])('%j on %j → %s', (namespaces, resource, want) => expect(sees({ namespaces }, resource)).toBe(want))
})

describe('annotations (wildcards in keys and values)', () => {
  const annotated = pod({ annotations: { 'policy.test/skip': 'yes', 'team.example.com/owner': 'alice' } })
  it.each([
    [{ 'policy.test/skip': 'yes' }, true],
    [{ 'policy.test/*': 'y?s' }, true],
    [{ '*/owner': 'a*' }, true],
    [{ 'policy.test?skip': 'yes' }, true], // `?` matches exactly one character, `/` included
    [{ 'policy.tes?skip': 'yes' }, false],
    [{ 'policy.test/skip': 'no' }, false],
    [{ 'policy.test/skip': 'yes', 'team.example.com/owner': 'bob' }, false], // every entry must be found
    [{ missing: '*' }, false],
  ])('%j → %s', (annotations, want) => expect(sees({ annotations }, annotated)).toBe(want))
  it('an empty map filters nothing', () => expect(sees({ kinds: ['Pod'], annotations: {} }, pod())).toBe(true))
  it('a non-string annotation makes the whole map unreadable (no annotations)', () => {
    const odd: JsonObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', annotations: { a: 'b', n: 1 } } }
    expect(sees({ annotations: { a: 'b' } }, odd)).toBe(false)
  })
})

describe('selector', () => {
  const labelled = pod({ labels: { app: 'web', 'app.kubernetes.io/name': 'shop', tier: 'frontend' } })
  it.each([
    [{}, labelled, true], // {} matches everything
    [{}, pod(), true],
    [{ matchLabels: { app: 'web' } }, labelled, true],
    [{ matchLabels: { app: 'db' } }, labelled, false],
    // wildcard keys and values are replaced by the first matching label
    [{ matchLabels: { 'app.kubernetes.io/*': '*' } }, labelled, true],
    [{ matchLabels: { app: 'w?b' } }, labelled, true],
    [{ matchLabels: { '*': '*' } }, labelled, true],
    // with no matching label each wildcard character becomes 0: "*":"*" does not match an empty set
    [{ matchLabels: { '*': '*' } }, pod(), false],
    [{ matchLabels: { 'app*': '*' } }, pod({ labels: { app0: '0' } }), true],
    [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend', 'backend'] }] }, labelled, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['frontend'] }] }, labelled, false],
    [{ matchExpressions: [{ key: 'missing', operator: 'NotIn', values: ['x'] }] }, labelled, true],
    [{ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, labelled, true],
    [{ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, labelled, false],
    [{ matchExpressions: [{ key: 'gone', operator: 'DoesNotExist' }] }, labelled, true],
    [{ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend'] }] }, labelled, false],
  ] as const)('%j on %j → %s', (selector, resource, want) =>
    expect(sees({ selector: JSON.parse(JSON.stringify(selector)) }, resource)).toBe(want),
  )

  it.each([
    [{ matchExpressions: [{ key: 'app', operator: 'In', values: [] }] }], // In needs values
    [{ matchExpressions: [{ key: 'app', operator: 'Exists', values: ['web'] }] }], // Exists takes none
    [{ matchLabels: { 'bad key': 'web' } }],
    [{ matchLabels: { app: 'has space' } }],
    [{ matchExpressions: [{ key: 'app', operator: 'In', values: ['*'] }] }], // no wildcard expansion in expressions
    [{ matchLabels: { 'a/b/c': 'x' } }],
  ])('a malformed selector makes the filter fail: %j', (selector) =>
    expect(sees({ selector: JSON.parse(JSON.stringify(selector)) }, pod({ labels: { app: 'web' } }))).toBe(false),
  )
})

describe('namespaceSelector', () => {
  it('never matches a Namespace, even with {}', () => {
    expect(sees({ namespaceSelector: {} }, namespace('team-a', { env: 'prod' }), { namespaceLabels: { env: 'prod' } })).toBe(false)
    expect(sees({ kinds: ['Namespace'] }, namespace('team-a'))).toBe(true)
  })
  it('is evaluated on the labels of the resource namespace', () => {
    const sel = { namespaceSelector: { matchExpressions: [{ key: 'type', operator: 'In' as const, values: ['connector', 'compute'] }] } }
    expect(sees(sel, pod(), { namespaceLabels: { type: 'compute' } })).toBe(true)
    expect(sees(sel, pod(), { namespaceLabels: { type: 'web' } })).toBe(false)
  })
  it('with no labels, {} matches and matchLabels fails', () => {
    expect(sees({ namespaceSelector: {} }, pod())).toBe(true)
    expect(sees({ namespaceSelector: { matchLabels: { env: 'prod' } } }, pod())).toBe(false)
    expect(sees({ namespaceSelector: { matchLabels: { env: '*' } } }, pod())).toBe(false)
    expect(sees({ namespaceSelector: { matchLabels: { env: '*' } } }, pod(), { namespaceLabels: { env: 'x' } })).toBe(true)
  })
  it('is skipped for a kind-less object unless kinds lists *', () => {
    const kindless: JsonObject = { apiVersion: 'v1', metadata: { name: 'x' } }
    expect(sees({ namespaceSelector: { matchLabels: { env: 'prod' } } }, kindless)).toBe(true)
    expect(sees({ kinds: ['*'], namespaceSelector: { matchLabels: { env: 'prod' } } }, kindless)).toBe(false)
  })
})

describe('user info (with request info)', () => {
  const u = user({
    username: 'system:serviceaccount:ci:deployer',
    groups: ['system:authenticated', 'devs'],
    roles: ['team-a:editor'],
    clusterRoles: ['view', 'cluster-admin'],
  })
  const sees2 = (f: Parameters<typeof res>[1]) => matchesRule(anyOf(res({ kinds: ['Pod'] }, f)), { resource: pod(), operation: 'CREATE', user: u })
  it.each([
    [{ roles: ['team-a:editor'] }, true],
    [{ roles: ['team-a:*'] }, false], // exact, no wildcards
    [{ roles: ['other:editor'] }, false],
    [{ clusterRoles: ['cluster-admin'] }, true],
    [{ clusterRoles: ['cluster-*'] }, false],
    [{ clusterRoles: ['edit', 'view'] }, true],
    [{ subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' }] }, true],
    [{ subjects: [{ kind: 'ServiceAccount', name: '*', namespace: 'ci' }] }, true],
    [{ subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace: 'prod' }] }, false],
    [{ subjects: [{ kind: 'Group', name: 'dev?' }] }, true],
    [{ subjects: [{ kind: 'Group', name: 'ops' }] }, false],
    [{ subjects: [{ kind: 'User', name: 'system:serviceaccount:ci:*' }] }, true],
    [{ subjects: [{ kind: 'User', name: 'alice' }] }, false],
    [{ subjects: [{ kind: 'User', name: 'alice' }, { kind: 'Group', name: 'devs' }] }, true], // any subject
    [{ roles: ['team-a:editor'], clusterRoles: ['edit'] }, false], // every present part must hold
  ] as const)('%j → %s', (f, want) => expect(sees2(JSON.parse(JSON.stringify(f)))).toBe(want))
})
