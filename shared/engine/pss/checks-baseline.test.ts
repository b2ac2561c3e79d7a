import { describe, expect, it } from 'vitest'
import type { JsonObject } from '../../lib/json.ts'
import { checkOf, ctr, podSpec } from './test-support.ts'

type Expect = 'absent' | 'pass' | { reason: string; detail: string }
type Row = [name: string, version: string, id: string, spec: JsonObject, meta: JsonObject, want: Expect]

const apparmor = (v: string) => ({ annotations: { [`container.apparmor.security.beta.kubernetes.io/${v.split('=')[0]}`]: v.split('=')[1] ?? '' } })
const sysctl = (name: string) => podSpec([ctr('a')], { securityContext: { sysctls: [{ name, value: '1' }] } })
const seLinux = (type: string) => podSpec([ctr('a', { seLinuxOptions: { type } })])
const procMount = (hostUsers?: boolean) => podSpec([ctr('a', { procMount: 'Unmasked' })], hostUsers === undefined ? {} : { hostUsers })
const probe = (host: string) => podSpec([ctr('a', undefined, { livenessProbe: { httpGet: { host, port: 80 } } })])
// Each sysctl added to the allowed list: rejected the version before, allowed from its version on.
const ADDED_SYSCTLS: Array<[number, string]> = [
  [27, 'net.ipv4.ip_local_reserved_ports'],
  [29, 'net.ipv4.tcp_keepalive_time'],
  [29, 'net.ipv4.tcp_fin_timeout'],
  [29, 'net.ipv4.tcp_keepalive_intvl'],
  [29, 'net.ipv4.tcp_keepalive_probes'],
  [32, 'net.ipv4.tcp_rmem'],
  [32, 'net.ipv4.tcp_wmem'],
  [37, 'net.ipv4.tcp_slow_start_after_idle'],
  [37, 'net.ipv4.tcp_notsent_lowat'],
]
function sysctlBoundaries(): Row[] {
  return ADDED_SYSCTLS.flatMap(([minor, name]): Row[] => [
    [`${name} before 1.${minor}`, `v1.${minor - 1}`, 'sysctls', sysctl(name), {}, { reason: 'forbidden sysctls', detail: name }],
    [`${name} at 1.${minor}`, `v1.${minor}`, 'sysctls', sysctl(name), {}, 'pass'],
  ])
}
const seccompAnn = { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } }
const seccompField = podSpec([ctr('a')], { securityContext: { seccompProfile: { type: 'Unconfined' } } })

const rows: Row[] = [
  // Host Namespaces
  ['no host namespaces', 'v1.0', 'hostNamespaces', podSpec([ctr('a')], { hostNetwork: false }), {}, 'pass'],
  ['hostNetwork', 'v1.0', 'hostNamespaces', podSpec([ctr('a')], { hostNetwork: true }), {}, { reason: 'host namespaces', detail: 'hostNetwork=true' }],
  ['all three', 'latest', 'hostNamespaces', podSpec([], { hostIPC: true, hostPID: true, hostNetwork: true }), {},
    { reason: 'host namespaces', detail: 'hostNetwork=true, hostPID=true, hostIPC=true' }],
  // Privileged Containers (init and ephemeral containers count, in visiting order)
  ['privileged=false', 'latest', 'privileged', podSpec([ctr('a', { privileged: false })]), {}, 'pass'],
  ['privileged in every kind', 'v1.0', 'privileged',
    { initContainers: [ctr('i', { privileged: true })], containers: [ctr('a'), ctr('b', { privileged: true })], ephemeralContainers: [ctr('e', { privileged: true })] }, {},
    { reason: 'privileged', detail: 'containers "i", "b", "e" must not set securityContext.privileged=true' }],
  // Capabilities (baseline)
  ['default capability', 'latest', 'capabilities_baseline', podSpec([ctr('a', { capabilities: { add: ['CHOWN', 'NET_BIND_SERVICE'], drop: ['SYS_ADMIN'] } })]), {}, 'pass'],
  ['non-default capabilities', 'latest', 'capabilities_baseline', podSpec([ctr('a', { capabilities: { add: ['SYS_ADMIN', 'NET_ADMIN', 'chown', 'CAP_CHOWN'] } })]), {},
    { reason: 'non-default capabilities', detail: 'container "a" must not include "CAP_CHOWN", "NET_ADMIN", "SYS_ADMIN", "chown" in securityContext.capabilities.add' }],
  // HostPath Volumes
  ['no hostPath', 'latest', 'hostPathVolumes', podSpec([ctr('a')], { volumes: [{ name: 'v', emptyDir: {} }] }), {}, 'pass'],
  ['hostPath', 'v1.0', 'hostPathVolumes', podSpec([ctr('a')], { volumes: [{ name: 'h', hostPath: { path: '/' } }, { name: 'g', hostPath: {} }] }), {},
    { reason: 'hostPath volumes', detail: 'volumes "h", "g"' }],
  // Host Ports
  ['hostPort 0', 'latest', 'hostPorts', podSpec([ctr('a', undefined, { ports: [{ containerPort: 80, hostPort: 0 }] })]), {}, 'pass'],
  ['hostPort set', 'v1.0', 'hostPorts', podSpec([ctr('a', undefined, { ports: [{ hostPort: 8080 }, { hostPort: 80 }] })]), {},
    { reason: 'hostPort', detail: 'container "a" uses hostPorts 80, 8080' }],
  // Host Probes / Lifecycle Hooks: introduced at 1.34
  ['probe host before 1.34', 'v1.33', 'hostProbesAndHostLifecycle', probe('10.0.0.1'), {}, 'absent'],
  ['probe host at 1.34', 'v1.34', 'hostProbesAndHostLifecycle', probe('10.0.0.1'), {},
    { reason: 'probe or lifecycle host', detail: 'container "a" uses probe or lifecycle host "10.0.0.1"' }],
  ['empty probe host', 'v1.34', 'hostProbesAndHostLifecycle', probe(''), {}, 'pass'],
  ['lifecycle and tcpSocket hosts', 'latest', 'hostProbesAndHostLifecycle',
    podSpec([ctr('b', undefined, { lifecycle: { preStop: { httpGet: { host: 'x' } } } }), ctr('a', undefined, { readinessProbe: { tcpSocket: { host: 'y' } } })]), {},
    { reason: 'probe or lifecycle host', detail: 'containers "a", "b" use probe or lifecycle hosts "x", "y"' }],
  // AppArmor: fields and annotations, at every version including 1.0
  ['RuntimeDefault profile', 'latest', 'appArmorProfile', podSpec([ctr('a', { appArmorProfile: { type: 'Localhost', localhostProfile: 'p' } })], { securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } }), {}, 'pass'],
  ['Unconfined profile', 'v1.0', 'appArmorProfile', podSpec([ctr('a', { appArmorProfile: { type: 'Unconfined' } })]), {},
    { reason: 'forbidden AppArmor profile', detail: 'container "a" must not set AppArmor profile type to "Unconfined"' }],
  ['empty profile object', 'latest', 'appArmorProfile', podSpec([ctr('a')], { securityContext: { appArmorProfile: {} } }), {},
    { reason: 'forbidden AppArmor profile', detail: 'pod must not set AppArmor profile type to ""' }],
  ['allowed annotations', 'v1.0', 'appArmorProfile', podSpec([ctr('a')]), { annotations: {
    'container.apparmor.security.beta.kubernetes.io/a': 'runtime/default', 'container.apparmor.security.beta.kubernetes.io/b': 'localhost/p', 'container.apparmor.security.beta.kubernetes.io/c': '' } }, 'pass'],
  ['unconfined annotation for a missing container', 'v1.0', 'appArmorProfile', podSpec([ctr('a')]), apparmor('ghost=unconfined'),
    { reason: 'forbidden AppArmor profile', detail: 'annotation must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/ghost=\\"unconfined\\""' }],
  // SELinux: container_engine_t from 1.31
  ['container_t', 'v1.0', 'seLinuxOptions', seLinux('container_t'), {}, 'pass'],
  ['container_engine_t at 1.30', 'v1.30', 'seLinuxOptions', seLinux('container_engine_t'), {},
    { reason: 'seLinuxOptions', detail: 'container "a" set forbidden securityContext.seLinuxOptions: type "container_engine_t"' }],
  ['container_engine_t at 1.31', 'v1.31', 'seLinuxOptions', seLinux('container_engine_t'), {}, 'pass'],
  ['user, role and level', 'latest', 'seLinuxOptions', podSpec([ctr('a', { seLinuxOptions: { role: 'r', level: 's0' } })], { securityContext: { seLinuxOptions: { user: 'u', type: 'spc_t' } } }), {},
    { reason: 'seLinuxOptions', detail: 'pod and container "a" set forbidden securityContext.seLinuxOptions: type "spc_t"; user may not be set; role may not be set' }],
  // /proc Mount Type: user-namespace relaxation from 1.35
  ['Default procMount', 'v1.0', 'procMount', podSpec([ctr('a', { procMount: 'Default' })]), {}, 'pass'],
  ['Unmasked, hostUsers:false at 1.34', 'v1.34', 'procMount', procMount(false), {},
    { reason: 'procMount', detail: 'container "a" must not set securityContext.procMount to "Unmasked"' }],
  ['Unmasked, hostUsers:false at 1.35', 'v1.35', 'procMount', procMount(false), {}, 'pass'],
  ['Unmasked, hostUsers unset at 1.35', 'v1.35', 'procMount', procMount(), {},
    { reason: 'procMount', detail: 'container "a" must not set securityContext.procMount to "Unmasked"' }],
  ['Unmasked, hostUsers:true at latest', 'latest', 'procMount', procMount(true), {},
    { reason: 'procMount', detail: 'container "a" must not set securityContext.procMount to "Unmasked"' }],
  // Seccomp (baseline): annotations before 1.19, fields from 1.19
  ['annotation unconfined at 1.18', 'v1.18', 'seccompProfile_baseline', podSpec([ctr('a')]), seccompAnn,
    { reason: 'seccompProfile', detail: 'forbidden annotation seccomp.security.alpha.kubernetes.io/pod="unconfined"' }],
  ['annotation ignored at 1.19', 'v1.19', 'seccompProfile_baseline', podSpec([ctr('a')]), seccompAnn, 'pass'],
  ['field ignored at 1.18', 'v1.18', 'seccompProfile_baseline', seccompField, {}, 'pass'],
  ['field Unconfined at 1.19', 'v1.19', 'seccompProfile_baseline', seccompField, {},
    { reason: 'seccompProfile', detail: 'pod must not set securityContext.seccompProfile.type to "Unconfined"' }],
  ['container annotations at 1.18', 'v1.18', 'seccompProfile_baseline', podSpec([ctr('a'), ctr('b')]), { annotations: {
    'container.seccomp.security.alpha.kubernetes.io/b': '', 'container.seccomp.security.alpha.kubernetes.io/a': 'docker/default', 'container.seccomp.security.alpha.kubernetes.io/ghost': 'unconfined' } },
    { reason: 'seccompProfile', detail: 'forbidden annotation container.seccomp.security.alpha.kubernetes.io/b=""' }],
  ['empty seccompProfile object at 1.19', 'v1.19', 'seccompProfile_baseline', podSpec([ctr('a', { seccompProfile: {} })]), {},
    { reason: 'seccompProfile', detail: 'container "a" must not set securityContext.seccompProfile.type to ""' }],
  ['unset seccomp at baseline', 'latest', 'seccompProfile_baseline', podSpec([ctr('a')]), {}, 'pass'],
  // Sysctls: the allowed list grows at 1.27, 1.29, 1.32 and 1.37
  ['base sysctl at 1.0', 'v1.0', 'sysctls', sysctl('net.ipv4.ping_group_range'), {}, 'pass'],
  ...sysctlBoundaries(),
  ['no wildcards, several names', 'latest', 'sysctls',
    podSpec([], { securityContext: { sysctls: [{ name: 'net.ipv4.*' }, { name: 'kernel.shm_rmid_forced' }, { name: 'kernel.msgmax' }, { value: '1' }] } }), {},
    { reason: 'forbidden sysctls', detail: 'net.ipv4.*, kernel.msgmax, ' }],
  // HostProcess
  ['hostProcess=false', 'latest', 'windowsHostProcess', podSpec([ctr('a', { windowsOptions: { hostProcess: false } })]), {}, 'pass'],
  ['hostProcess pod and container', 'v1.0', 'windowsHostProcess',
    podSpec([ctr('a', { windowsOptions: { hostProcess: true } })], { securityContext: { windowsOptions: { hostProcess: true } } }), {},
    { reason: 'hostProcess', detail: 'pod and container "a" must not set securityContext.windowsOptions.hostProcess=true' }],
]

describe('baseline checks, one row per behaviour and version boundary', () => {
  it.each(rows)('%s (%s, %s)', (_name, version, id, spec, meta, want) => {
    for (const level of ['baseline', 'restricted'] as const) {
      const got = checkOf(level, version, id, spec, meta)
      // Checks a restricted variant replaces are covered in checks-restricted.test.ts.
      if (level === 'restricted' && ['hostPathVolumes', 'capabilities_baseline', 'seccompProfile_baseline', 'procMount'].includes(id)) continue
      if (want === 'absent') expect(got).toBeUndefined()
      else if (want === 'pass') expect(got?.allowed).toBe(true)
      else expect(got && { allowed: got.allowed, reason: got.reason, detail: got.detail }).toEqual({ allowed: false, ...want })
    }
  })

  it('privileged level runs no check at all', () => {
    expect(checkOf('privileged', 'latest', 'privileged', podSpec([ctr('a', { privileged: true })]))).toBeUndefined()
  })
})
