import { describe, expect, it } from 'vitest'
import type { JsonObject } from '../../lib/json.ts'
import { evaluatePodSecurity } from './evaluate.ts'
import { PSS_CHECKS, checksFor } from './registry.ts'
import { ctr, evaluateOk } from './test-support.ts'
import { LATEST_PSS_VERSION, VERSION_ERROR, parsePssVersion } from './version.ts'

describe('version parsing', () => {
  it.each([
    ['latest', 37],
    [undefined, 37],
    ['', 37],
    ['v1.0', 0],
    ['v1.25', 25],
    ['v1.37', 37],
    ['v1.99', 37],
    ['v1.9223372036854775807', 37],
  ])('%j evaluates as 1.%i', (v, minor) => expect(parsePssVersion(v)).toEqual({ ok: true, value: minor }))

  it.each(['v2.0', 'v1.01', '1.25', 'v1', 'v1.', 'V1.2', 'Latest', ' latest', 'v1.2 ', 'v1.-1', 'v1.2.3', 'v1.9223372036854775808', 'v1.١'])(
    '%j is an error result, not a throw',
    (v) => {
      expect(parsePssVersion(v)).toEqual({ ok: false, error: VERSION_ERROR })
      expect(evaluatePodSecurity({}, {}, { level: 'baseline', version: v })).toEqual({ error: VERSION_ERROR })
    },
  )

  it('an invalid version is an error even at the privileged level', () => {
    expect(evaluatePodSecurity({}, {}, { level: 'privileged', version: 'v9' })).toEqual({ error: VERSION_ERROR })
  })

  it('an unknown level is an error result', () => {
    const opts = JSON.parse('{"level":"strict"}') as { level: 'baseline' }
    expect(evaluatePodSecurity({}, {}, opts)).toEqual({ error: 'invalid pod security level "strict"' })
  })

  it('latest is the newest MinimumVersion of any check', () => {
    expect(LATEST_PSS_VERSION).toBe(Math.max(...PSS_CHECKS.flatMap((c) => c.variants.map((v) => v.minVersion))))
  })
})

describe('latest vs v1.99 vs v1.36', () => {
  const spec = { containers: [ctr('a')], securityContext: { sysctls: [{ name: 'net.ipv4.tcp_notsent_lowat', value: '1' }] } }
  it('v1.99 evaluates exactly as latest', () => {
    for (const level of ['baseline', 'restricted'] as const) {
      expect(evaluateOk(level, 'v1.99', spec)).toEqual(evaluateOk(level, 'latest', spec))
    }
    expect(evaluateOk('baseline', 'latest', spec).allowed).toBe(true)
  })
  it('v1.36 still rejects the sysctl added in 1.37', () => {
    expect(evaluateOk('baseline', 'v1.36', spec).allowed).toBe(false)
  })
})

describe('registry selection', () => {
  const ids = (level: 'baseline' | 'restricted', minor: number) => checksFor(level, minor).map((c) => c.def.id)
  it.each([
    [0, ['appArmorProfile', 'capabilities_baseline', 'hostNamespaces', 'hostPorts', 'privileged', 'procMount', 'restrictedVolumes', 'runAsNonRoot', 'seLinuxOptions', 'seccompProfile_baseline', 'sysctls', 'windowsHostProcess']],
    [8, ['allowPrivilegeEscalation', 'appArmorProfile', 'capabilities_baseline', 'hostNamespaces', 'hostPorts', 'privileged', 'procMount', 'restrictedVolumes', 'runAsNonRoot', 'seLinuxOptions', 'seccompProfile_baseline', 'sysctls', 'windowsHostProcess']],
    [37, ['allowPrivilegeEscalation', 'appArmorProfile', 'capabilities_restricted', 'hostNamespaces', 'hostPorts', 'hostProbesAndHostLifecycle', 'privileged', 'procMount_restricted', 'restrictedVolumes', 'runAsNonRoot', 'runAsUser', 'seLinuxOptions', 'seccompProfile_restricted', 'sysctls', 'windowsHostProcess']],
  ])('restricted at 1.%i runs exactly these checks, in Kyverno order', (minor, want) => expect(ids('restricted', minor)).toEqual(want))

  it('baseline at latest runs the twelve baseline checks, hostPathVolumes included', () => {
    expect(ids('baseline', 37)).toEqual(['appArmorProfile', 'capabilities_baseline', 'hostNamespaces', 'hostPathVolumes', 'hostPorts', 'hostProbesAndHostLifecycle', 'privileged', 'procMount', 'seLinuxOptions', 'seccompProfile_baseline', 'sysctls', 'windowsHostProcess'])
  })

  it('uses the variant with the largest MinimumVersion not above the policy version', () => {
    const sysctls = (minor: number) => checksFor('baseline', minor).find((c) => c.def.id === 'sysctls')?.variant.minVersion
    expect([0, 26, 27, 28, 29, 31, 32, 36, 37].map(sysctls)).toEqual([0, 0, 27, 27, 29, 29, 32, 32, 37])
  })
})

// Every container kind, so "every container" requirements are exercised.
function pod(containerSC: JsonObject, podSC: JsonObject): JsonObject {
  return {
    securityContext: podSC,
    initContainers: [ctr('init', containerSC)],
    containers: [ctr('app', containerSC)],
    ephemeralContainers: [ctr('debug', containerSC)],
  }
}
const v1_0 = pod({}, { runAsNonRoot: true })
const v1_8 = pod({ allowPrivilegeEscalation: false }, { runAsNonRoot: true })
const v1_19 = pod({ allowPrivilegeEscalation: false }, { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } })
const v1_22 = pod({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } }, { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } })

describe('minimal valid restricted pod by version', () => {
  it.each([
    ['1.0 pod', v1_0, ['v1.0', 'v1.7'], 'v1.8', ['allowPrivilegeEscalation']],
    ['1.8 pod', v1_8, ['v1.8', 'v1.18'], 'v1.19', ['seccompProfile_restricted']],
    ['1.19 pod', v1_19, ['v1.19', 'v1.21'], 'v1.22', ['capabilities_restricted']],
  ])('%s passes from its version and fails at the next change point', (_n, spec, passing, failingAt, failedIds) => {
    for (const v of passing) expect(evaluateOk('restricted', v, spec).allowed).toBe(true)
    const r = evaluateOk('restricted', failingAt, spec)
    expect(r.checks.filter((c) => !c.allowed).map((c) => c.id)).toEqual(failedIds)
  })

  it.each(['v1.22', 'v1.23', 'v1.25', 'v1.34', 'v1.35', 'latest', 'v1.99'])('the 1.22 pod passes at %s', (v) => {
    expect(evaluateOk('restricted', v, v1_22).allowed).toBe(true)
  })

  it('each requirement covers init and ephemeral containers too', () => {
    const spec = { ...v1_22, ephemeralContainers: [ctr('debug', { allowPrivilegeEscalation: false })] }
    const failed = evaluateOk('restricted', 'latest', spec).checks.filter((c) => !c.allowed)
    expect(failed.map((c) => [c.id, c.detail])).toEqual([['capabilities_restricted', 'container "debug" must set securityContext.capabilities.drop=["ALL"]']])
  })

  it('the minimal Windows restricted pod is baseline + runAsNonRoot + os windows, from 1.25', () => {
    const spec = { os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [ctr('app')] }
    expect(evaluateOk('restricted', 'v1.25', spec).allowed).toBe(true)
    expect(evaluateOk('restricted', 'latest', spec).allowed).toBe(true)
    expect(evaluateOk('restricted', 'v1.24', spec).checks.filter((c) => !c.allowed).map((c) => c.id)).toEqual([
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'seccompProfile_restricted',
    ])
    const hostProcess = { ...spec, securityContext: { runAsNonRoot: true, windowsOptions: { hostProcess: true } } }
    expect(evaluateOk('restricted', 'latest', hostProcess).checks.filter((c) => !c.allowed).map((c) => c.id)).toEqual(['windowsHostProcess'])
  })
})
