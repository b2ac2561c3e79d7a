import { describe, expect, it } from 'vitest'
import type { JsonObject } from '../../lib/json.ts'
import { checkOf, ctr, podSpec } from './test-support.ts'

type Expect = 'absent' | 'pass' | { reason: string; detail: string }
type Row = [name: string, version: string, id: string, spec: JsonObject, want: Expect]

const win = { os: { name: 'windows' } }
const userNs = { hostUsers: false }
const vol = (v: JsonObject) => podSpec([ctr('a')], { volumes: [v] })
const apeDetail = (names: string) => ({ reason: 'allowPrivilegeEscalation != false', detail: `${names} must set securityContext.allowPrivilegeEscalation=false` })
const seccompMissing = { reason: 'seccompProfile', detail: 'pod or container "a" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"' }
const dropAll = { reason: 'unrestricted capabilities', detail: 'container "a" must set securityContext.capabilities.drop=["ALL"]' }
const nonRoot = { reason: 'runAsNonRoot != true', detail: 'pod or container "a" must set securityContext.runAsNonRoot=true' }
const rootUser = { reason: 'runAsUser=0', detail: 'pod must not set runAsUser=0' }

const rows: Row[] = [
  // Volume Types (replaces HostPath Volumes)
  ['allowed sources', 'v1.0', 'restrictedVolumes',
    podSpec([], { volumes: ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'].map((k) => ({ name: k, [k]: {} })) }), 'pass'],
  ['no source is an implicit emptyDir', 'latest', 'restrictedVolumes', vol({ name: 'scratch' }), 'pass'],
  ['null source is no source', 'latest', 'restrictedVolumes', vol({ name: 'scratch', nfs: null }), 'pass'],
  ['nfs', 'v1.0', 'restrictedVolumes', vol({ name: 'n', nfs: { server: 's', path: '/' } }),
    { reason: 'restricted volume types', detail: 'volume "n" uses restricted volume type "nfs"' }],
  ['hostPath and an unknown source', 'latest', 'restrictedVolumes',
    podSpec([], { volumes: [{ name: 'h', hostPath: { path: '/' } }, { name: 'u', fancyDisk: {} }, { name: 'g', gitRepo: {} }] }),
    { reason: 'restricted volume types', detail: 'volumes "h", "u", "g" use restricted volume types "gitRepo", "hostPath", "unknown"' }],
  ['hostPathVolumes is overridden at restricted', 'latest', 'hostPathVolumes', vol({ name: 'h', hostPath: { path: '/' } }), 'absent'],
  // Privilege Escalation: 1.8+, Windows exempt from 1.25
  ['before 1.8', 'v1.7', 'allowPrivilegeEscalation', podSpec([ctr('a')]), 'absent'],
  ['unset at 1.8', 'v1.8', 'allowPrivilegeEscalation', podSpec([ctr('a'), ctr('b', {}), ctr('c', { allowPrivilegeEscalation: true }), ctr('d', { allowPrivilegeEscalation: false })]),
    apeDetail('containers "a", "b", "c"')],
  ['false at 1.8', 'v1.8', 'allowPrivilegeEscalation', podSpec([ctr('a', { allowPrivilegeEscalation: false })]), 'pass'],
  ['false in every container kind', 'latest', 'allowPrivilegeEscalation',
    { initContainers: [ctr('i', { allowPrivilegeEscalation: false })], containers: [ctr('a', { allowPrivilegeEscalation: false })], ephemeralContainers: [ctr('e')] },
    apeDetail('container "e"')],
  ['Windows at 1.24', 'v1.24', 'allowPrivilegeEscalation', podSpec([ctr('a')], win), apeDetail('container "a"')],
  ['Windows at 1.25', 'v1.25', 'allowPrivilegeEscalation', podSpec([ctr('a')], win), 'pass'],
  // Seccomp (restricted): 1.19+, Windows exempt from 1.25
  ['before 1.19', 'v1.18', 'seccompProfile_restricted', podSpec([ctr('a')]), 'absent'],
  ['unset at 1.19', 'v1.19', 'seccompProfile_restricted', podSpec([ctr('a')]), seccompMissing],
  ['pod-level RuntimeDefault is inherited', 'v1.19', 'seccompProfile_restricted', podSpec([ctr('a')], { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }), 'pass'],
  ['container-level Localhost only', 'latest', 'seccompProfile_restricted', podSpec([ctr('a', { seccompProfile: { type: 'Localhost', localhostProfile: 'p' } })]), 'pass'],
  ['bad pod-level type fails despite valid containers', 'latest', 'seccompProfile_restricted',
    podSpec([ctr('a', { seccompProfile: { type: 'RuntimeDefault' } })], { securityContext: { seccompProfile: { type: 'Unconfined' } } }),
    { reason: 'seccompProfile', detail: 'pod must not set securityContext.seccompProfile.type to "Unconfined"' }],
  ['Windows at 1.24', 'v1.24', 'seccompProfile_restricted', podSpec([ctr('a')], win), seccompMissing],
  ['Windows at 1.25', 'v1.25', 'seccompProfile_restricted', podSpec([ctr('a')], win), 'pass'],
  ['seccompProfile_baseline is overridden from 1.19', 'v1.19', 'seccompProfile_baseline', podSpec([ctr('a')]), 'absent'],
  // Capabilities (restricted): 1.22+, Windows exempt from 1.25
  ['before 1.22 restricted uses the baseline list', 'v1.21', 'capabilities_restricted', podSpec([ctr('a')]), 'absent'],
  ['baseline capabilities still run at 1.21', 'v1.21', 'capabilities_baseline', podSpec([ctr('a', { capabilities: { add: ['NET_ADMIN'] } })]),
    { reason: 'non-default capabilities', detail: 'container "a" must not include "NET_ADMIN" in securityContext.capabilities.add' }],
  ['missing drop at 1.22', 'v1.22', 'capabilities_restricted', podSpec([ctr('a')]), dropAll],
  ['drop ALL, add NET_BIND_SERVICE', 'v1.22', 'capabilities_restricted', podSpec([ctr('a', { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } })]), 'pass'],
  ['lowercase all, add CHOWN', 'latest', 'capabilities_restricted', podSpec([ctr('a', { capabilities: { drop: ['all'], add: ['CHOWN'] } })]),
    { reason: 'unrestricted capabilities', detail: 'container "a" must set securityContext.capabilities.drop=["ALL"]; container "a" must not include "CHOWN" in securityContext.capabilities.add' }],
  ['capabilities_baseline is overridden from 1.22', 'v1.22', 'capabilities_baseline', podSpec([ctr('a')]), 'absent'],
  ['Windows at 1.24', 'v1.24', 'capabilities_restricted', podSpec([ctr('a')], win), dropAll],
  ['Windows at 1.25', 'v1.25', 'capabilities_restricted', podSpec([ctr('a')], win), 'pass'],
  // Running as Non-root: Windows never exempt; user-namespace pods exempt from 1.35
  ['pod true', 'v1.0', 'runAsNonRoot', podSpec([ctr('a')], { securityContext: { runAsNonRoot: true } }), 'pass'],
  ['container true', 'v1.0', 'runAsNonRoot', podSpec([ctr('a', { runAsNonRoot: true })]), 'pass'],
  ['unset', 'v1.0', 'runAsNonRoot', podSpec([ctr('a')]), nonRoot],
  ['pod false beats container true', 'latest', 'runAsNonRoot', podSpec([ctr('a', { runAsNonRoot: true })], { securityContext: { runAsNonRoot: false } }),
    { reason: 'runAsNonRoot != true', detail: 'pod must not set securityContext.runAsNonRoot=false' }],
  ['container false beats pod true', 'latest', 'runAsNonRoot', podSpec([ctr('a', { runAsNonRoot: false }), ctr('b')], { securityContext: { runAsNonRoot: true } }),
    { reason: 'runAsNonRoot != true', detail: 'container "a" must not set securityContext.runAsNonRoot=false' }],
  ['Windows is not exempt', 'latest', 'runAsNonRoot', podSpec([ctr('a')], win), nonRoot],
  ['hostUsers:false at 1.34', 'v1.34', 'runAsNonRoot', podSpec([ctr('a')], userNs), nonRoot],
  ['hostUsers:false at 1.35', 'v1.35', 'runAsNonRoot', podSpec([ctr('a')], userNs), 'pass'],
  // Running as Non-root user: 1.23+, user-namespace pods exempt from 1.35
  ['before 1.23', 'v1.22', 'runAsUser', podSpec([ctr('a')], { securityContext: { runAsUser: 0 } }), 'absent'],
  ['pod runAsUser 0 at 1.23', 'v1.23', 'runAsUser', podSpec([ctr('a')], { securityContext: { runAsUser: 0 } }), rootUser],
  ['non-zero', 'v1.23', 'runAsUser', podSpec([ctr('a', { runAsUser: 1000 })], { securityContext: { runAsUser: 1000 } }), 'pass'],
  ['containers 0', 'latest', 'runAsUser', podSpec([ctr('a', { runAsUser: 0 }), ctr('b', { runAsUser: 0 })], { securityContext: { runAsUser: 0 } }),
    { reason: 'runAsUser=0', detail: 'pod and containers "a", "b" must not set runAsUser=0' }],
  ['hostUsers:false at 1.34', 'v1.34', 'runAsUser', podSpec([ctr('a')], { hostUsers: false, securityContext: { runAsUser: 0 } }), rootUser],
  ['hostUsers:false at 1.35', 'v1.35', 'runAsUser', podSpec([ctr('a')], { hostUsers: false, securityContext: { runAsUser: 0 } }), 'pass'],
  // /proc Mount Type at restricted: no user-namespace relaxation at any version
  ['restricted procMount before 1.35 is the baseline check', 'v1.34', 'procMount', podSpec([ctr('a', { procMount: 'Unmasked' })], userNs),
    { reason: 'procMount', detail: 'container "a" must not set securityContext.procMount to "Unmasked"' }],
  ['procMount_restricted absent before 1.35', 'v1.34', 'procMount_restricted', podSpec([ctr('a')]), 'absent'],
  ['procMount_restricted ignores hostUsers:false', 'v1.35', 'procMount_restricted', podSpec([ctr('a', { procMount: 'Unmasked' })], userNs),
    { reason: 'procMount', detail: 'container "a" must not set securityContext.procMount to "Unmasked"' }],
  ['baseline procMount is overridden from 1.35', 'v1.35', 'procMount', podSpec([ctr('a')]), 'absent'],
]

describe('restricted checks, one row per behaviour and version boundary', () => {
  it.each(rows)('%s (%s, %s)', (_name, version, id, spec, want) => {
    const got = checkOf('restricted', version, id, spec)
    if (want === 'absent') expect(got).toBeUndefined()
    else if (want === 'pass') expect(got?.allowed).toBe(true)
    else expect(got && { allowed: got.allowed, reason: got.reason, detail: got.detail }).toEqual({ allowed: false, ...want })
  })

  it('restricted-only checks never run at baseline', () => {
    const spec = podSpec([ctr('a', { runAsUser: 0 })], { volumes: [{ name: 'n', nfs: {} }] })
    for (const id of ['restrictedVolumes', 'allowPrivilegeEscalation', 'seccompProfile_restricted', 'capabilities_restricted', 'runAsNonRoot', 'runAsUser', 'procMount_restricted']) {
      expect(checkOf('baseline', 'latest', id, spec)).toBeUndefined()
    }
  })
})
