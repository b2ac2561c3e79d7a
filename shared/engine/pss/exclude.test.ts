import { describe, expect, it } from 'vitest'
import type { JsonObject } from '../../lib/json.ts'
import { evaluatePodSecurity, type PssEvaluation } from './evaluate.ts'
import type { PssExclude } from './exclude.ts'
import { formatChecksPrint } from './message.ts'
import { ctr, podSpec, RESTRICTED_POD_SC, RESTRICTED_SC } from './test-support.ts'
import type { PssLevel } from './types.ts'

function run(level: PssLevel, spec: JsonObject, exclude: PssExclude[], meta: JsonObject = {}): PssEvaluation {
  const r = evaluatePodSecurity(meta, spec, { level, version: 'latest', exclude })
  if ('error' in r) throw new Error(r.error)
  return r
}
const failing = (r: PssEvaluation) => r.checks.filter((c) => !c.allowed).map((c) => c.id)
const errorsOf = (r: PssEvaluation, id: string) => r.checks.find((c) => c.id === id)?.fieldErrors.map((e) => e.field)

/** A restricted-compliant container with extra securityContext settings. */
const rc = (name: string, image: string, sc: JsonObject = {}) => ({ name, image, securityContext: { ...RESTRICTED_SC, ...sc } })
const restrictedPod = (containers: JsonObject[], extra: JsonObject = {}) => podSpec(containers, { securityContext: RESTRICTED_POD_SC, ...extra })

describe('exclude by controlName only (pod-level fields)', () => {
  it('forgives a pod-level control entirely and marks the check excluded', () => {
    const spec = podSpec([ctr('a')], { hostIPC: true })
    expect(failing(run('baseline', spec, []))).toEqual(['hostNamespaces'])
    const r = run('baseline', spec, [{ controlName: 'Host Namespaces' }])
    expect(r.allowed).toBe(true)
    expect(r.checks.find((c) => c.id === 'hostNamespaces')).toMatchObject({ allowed: true, excluded: true, reason: 'host namespaces', fieldErrors: [] })
  })

  it('does not forgive container-level violations (those need images)', () => {
    const spec = podSpec([ctr('a', { privileged: true })])
    expect(failing(run('baseline', spec, [{ controlName: 'Privileged Containers' }]))).toEqual(['privileged'])
  })

  it('only touches the named control, and unknown control names do nothing', () => {
    const spec = podSpec([ctr('a', { privileged: true })], { hostPID: true })
    expect(failing(run('baseline', spec, [{ controlName: 'Host Namespaces' }]))).toEqual(['privileged'])
    expect(failing(run('baseline', spec, [{ controlName: 'host namespaces' }, { controlName: 'Nope' }]))).toEqual(['hostNamespaces', 'privileged'])
  })

  it('AppArmor: pod-level fields and annotations are forgiven, container fields are not', () => {
    const meta = { annotations: { 'container.apparmor.security.beta.kubernetes.io/a': 'unconfined' } }
    const podOnly = podSpec([ctr('a')], { securityContext: { appArmorProfile: { type: 'Unconfined' } } })
    expect(run('baseline', podOnly, [{ controlName: 'AppArmor' }], meta).allowed).toBe(true)
    const withContainer = podSpec([ctr('a', { appArmorProfile: { type: 'Unconfined' } })])
    expect(errorsOf(run('baseline', withContainer, [{ controlName: 'AppArmor' }], meta), 'appArmorProfile')).toEqual([
      'spec.containers[0].securityContext.appArmorProfile.type',
    ])
  })
})

describe('exclude by images (wildcards)', () => {
  const spec = restrictedPod([
    rc('web', 'nginx:1.1.9', { capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } }),
    rc('tool', 'busybox:1.28', { capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } }),
  ])
  const exclude: PssExclude[] = [{ controlName: 'Capabilities', images: ['nginx*', 'redis*'] }]

  it("forgives the matching container's violation while others still fail", () => {
    const r = run('restricted', spec, exclude)
    expect(failing(r)).toEqual(['capabilities_restricted'])
    expect(errorsOf(r, 'capabilities_restricted')).toEqual(['spec.containers[1].securityContext.capabilities.add'])
  })

  it('allows the pod when every violating container matches', () => {
    const only = restrictedPod([rc('web', 'nginx:1.1.9', { capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } })])
    expect(run('restricted', only, exclude).allowed).toBe(true)
    expect(run('restricted', only, [{ controlName: 'Capabilities', images: ['nginx'] }]).allowed).toBe(false)
  })

  it('covers init and ephemeral containers, matched by name within their own list', () => {
    const s = podSpec([ctr('app', undefined, { image: 'app:1' })], {
      initContainers: [ctr('setup', { privileged: true }, { image: 'registry.io/setup:2' })],
      ephemeralContainers: [ctr('debug', { privileged: true }, { image: 'debug:1' })],
    })
    const r = run('baseline', s, [{ controlName: 'Privileged Containers', images: ['registry.io/*'] }])
    expect(errorsOf(r, 'privileged')).toEqual(['spec.ephemeralContainers[0].securityContext.privileged'])
    expect(run('baseline', s, [{ controlName: 'Privileged Containers', images: ['*'] }]).allowed).toBe(true)
  })

  it('a control at both levels needs both entries (Kyverno docs, Seccomp)', () => {
    const s = podSpec([rc('c', 'busybox:1.28', { seccompProfile: { type: 'Unconfined' } })], {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'Unconfined' } },
    })
    expect(errorsOf(run('restricted', s, [{ controlName: 'Seccomp' }]), 'seccompProfile_restricted')).toEqual([
      'spec.containers[0].securityContext.seccompProfile.type',
    ])
    expect(errorsOf(run('restricted', s, [{ controlName: 'Seccomp', images: ['*'] }]), 'seccompProfile_restricted')).toEqual([
      'spec.securityContext.seccompProfile.type',
    ])
    expect(run('restricted', s, [{ controlName: 'Seccomp' }, { controlName: 'Seccomp', images: ['*'] }]).allowed).toBe(true)
  })

  it('Privilege Escalation for one image only', () => {
    const s = restrictedPod([rc('a', 'nginx', { allowPrivilegeEscalation: true }), rc('b', 'nodejs', { allowPrivilegeEscalation: true })])
    const r = run('restricted', s, [{ controlName: 'Privilege Escalation', images: ['nginx'] }])
    expect(errorsOf(r, 'allowPrivilegeEscalation')).toEqual(['spec.containers[1].securityContext.allowPrivilegeEscalation'])
  })
})

describe('exclude by restrictedField + values', () => {
  const caps = (add: string[]) => podSpec([ctr('nginx', { capabilities: { add } }, { image: 'nginx:latest' })])
  const exclude: PssExclude[] = [
    { controlName: 'Capabilities', images: ['nginx*'], restrictedField: 'spec.containers[*].securityContext.capabilities.add', values: ['FOO', 'BAR'] },
  ]
  it.each([
    [['FOO'], true],
    [['FOO', 'BAR'], true],
    [['BAZ'], false],
    [['FOO', 'BAZ'], false],
  ])('capabilities.add %j → allowed %s', (add, want) => expect(run('baseline', caps(add), exclude).allowed).toBe(want))

  it('a different restrictedField forgives nothing', () => {
    const other = [{ ...exclude[0], restrictedField: 'spec.initContainers[*].securityContext.capabilities.add' } as PssExclude]
    expect(run('baseline', caps(['FOO']), other).allowed).toBe(false)
  })

  it('Seccomp values at pod and container level (Kyverno docs)', () => {
    const ex: PssExclude[] = [
      { controlName: 'Seccomp', restrictedField: 'spec.securityContext.seccompProfile.type', values: ['Unconfined'] },
      { controlName: 'Seccomp', images: ['nginx*'], restrictedField: 'spec.containers[*].securityContext.seccompProfile.type', values: ['Unconfined'] },
    ]
    const s = (podType: string) =>
      podSpec([ctr('nginx', { seccompProfile: { type: 'Unconfined' } }, { image: 'nginx:latest' })], { securityContext: { seccompProfile: { type: podType } } })
    expect(run('baseline', s('Unconfined'), ex).allowed).toBe(true)
    const rejected = run('baseline', s('Unknown'), ex)
    expect(errorsOf(rejected, 'seccompProfile_baseline')).toEqual(['spec.securityContext.seccompProfile.type'])
  })

  it('Host Namespaces: one field forgiven, the other kept', () => {
    const r = run('baseline', podSpec([ctr('a')], { hostNetwork: true, hostPID: true }), [
      { controlName: 'Host Namespaces', restrictedField: 'spec.hostNetwork', values: ['true'] },
    ])
    expect(errorsOf(r, 'hostNamespaces')).toEqual(['spec.hostPID'])
  })

  it('HostPath Volumes: value wildcards, and Go’s swap-remove order for what is left', () => {
    const spec = podSpec([ctr('a')], {
      volumes: ['/var/log/pods', '/etc', '/sys'].map((path, i) => ({ name: `v${i}`, hostPath: { path } })),
    })
    const r = run('baseline', spec, [{ controlName: 'HostPath Volumes', restrictedField: 'spec.volumes[*].hostPath', values: ['/var/log/*'] }])
    expect(formatChecksPrint(r.checks)).toBe(
      '(Forbidden reason: hostPath volumes, field error list: [spec.volumes[2].hostPath is forbidden, forbidden values found: /sys, ' +
        'spec.volumes[1].hostPath is forbidden, forbidden values found: /etc])',
    )
  })

  it('Host Ports: per container and per value', () => {
    const spec = podSpec([
      ctr('a', undefined, { image: 'ceph:1', ports: [{ hostPort: 8080 }, { hostPort: 9090 }] }),
      ctr('b', undefined, { image: 'other:1', ports: [{ hostPort: 8080 }] }),
    ])
    const r = run('baseline', spec, [{ controlName: 'Host Ports', images: ['ceph:*'], restrictedField: 'spec.containers[*].ports[*].hostPort', values: ['8080'] }])
    expect(errorsOf(r, 'hostPorts')).toEqual(['spec.containers[1].ports[0].hostPort', 'spec.containers[0].ports[1].hostPort'])
  })

  it('Required errors carry no bad value, so any values list forgives them (Kyverno quirk)', () => {
    const spec = restrictedPod([{ name: 'a', image: 'nginx', securityContext: { allowPrivilegeEscalation: false } }])
    const r = run('restricted', spec, [
      { controlName: 'Capabilities', images: ['nginx'], restrictedField: 'spec.containers[*].securityContext.capabilities.drop', values: ['NOTHING'] },
    ])
    expect(r.allowed).toBe(true)
  })
})
