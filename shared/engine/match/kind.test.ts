import { describe, expect, it } from 'vitest'
import { checkKind, gvkOf, isKindSelectorVersion, parseKindSelector } from './kind.ts'

const sel = (group: string, version: string, kind: string, subresource: string) => ({ group, version, kind, subresource })

describe('parseKindSelector (spec §1 table)', () => {
  it.each([
    // 1 part
    ['Pod', sel('*', '*', 'Pod', '')],
    ['*', sel('*', '*', '*', '')],
    // 2 parts
    ['*/*', sel('*', '*', '*', '*')],
    ['*/status', sel('*', '*', '*', 'status')],
    ['*/Pod', sel('*', '*', 'Pod', '')], // not lowercase: `*` is then a version
    ['v1/Pod', sel('*', 'v1', 'Pod', '')],
    ['v1beta1/CronJob', sel('*', 'v1beta1', 'CronJob', '')],
    ['v2alpha3/Thing', sel('*', 'v2alpha3', 'Thing', '')],
    ['Pod/status', sel('*', '*', 'Pod', 'status')],
    ['Pod.status', sel('*', '*', 'Pod', 'status')],
    ['Pod/*', sel('*', '*', 'Pod', '*')],
    ['apps/Deployment', sel('*', '*', 'apps', 'Deployment')],
    // 3 parts
    ['v1/Pod/status', sel('*', 'v1', 'Pod', 'status')],
    ['v1/Pod.eviction', sel('*', 'v1', 'Pod', 'eviction')],
    ['*/Node/status', sel('*', '*', 'Node', 'status')],
    ['batch/*/CronJob', sel('batch', '*', 'CronJob', '')],
    ['apps/v1/Deployment', sel('apps', 'v1', 'Deployment', '')],
    ['networking.k8s.io/v1/NetworkPolicy', sel('networking.k8s.io', 'v1', 'NetworkPolicy', '')],
    ['apps/*/*', sel('apps', '*', '*', '')],
    // the '.' split makes three parts and 'apps' is no version → group/version/kind
    ['apps/Deployment.scale', sel('apps', 'Deployment', 'scale', '')],
    // 4 parts
    ['apps/v1/Deployment/scale', sel('apps', 'v1', 'Deployment', 'scale')],
    ['apps/v1/Deployment.scale', sel('apps', 'v1', 'Deployment', 'scale')],
    // ≥ 5 parts: matches nothing
    ['a/b/c/d/e', sel('', '', '', '')],
    ['apps/v1/Deployment/scale.x', sel('', '', '', '')],
  ])('%s', (input, want) => expect(parseKindSelector(input)).toEqual(want))

  it.each([
    ['*', true],
    ['v1', true],
    ['v10', true],
    ['v1beta1', true],
    ['v1alpha12', true],
    ['v', false],
    ['v1beta', false],
    ['v1gamma1', false],
    ['V1', false],
    ['apps', false],
    ['v1/', false],
  ])('version %s → %s', (s, want) => expect(isKindSelectorVersion(s)).toBe(want))
})

describe('gvkOf', () => {
  it.each([
    ['v1', 'Pod', { group: '', version: 'v1', kind: 'Pod' }],
    ['apps/v1', 'Deployment', { group: 'apps', version: 'v1', kind: 'Deployment' }],
    ['', 'Pod', { group: '', version: '', kind: 'Pod' }],
    ['a/b/c', 'X', { group: '', version: '', kind: 'X' }],
  ])('%s %s', (apiVersion, kind, want) => expect(gvkOf(apiVersion, kind)).toEqual(want))
})

describe('checkKind (§6 kinds)', () => {
  const pod = gvkOf('v1', 'Pod')
  const deploy = gvkOf('apps', 'Deployment')
  const deployV1 = gvkOf('apps/v1', 'Deployment')
  const cron = gvkOf('batch/v1', 'CronJob')
  const node = gvkOf('v1', 'Node')

  it.each([
    // `apps/Deployment` is kind `apps` with subresource `Deployment`: never a Deployment
    [['apps/Deployment'], deployV1, '', false],
    [['apps/Deployment'], deployV1, 'Deployment', false],
    // `*` excludes subresources; `*/*` and `Pod/*` include them
    [['*'], pod, '', true],
    [['*'], node, 'status', false],
    [['*/*'], node, 'status', true],
    [['*/*'], pod, '', true],
    [['Pod/*'], pod, 'exec', true],
    [['Pod/*'], pod, '', true],
    [['Pod'], pod, 'exec', false],
    [['Pod/exec'], pod, 'exec', true],
    [['Pod/exec'], pod, '', false],
    [['*/status'], node, 'status', true],
    [['*/status'], node, '', false],
    [['*/Node/status'], node, 'status', true],
    // versions and groups
    [['batch/*/CronJob'], cron, '', true],
    [['batch/*/CronJob'], gvkOf('batch/v1beta1', 'CronJob'), '', true],
    [['apps/v1/Deployment'], gvkOf('extensions/v1beta1', 'Deployment'), '', false],
    [['apps/v1/Deployment'], deployV1, '', true],
    [['v1/Pod'], pod, '', true],
    [['v2/Pod'], pod, '', false],
    [['Deployment'], deploy, '', true],
    [['apps/v1/Deployment/scale'], deployV1, 'scale', true],
    [['apps/v1/Deployment.scale'], deployV1, 'scale', true],
    [['Service', 'Pod'], pod, '', true],
    [['Service'], pod, '', false],
    [['a/b/c/d/e'], pod, '', false],
    [['pod'], pod, '', false], // case-sensitive
    [['P?d'], pod, '', true],
  ])('%j vs %j/%s → %s', (kinds, gvk, sub, want) => expect(checkKind(kinds, gvk, sub, true)).toBe(want))

  it('plain `Pod` matches the v1/Pod ephemeralcontainers subresource in the classic engine only', () => {
    expect(checkKind(['Pod'], pod, 'ephemeralcontainers', true)).toBe(true)
    expect(checkKind(['Pod'], pod, 'ephemeralcontainers', false)).toBe(false)
    // only v1 Pods
    expect(checkKind(['Pod'], gvkOf('v2', 'Pod'), 'ephemeralcontainers', true)).toBe(false)
    // Kyverno's check applies to any selector whose group/version/kind match, `*` included
    expect(checkKind(['*'], pod, 'ephemeralcontainers', true)).toBe(true)
    expect(checkKind(['Pod/exec'], pod, 'ephemeralcontainers', true)).toBe(true)
    expect(checkKind(['Pod'], pod, 'exec', true)).toBe(false)
  })
})
