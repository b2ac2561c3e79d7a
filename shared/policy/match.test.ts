import { describe, expect, it } from 'vitest'
import {
  compileLabelSelector,
  isEmptyDescription,
  isValidLabelKey,
  isValidLabelValue,
  LabelSelector,
  MatchResources,
  ResourceDescription,
  ResourceFilter,
  selectorHasWildcard,
  Subject,
  validateMatchBlock,
  type MatchBlockOptions,
} from './match.ts'

describe('schemas are strict and report the path', () => {
  it.each([
    [{ any: [{ resources: { kinds: ['Pod'], kind: ['Pod'] } }] }, ['any', 0, 'resources']],
    [{ all: [{ resource: { kinds: ['Pod'] } }] }, ['all', 0]],
    [{ resources: { kinds: ['Pod'], selector: { matchLabel: { a: 'b' } } } }, ['resources', 'selector']],
    [{ match: { any: [] } }, []],
  ])('unknown key in %j', (block, path) => {
    const r = MatchResources.safeParse(block)
    expect(r.success).toBe(false)
    expect(r.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', path })
  })

  it.each([
    [{ any: [{ resources: { operations: ['PATCH'] } }] }, ['any', 0, 'resources', 'operations', 0]],
    [{ any: [{ subjects: [{ kind: 'Robot', name: 'r' }] }] }, ['any', 0, 'subjects', 0, 'kind']],
    [{ any: [{ subjects: [{ kind: 'User' }] }] }, ['any', 0, 'subjects', 0, 'name']],
    [{ resources: { kinds: 'Pod' } }, ['resources', 'kinds']],
    [{ resources: { selector: { matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] } } }, ['resources', 'selector', 'matchExpressions', 0, 'operator']],
    [{ resources: { annotations: { a: 1 } } }, ['resources', 'annotations', 'a']],
    [{ resources: { kinds: null } }, ['resources', 'kinds']],
  ])('invalid value in %j', (block, path) => {
    const r = MatchResources.safeParse(block)
    expect(r.success).toBe(false)
    expect(r.error?.issues[0]?.path).toEqual(path)
  })

  it('accepts every field of kyverno.io/v1', () => {
    const full = {
      any: [
        {
          resources: {
            kinds: ['Pod'],
            name: 'a',
            names: ['b'],
            namespaces: ['c'],
            annotations: { d: 'e' },
            selector: { matchLabels: { f: 'g' }, matchExpressions: [{ key: 'h', operator: 'In', values: ['i'] }] },
            namespaceSelector: { matchExpressions: [{ key: 'j', operator: 'Exists' }] },
            operations: ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'],
          },
          subjects: [{ kind: 'ServiceAccount', name: 'sa', namespace: 'ns', apiGroup: '' }],
          roles: ['ns:role'],
          clusterRoles: ['admin'],
        },
      ],
      all: [],
      resources: {},
      subjects: [{ kind: 'Group', name: 'g' }],
      roles: [],
      clusterRoles: [],
    }
    expect(MatchResources.parse(full)).toEqual(full)
    expect(ResourceFilter.safeParse(full.any[0]).success).toBe(true)
    expect(ResourceDescription.safeParse(full.any[0]?.resources).success).toBe(true)
    expect(Subject.safeParse({ kind: 'User', name: 'u' }).success).toBe(true)
    expect(LabelSelector.safeParse({}).success).toBe(true)
  })

  it('rejects a __proto__ key instead of dropping it', () => {
    const r = ResourceDescription.safeParse(JSON.parse('{"annotations":{"__proto__":"x"}}'))
    expect(r.success).toBe(false)
    expect(r.error?.issues[0]?.path).toEqual(['annotations', '__proto__'])
    expect(ResourceDescription.parse({ annotations: { a: 'b' } }).annotations).toEqual({ a: 'b' })
  })

  it('isEmptyDescription treats present-but-empty lists as present (Go DeepEqual)', () => {
    expect(isEmptyDescription(undefined)).toBe(true)
    expect(isEmptyDescription({})).toBe(true)
    expect(isEmptyDescription({ kinds: [] })).toBe(false)
    expect(isEmptyDescription({ annotations: {} })).toBe(false)
  })
})

describe('label keys and values (Kubernetes validation)', () => {
  it.each([
    ['app', true],
    ['app.kubernetes.io/name', true],
    ['a', true],
    ['0', true],
    ['my_key-1.x', true],
    ['example.com/', false],
    ['/name', false],
    ['Example.com/name', false], // prefix must be lowercase
    ['a/b/c', false],
    ['-app', false],
    ['app-', false],
    ['has space', false],
    ['', false],
    ['x'.repeat(63), true],
    ['x'.repeat(64), false],
    [`${'a'.repeat(254)}/x`, false],
  ])('key %j → %s', (k, want) => expect(isValidLabelKey(k)).toBe(want))

  it.each([
    ['', true],
    ['web', true],
    ['Web_1.2-x', true],
    ['-web', false],
    ['web.', false],
    ['a b', false],
    ['*', false],
    ['x'.repeat(63), true],
    ['x'.repeat(64), false],
  ])('value %j → %s', (v, want) => expect(isValidLabelValue(v)).toBe(want))
})

describe('compileLabelSelector', () => {
  it('turns matchLabels into In requirements and keeps expressions', () => {
    const r = compileLabelSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] })
    expect(r).toEqual({
      ok: true,
      value: [
        { key: 'app', operator: 'In', values: ['web'] },
        { key: 'tier', operator: 'NotIn', values: ['db'] },
      ],
    })
  })
  it.each([
    [{ matchExpressions: [{ key: 'a', operator: 'In' as const }] }, "values set can't be empty"],
    [{ matchExpressions: [{ key: 'a', operator: 'DoesNotExist' as const, values: ['x'] }] }, 'values set must be empty'],
    [{ matchLabels: { 'a b': 'x' } }, 'invalid label key'],
    [{ matchLabels: { a: 'x y' } }, 'invalid label value'],
  ])('rejects %j', (sel, msg) => {
    const r = compileLabelSelector(sel)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toContain(msg)
  })
  it('an empty selector has no requirements', () => expect(compileLabelSelector({})).toEqual({ ok: true, value: [] }))
  it('detects wildcards anywhere in the selector', () => {
    expect(selectorHasWildcard({ matchLabels: { 'app.io/*': 'x' } })).toBe(true)
    expect(selectorHasWildcard({ matchLabels: { app: 'x?' } })).toBe(true)
    expect(selectorHasWildcard({ matchExpressions: [{ key: 'a', operator: 'In', values: ['*'] }] })).toBe(true)
    expect(selectorHasWildcard({ matchLabels: { app: 'x' } })).toBe(false)
  })
})

describe('validateMatchBlock (Kyverno policy validation)', () => {
  const match: MatchBlockOptions = { block: 'match', background: false }
  const v = (block: unknown, opts: MatchBlockOptions = match) => validateMatchBlock(MatchResources.parse(block), opts)

  it('accepts ordinary blocks', () => {
    expect(v({ any: [{ resources: { kinds: ['Pod'], namespaces: ['prod-*'] } }] })).toEqual([])
    expect(v({ resources: { kinds: ['Pod'] } })).toEqual([])
    expect(v({ any: [{ clusterRoles: ['cluster-admin'] }] }, { block: 'exclude' })).toEqual([])
    expect(v({ any: [{ resources: { kinds: ['Pod'], selector: { matchLabels: { 'app.io/*': '*' } } } }] })).toEqual([]) // wildcards skip selector checks
  })

  it.each<[string, unknown, MatchBlockOptions, { path: (string | number)[]; message: string }]>([
    ['name together with names', { any: [{ resources: { kinds: ['Pod'], name: 'a', names: ['b'] } }] }, match, { path: ['any', 0, 'resources'], message: 'Both name and names can not be specified together' }],
    ['any and all together', { any: [{ resources: { kinds: ['Pod'] } }], all: [{ resources: { kinds: ['Pod'] } }] }, match, { path: [], message: "Can't specify any and all together" }],
    ['any with legacy resources', { any: [{ resources: { kinds: ['Pod'] } }], resources: { kinds: ['Pod'] } }, match, { path: ['resources'], message: "can't specify any/all together with match resources" }],
    ['exclude all with legacy resources', { all: [{ resources: { kinds: ['Pod'] } }], resources: { kinds: ['Pod'] } }, { block: 'exclude' }, { path: ['resources'], message: "can't specify any/all together with exclude resources" }],
    ['a user-info-only match filter', { any: [{ clusterRoles: ['admin'] }] }, match, { path: ['any', 0, 'resources'], message: 'match resources not specified' }],
    ['an empty legacy match', {}, match, { path: ['resources'], message: 'match resources not specified' }],
    ['an empty selector', { any: [{ resources: { kinds: ['Pod'], selector: {} } }] }, match, { path: ['any', 0, 'resources', 'selector'], message: 'The requirements are not specified in selector' }],
    ['a malformed selector', { any: [{ resources: { kinds: ['Pod'], selector: { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['b'] }] } } }] }, match, { path: ['any', 0, 'resources', 'selector'], message: 'values set must be empty for exists and does not exist' }],
    ['roles not in ns:name form', { all: [{ resources: { kinds: ['Pod'] }, roles: ['admin'] }] }, match, { path: ['all', 0, 'roles', 0], message: 'Role is expected to be in namespace:name format' }],
    ['a ServiceAccount subject without namespace', { any: [{ resources: { kinds: ['Pod'] }, subjects: [{ kind: 'ServiceAccount', name: 'sa' }] }] }, match, { path: ['any', 0, 'subjects', 0, 'namespace'], message: 'namespace is required when Kind is ServiceAccount' }],
    ['a subject without a name', { subjects: [{ kind: 'User', name: '' }], resources: { kinds: ['Pod'] } }, match, { path: ['subjects', 0, 'name'], message: 'Required value' }],
    ['namespaces in a namespaced Policy', { any: [{ resources: { kinds: ['Pod'], namespaces: ['a'] } }] }, { ...match, namespaced: true }, { path: ['any', 0, 'resources', 'namespaces'], message: 'Filtering namespaces not allowed in namespaced policies' }],
    ['cluster-scoped kinds in a namespaced Policy', { any: [{ resources: { kinds: ['Pod', 'Namespace'] } }] }, { ...match, namespaced: true, isClusterScoped: (k) => k === 'Namespace' }, { path: ['any', 0, 'resources', 'kinds', 1], message: "Cluster wide resource 'Namespace' not allowed in namespaced policy" }],
    ['* kinds in background mode', { any: [{ resources: { kinds: ['*'] } }] }, { block: 'match' }, { path: ['any', 0, 'resources', 'kinds'], message: 'wildcard policy not allowed in background mode' }],
    ['* with other kinds', { any: [{ resources: { kinds: ['*', 'Pod'] } }] }, match, { path: ['any', 0, 'resources', 'kinds'], message: 'wildcard policy can not deal with more than one kind' }],
  ])('%s', (_, block, opts, issue) => expect(v(block, opts)).toContainEqual(issue))

  it('allows namespaces and cluster kinds in a ClusterPolicy', () => {
    expect(v({ any: [{ resources: { kinds: ['Namespace'], namespaces: ['a'] } }] }, { ...match, isClusterScoped: () => true })).toEqual([])
  })
})
