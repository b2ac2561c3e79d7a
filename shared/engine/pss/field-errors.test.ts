import { describe, expect, it } from 'vitest'
import type { JsonObject } from '../../lib/json.ts'
import { checkOf, ctr, podSpec } from './test-support.ts'
import type { PssFieldError, PssLevel } from './types.ts'

type Row = [id: string, level: PssLevel, version: string, spec: JsonObject, meta: JsonObject, want: PssFieldError[]]

// The field errors Kyverno's pod-security-admission fork reports: they drive its messages and exclusions.
const rows: Row[] = [
  ['hostNamespaces', 'baseline', 'latest', podSpec([], { hostPID: true }), {}, [{ type: 'Forbidden', field: 'spec.hostPID', badValue: true }]],
  ['hostPorts', 'baseline', 'latest', podSpec([ctr('a', undefined, { ports: [{ containerPort: 1 }, { hostPort: 80 }] })]), {},
    [{ type: 'Forbidden', field: 'spec.containers[0].ports[1].hostPort', badValue: 80 }]],
  ['hostPathVolumes', 'baseline', 'latest', podSpec([], { volumes: [{ name: 'h', hostPath: { path: '/' } }] }), {},
    [{ type: 'Forbidden', field: 'spec.volumes[0].hostPath', badValue: '/' }]],
  ['restrictedVolumes', 'restricted', 'latest', podSpec([], { volumes: [{ name: 'n', nfs: {} }] }), {}, [{ type: 'Forbidden', field: 'spec.volumes[0].nfs' }]],
  ['sysctls', 'baseline', 'latest', podSpec([], { securityContext: { sysctls: [{ name: 'kernel.shm_rmid_forced' }, { name: 'kernel.msgmax' }] } }), {},
    [{ type: 'Forbidden', field: 'spec.securityContext.sysctls[1].name', badValue: 'kernel.msgmax' }]],
  ['seLinuxOptions', 'baseline', 'latest', podSpec([ctr('a', { seLinuxOptions: { type: 'x' } })], { securityContext: { seLinuxOptions: { user: 'u' } } }), {}, [
    { type: 'Forbidden', field: 'spec.securityContext.seLinuxOptions.user', badValue: 'u' },
    { type: 'Forbidden', field: 'spec.containers[0].securityContext.seLinuxOptions.type', badValue: 'x' },
  ]],
  ['appArmorProfile', 'baseline', 'latest', podSpec([ctr('a', { appArmorProfile: { type: 'Unconfined' } })]),
    { annotations: { 'container.apparmor.security.beta.kubernetes.io/a': 'unconfined' } }, [
      { type: 'Forbidden', field: 'spec.containers[0].securityContext.appArmorProfile.type', badValue: 'Unconfined' },
      { type: 'Forbidden', field: 'metadata.annotations[container.apparmor.security.beta.kubernetes.io/a]', badValue: 'unconfined' },
    ]],
  ['seccompProfile_baseline', 'baseline', 'v1.18', podSpec([ctr('a')]), { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } },
    [{ type: 'Forbidden', field: 'metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]', badValue: 'unconfined' }]],
  ['windowsHostProcess', 'baseline', 'latest', podSpec([], { securityContext: { windowsOptions: { hostProcess: true } } }), {},
    [{ type: 'Forbidden', field: 'spec.securityContext.windowsOptions.hostProcess', badValue: true }]],
  ['procMount', 'baseline', 'latest', { initContainers: [ctr('i', { procMount: 'Unmasked' })] }, {},
    [{ type: 'Forbidden', field: 'spec.initContainers[0].securityContext.procMount', badValue: 'Unmasked' }]],
  ['capabilities_baseline', 'baseline', 'latest', podSpec([ctr('a', { capabilities: { add: ['SYS_ADMIN', 'NET_ADMIN', 'SYS_ADMIN'] } })]), {},
    [{ type: 'Forbidden', field: 'spec.containers[0].securityContext.capabilities.add', badValue: ['NET_ADMIN', 'SYS_ADMIN'] }]],
  ['hostProbesAndHostLifecycle', 'baseline', 'latest', { initContainers: [ctr('i', undefined, { lifecycle: { postStart: { httpGet: { host: 'h' } } } })] }, {},
    [{ type: 'Forbidden', field: 'spec.initContainers[0].lifecycle.postStart.httpGet.host', badValue: 'h' }]],
  ['runAsUser', 'restricted', 'latest', podSpec([ctr('a', { runAsUser: 0 })], { securityContext: { runAsUser: 0 } }), {}, [
    { type: 'Forbidden', field: 'spec.securityContext.runAsUser', badValue: 0 },
    { type: 'Forbidden', field: 'spec.containers[0].securityContext.runAsUser', badValue: 0 },
  ]],
  ['runAsNonRoot', 'restricted', 'latest', podSpec([ctr('a'), ctr('b', { runAsNonRoot: false })], { securityContext: { runAsNonRoot: false } }), {}, [
    { type: 'Forbidden', field: 'spec.securityContext.runAsNonRoot', badValue: false },
    { type: 'Forbidden', field: 'spec.containers[1].securityContext.runAsNonRoot', badValue: false },
    { type: 'Required', field: 'spec.containers[0].securityContext.runAsNonRoot' },
  ]],
  ['seccompProfile_restricted', 'restricted', 'latest', { ephemeralContainers: [ctr('e')] }, {},
    [{ type: 'Required', field: 'spec.ephemeralContainers[0].securityContext.seccompProfile.type' }]],
]

describe('field errors per check', () => {
  it.each(rows)('%s', (id, level, version, spec, meta, want) => {
    expect(checkOf(level, version, id, spec, meta)?.fieldErrors).toEqual(want)
  })
})
