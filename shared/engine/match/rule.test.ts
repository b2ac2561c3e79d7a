import { describe, expect, it } from 'vitest'
import type { JsonObject } from '../../lib/json.ts'
import type { MatchResources } from '../../policy/match.ts'
import { matchesRule, ruleApplies, type MatchRequest, type RuleSelection } from './rule.ts'
import { anyOf, obj, pod, res, user } from './testing.ts'

const create = (resource: JsonObject | null, extra: Partial<MatchRequest> = {}): MatchRequest => ({ resource, operation: 'CREATE', ...extra })
const rule = (match: MatchResources, exclude?: MatchResources): RuleSelection => ({ match, exclude })

describe('spec §2.5 examples', () => {
  const prod = anyOf(res({ kinds: ['Pod'], namespaces: ['prod-*'] }))
  it('any[{kinds:[Pod], namespaces:[prod-*]}]: prod-eu matches, dev does not', () => {
    expect(matchesRule(prod, create(pod({ namespace: 'prod-eu' })))).toBe(true)
    expect(matchesRule(prod, create(pod({ namespace: 'dev' })))).toBe(false)
  })
  it('exclude.any[{clusterRoles:[cluster-admin]}] without userinfo: the rule still applies', () => {
    const r = rule({ any: [{ resources: { kinds: ['Pod'] } }] }, { any: [{ clusterRoles: ['cluster-admin'] }] })
    expect(matchesRule(r, create(pod()))).toBe(true)
    expect(matchesRule(r, create(pod(), { user: user({ username: 'u', clusterRoles: ['cluster-admin'] }) }))).toBe(false)
  })
  it('any[{kinds:[Pod], clusterRoles:[admin]}]: every Pod without userinfo, none with userinfo lacking clusterRoles', () => {
    const r = anyOf(res({ kinds: ['Pod'] }, { clusterRoles: ['admin'] }))
    expect(matchesRule(r, create(pod()))).toBe(true)
    expect(matchesRule(r, create(pod(), { user: user({ username: 'alice', groups: ['devs'] }) }))).toBe(false)
    expect(matchesRule(r, create(pod(), { user: user({ username: 'alice', clusterRoles: ['admin'] }) }))).toBe(true)
  })
  it('any[{kinds:[Pod], operations:[UPDATE]}] in a default (CREATE) run: no match', () => {
    expect(matchesRule(anyOf(res({ kinds: ['Pod'], operations: ['UPDATE'] })), create(pod()))).toBe(false)
  })
})

describe('match', () => {
  const p = pod({ namespace: 'prod', labels: { app: 'web' } })
  it.each<[string, MatchResources, boolean]>([
    ['any: one filter suffices', { any: [{ resources: { kinds: ['Service'] } }, { resources: { kinds: ['Pod'] } }] }, true],
    ['any: none matches', { any: [{ resources: { kinds: ['Service'] } }, { resources: { namespaces: ['dev'] } }] }, false],
    ['any: an empty filter fails', { any: [{}] }, false],
    ['any: an empty filter does not block another', { any: [{}, { resources: { kinds: ['Pod'] } }] }, true],
    ['all: every filter', { all: [{ resources: { kinds: ['Pod'] } }, { resources: { namespaces: ['prod'] } }] }, true],
    ['all: one fails', { all: [{ resources: { kinds: ['Pod'] } }, { resources: { namespaces: ['dev'] } }] }, false],
    ['all: an empty filter fails', { all: [{ resources: { kinds: ['Pod'] } }, {}] }, false],
    ['any wins over all', { any: [{ resources: { kinds: ['Pod'] } }], all: [{ resources: { kinds: ['Service'] } }] }, true],
    ['empty any falls through to all', { any: [], all: [{ resources: { kinds: ['Pod'] } }] }, true],
    ['legacy flat form', { resources: { kinds: ['Pod'], selector: { matchLabels: { app: 'web' } } } }, true],
    ['legacy flat form, no match', { resources: { kinds: ['Pod'], namespaces: ['dev'] } }, false],
    ['empty legacy block matches nothing', {}, false],
    ['legacy with an empty description', { resources: {} }, false],
    ['legacy resources ignored when any is set', { any: [{ resources: { kinds: ['Pod'] } }], resources: { kinds: ['Service'] } }, true],
    ['an empty kinds list is present but filters nothing', { any: [{ resources: { kinds: [] } }] }, true],
  ])('%s', (_, match, want) => expect(matchesRule(rule(match), create(p))).toBe(want))

  it('without request info, a user-info-only filter matches nothing', () => {
    expect(matchesRule(rule({ any: [{ subjects: [{ kind: 'User', name: '*' }] }] }), create(pod()))).toBe(false)
    expect(matchesRule(rule({ roles: ['ns:r'] }), create(pod()))).toBe(false)
    expect(matchesRule(rule({ resources: { kinds: ['Pod'] }, roles: ['ns:r'] }), create(pod()))).toBe(true)
  })
  it('an all-empty user counts as no request info', () => {
    expect(matchesRule(anyOf(res({ kinds: ['Pod'] }, { roles: ['a:b'] })), create(pod(), { user: user({}) }))).toBe(true)
  })
  it('with request info, user info is checked', () => {
    const r = rule({ any: [{ subjects: [{ kind: 'User', name: 'alice' }] }] })
    expect(matchesRule(r, create(pod(), { user: user({ username: 'alice' }) }))).toBe(true)
    expect(matchesRule(r, create(pod(), { user: user({ username: 'bob' }) }))).toBe(false)
  })
  it('an empty resource never matches', () => {
    expect(matchesRule(anyOf(res({ kinds: ['*'] })), create(null))).toBe(false)
    expect(matchesRule(anyOf(res({ kinds: ['*'] })), create({}))).toBe(false)
  })
  it('the GVK can be overridden (values-file subresources) together with a subresource', () => {
    const scale = obj('autoscaling/v1', 'Scale', { name: 'web', namespace: 'default' })
    const r = anyOf(res({ kinds: ['Deployment/scale'] }))
    expect(matchesRule(r, create(scale))).toBe(false)
    expect(matchesRule(r, create(scale, { gvk: { group: 'apps', version: 'v1', kind: 'Deployment' }, subresource: 'scale' }))).toBe(true)
  })
  it('fails when a namespaced Policy\'s raw namespace differs from the resource\'s', () => {
    const r = anyOf(res({ kinds: ['Pod'] }))
    expect(matchesRule(r, create(pod({ namespace: 'team-a' }), { policyNamespace: 'team-a' }))).toBe(true)
    expect(matchesRule(r, create(pod({ namespace: 'team-b' }), { policyNamespace: 'team-a' }))).toBe(false)
    expect(matchesRule(r, create(pod({ namespace: 'team-b' }), { policyNamespace: '' }))).toBe(true)
  })
})

describe('exclude (only after a match)', () => {
  const match: MatchResources = { any: [{ resources: { kinds: ['Pod'] } }] }
  const sys = pod({ namespace: 'kube-system', labels: { app: 'web' } })
  const ex = (exclude: MatchResources, resource = sys, extra: Partial<MatchRequest> = {}) => !matchesRule(rule(match, exclude), create(resource, extra))
  it.each<[string, MatchResources, boolean]>([
    ['any: one filter excludes', { any: [{ resources: { namespaces: ['dev'] } }, { resources: { namespaces: ['kube-*'] } }] }, true],
    ['any: none excludes', { any: [{ resources: { namespaces: ['dev'] } }] }, false],
    ['any: an empty filter never excludes', { any: [{}] }, false],
    ['all: every filter excludes', { all: [{ resources: { namespaces: ['kube-system'] } }, { resources: { selector: { matchLabels: { app: 'web' } } } }] }, true],
    ['all: one filter that does not match blocks exclusion', { all: [{ resources: { namespaces: ['kube-system'] } }, { resources: { namespaces: ['dev'] } }] }, false],
    ['all: a single non-matching filter', { all: [{ resources: { namespaces: ['dev'] } }] }, false],
    ['all: an empty filter blocks exclusion', { all: [{ resources: { namespaces: ['kube-system'] } }, {}] }, false],
    ['legacy: matches', { resources: { namespaces: ['kube-system'] } }, true],
    ['legacy: empty block excludes nothing', {}, false],
    ['legacy: empty description excludes nothing', { resources: {} }, false],
  ])('%s', (_, exclude, excluded) => expect(ex(exclude)).toBe(excluded))

  it('without request info, user info in exclude is not ignored: roles and clusterRoles never fire', () => {
    expect(ex({ any: [{ clusterRoles: ['cluster-admin'] }] })).toBe(false)
    expect(ex({ any: [{ roles: ['kube-system:admin'] }] })).toBe(false)
    expect(ex({ resources: { namespaces: ['kube-system'] }, clusterRoles: ['cluster-admin'] })).toBe(false)
    expect(ex({ any: [{ subjects: [{ kind: 'Group', name: '*' }] }] })).toBe(false)
    expect(ex({ any: [{ subjects: [{ kind: 'ServiceAccount', name: '*', namespace: '*' }] }] })).toBe(false)
  })
  it('without request info, a User subject `*` still matches the empty username (Kyverno quirk)', () => {
    expect(ex({ any: [{ subjects: [{ kind: 'User', name: '*' }] }] })).toBe(true)
  })
  it('with request info, user info excludes', () => {
    const admin = user({ username: 'root', clusterRoles: ['cluster-admin'] })
    expect(ex({ any: [{ clusterRoles: ['cluster-admin'] }] }, sys, { user: admin })).toBe(true)
    expect(ex({ any: [{ subjects: [{ kind: 'User', name: 'John' }] }] }, sys, { user: user({ username: 'John' }) })).toBe(true)
    expect(ex({ any: [{ subjects: [{ kind: 'User', name: 'John' }] }] }, sys, { user: user({ username: 'Jane' }) })).toBe(false)
  })
  it('exclude is ignored when match fails', () => {
    expect(matchesRule(rule({ any: [{ resources: { kinds: ['Service'] } }] }, { any: [{ resources: { kinds: ['Service'] } }] }), create(sys))).toBe(false)
  })
})

describe('ruleApplies: DELETE retries on the old object', () => {
  const r = anyOf(res({ kinds: ['Pod'], namespaces: ['prod'] }))
  const old = pod({ namespace: 'prod' })
  it('matches the old object when the new one is empty', () => {
    expect(ruleApplies(r, { object: null, oldObject: old, operation: 'DELETE' })).toBe(true)
    expect(ruleApplies(r, { object: {}, oldObject: old, operation: 'DELETE' })).toBe(true)
  })
  it('does not retry when the new object is present', () => {
    expect(ruleApplies(r, { object: pod({ namespace: 'dev' }), oldObject: old, operation: 'UPDATE' })).toBe(false)
    expect(ruleApplies(r, { object: old, oldObject: pod({ namespace: 'dev' }), operation: 'UPDATE' })).toBe(true)
  })
  it('fails when both are empty or the old object does not match', () => {
    expect(ruleApplies(r, { object: null, oldObject: null, operation: 'DELETE' })).toBe(false)
    expect(ruleApplies(r, { object: null, oldObject: pod({ namespace: 'dev' }), operation: 'DELETE' })).toBe(false)
  })
  it('operations are checked against the request operation', () => {
    const onlyDelete = anyOf(res({ kinds: ['Pod'], operations: ['DELETE'] }))
    expect(ruleApplies(onlyDelete, { object: null, oldObject: old, operation: 'DELETE' })).toBe(true)
    expect(ruleApplies(onlyDelete, { object: old, oldObject: null, operation: 'CREATE' })).toBe(false)
  })
})
