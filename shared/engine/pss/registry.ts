/**
 * The version-aware check registry. Order is pod-security-admission's registration order (its
 * `check_*.go` files sorted by name), which is the order Kyverno lists violations in.
 */
import { appArmorProfileV1Dot0 } from './checks/apparmor.ts'
import { capabilitiesBaselineV1Dot0, capabilitiesRestrictedV1Dot22, capabilitiesRestrictedV1Dot25 } from './checks/capabilities.ts'
import { hostNamespacesV1Dot0 } from './checks/host-namespaces.ts'
import { hostPortsV1Dot0 } from './checks/host-ports.ts'
import { hostProbesAndHostLifecycleV1Dot34 } from './checks/host-probes.ts'
import { allowPrivilegeEscalationV1Dot25, allowPrivilegeEscalationV1Dot8 } from './checks/privilege-escalation.ts'
import { privilegedV1Dot0 } from './checks/privileged.ts'
import { procMountBaselineV1Dot35, procMountDefaultOnly } from './checks/proc-mount.ts'
import { runAsNonRootV1Dot0, runAsNonRootV1Dot35, runAsUserV1Dot23, runAsUserV1Dot35 } from './checks/run-as.ts'
import {
  seccompProfileBaselineV1Dot0,
  seccompProfileBaselineV1Dot19,
  seccompProfileRestrictedV1Dot19,
  seccompProfileRestrictedV1Dot25,
} from './checks/seccomp.ts'
import { seLinuxOptionsV1Dot0, seLinuxOptionsV1Dot31 } from './checks/selinux.ts'
import { sysctlsV1Dot0, sysctlsV1Dot27, sysctlsV1Dot29, sysctlsV1Dot32, sysctlsV1Dot37 } from './checks/sysctls.ts'
import { hostPathVolumesV1Dot0, restrictedVolumesV1Dot0 } from './checks/volumes.ts'
import { windowsHostProcessV1Dot0 } from './checks/windows-host-process.ts'
import type { CheckVariant, PssCheckDef, PssLevel } from './types.ts'

/** Every check Kubernetes defines, with the PSS control name Kyverno maps its ID to. */
export const PSS_CHECKS: readonly PssCheckDef[] = [
  {
    id: 'allowPrivilegeEscalation',
    level: 'restricted',
    controlName: 'Privilege Escalation',
    variants: [
      { minVersion: 8, check: allowPrivilegeEscalationV1Dot8 },
      { minVersion: 25, check: allowPrivilegeEscalationV1Dot25 },
    ],
  },
  { id: 'appArmorProfile', level: 'baseline', controlName: 'AppArmor', variants: [{ minVersion: 0, check: appArmorProfileV1Dot0 }] },
  {
    id: 'capabilities_baseline',
    level: 'baseline',
    controlName: 'Capabilities',
    variants: [{ minVersion: 0, check: capabilitiesBaselineV1Dot0 }],
  },
  {
    id: 'capabilities_restricted',
    level: 'restricted',
    controlName: 'Capabilities',
    variants: [
      { minVersion: 22, check: capabilitiesRestrictedV1Dot22, overrides: ['capabilities_baseline'] },
      { minVersion: 25, check: capabilitiesRestrictedV1Dot25, overrides: ['capabilities_baseline'] },
    ],
  },
  { id: 'hostNamespaces', level: 'baseline', controlName: 'Host Namespaces', variants: [{ minVersion: 0, check: hostNamespacesV1Dot0 }] },
  { id: 'hostPathVolumes', level: 'baseline', controlName: 'HostPath Volumes', variants: [{ minVersion: 0, check: hostPathVolumesV1Dot0 }] },
  { id: 'hostPorts', level: 'baseline', controlName: 'Host Ports', variants: [{ minVersion: 0, check: hostPortsV1Dot0 }] },
  {
    id: 'hostProbesAndHostLifecycle',
    level: 'baseline',
    controlName: 'Host Probes / Lifecycle Hooks',
    variants: [{ minVersion: 34, check: hostProbesAndHostLifecycleV1Dot34 }],
  },
  { id: 'privileged', level: 'baseline', controlName: 'Privileged Containers', variants: [{ minVersion: 0, check: privilegedV1Dot0 }] },
  {
    id: 'procMount',
    level: 'baseline',
    controlName: '/proc Mount Type',
    variants: [
      { minVersion: 0, check: procMountDefaultOnly },
      { minVersion: 35, check: procMountBaselineV1Dot35 },
    ],
  },
  {
    id: 'procMount_restricted',
    level: 'restricted',
    controlName: '/proc Mount Type',
    variants: [{ minVersion: 35, check: procMountDefaultOnly, overrides: ['procMount'] }],
  },
  {
    id: 'restrictedVolumes',
    level: 'restricted',
    controlName: 'Volume Types',
    variants: [{ minVersion: 0, check: restrictedVolumesV1Dot0, overrides: ['hostPathVolumes'] }],
  },
  {
    id: 'runAsNonRoot',
    level: 'restricted',
    controlName: 'Running as Non-root',
    variants: [
      { minVersion: 0, check: runAsNonRootV1Dot0 },
      { minVersion: 35, check: runAsNonRootV1Dot35 },
    ],
  },
  {
    id: 'runAsUser',
    level: 'restricted',
    controlName: 'Running as Non-root user',
    variants: [
      { minVersion: 23, check: runAsUserV1Dot23 },
      { minVersion: 35, check: runAsUserV1Dot35 },
    ],
  },
  {
    id: 'seLinuxOptions',
    level: 'baseline',
    controlName: 'SELinux',
    variants: [
      { minVersion: 0, check: seLinuxOptionsV1Dot0 },
      { minVersion: 31, check: seLinuxOptionsV1Dot31 },
    ],
  },
  {
    id: 'seccompProfile_baseline',
    level: 'baseline',
    controlName: 'Seccomp',
    variants: [
      { minVersion: 0, check: seccompProfileBaselineV1Dot0 },
      { minVersion: 19, check: seccompProfileBaselineV1Dot19 },
    ],
  },
  {
    id: 'seccompProfile_restricted',
    level: 'restricted',
    controlName: 'Seccomp',
    variants: [
      { minVersion: 19, check: seccompProfileRestrictedV1Dot19, overrides: ['seccompProfile_baseline'] },
      { minVersion: 25, check: seccompProfileRestrictedV1Dot25, overrides: ['seccompProfile_baseline'] },
    ],
  },
  {
    id: 'sysctls',
    level: 'baseline',
    controlName: 'Sysctls',
    variants: [
      { minVersion: 0, check: sysctlsV1Dot0 },
      { minVersion: 27, check: sysctlsV1Dot27 },
      { minVersion: 29, check: sysctlsV1Dot29 },
      { minVersion: 32, check: sysctlsV1Dot32 },
      { minVersion: 37, check: sysctlsV1Dot37 },
    ],
  },
  {
    id: 'windowsHostProcess',
    level: 'baseline',
    controlName: 'HostProcess',
    variants: [{ minVersion: 0, check: windowsHostProcessV1Dot0 }],
  },
]

/** Every Pod Security Standards control name an exclusion may name. */
export const PSS_CONTROL_NAMES: readonly string[] = [...new Set(PSS_CHECKS.map((c) => c.controlName))]

/** The check IDs behind a control name (Kyverno's `PSS_control_name_to_ids`); empty for unknown names. */
export function checkIdsOfControl(controlName: string): string[] {
  return PSS_CHECKS.filter((c) => c.controlName === controlName).map((c) => c.id)
}

/** A check as it runs at one version: its definition and the variant selected. */
export interface ApplicableCheck {
  def: PssCheckDef
  variant: CheckVariant
}

/** The variant with the largest `minVersion <= minor`, or `undefined` before the check exists. */
export function variantAt(def: PssCheckDef, minor: number): CheckVariant | undefined {
  let chosen: CheckVariant | undefined
  for (const v of def.variants) if (v.minVersion <= minor && (!chosen || v.minVersion >= chosen.minVersion)) chosen = v
  return chosen
}

/**
 * The checks a level runs at `v1.<minor>`: none for privileged; baseline checks for baseline; and
 * for restricted every baseline and restricted check except baseline checks a restricted variant
 * overrides at that version.
 */
export function checksFor(level: PssLevel, minor: number): ApplicableCheck[] {
  return [...applicableChecks(level, minor)]
}

const applicable = new Map<PssLevel, Map<number, readonly ApplicableCheck[]>>()

/** {@link checksFor}, worked out once per level and version (versions are capped at the latest, so few). */
export function applicableChecks(level: PssLevel, minor: number): readonly ApplicableCheck[] {
  let byMinor = applicable.get(level)
  if (!byMinor) {
    byMinor = new Map()
    applicable.set(level, byMinor)
  }
  let checks = byMinor.get(minor)
  if (!checks) {
    checks = selectChecks(level, minor)
    byMinor.set(minor, checks)
  }
  return checks
}

const ofControl = new WeakMap<readonly ApplicableCheck[], Map<string, readonly ApplicableCheck[]>>()

/** The checks of {@link applicableChecks} that belong to one control (empty for unknown names). */
export function applicableChecksOfControl(level: PssLevel, minor: number, controlName: string): readonly ApplicableCheck[] {
  const all = applicableChecks(level, minor)
  let byControl = ofControl.get(all)
  if (!byControl) {
    byControl = new Map()
    ofControl.set(all, byControl)
  }
  let checks = byControl.get(controlName)
  if (!checks) {
    const ids = new Set(checkIdsOfControl(controlName))
    checks = all.filter((c) => ids.has(c.def.id))
    // Control names come from policies; unknown ones are not remembered.
    if (ids.size > 0) byControl.set(controlName, checks)
  }
  return checks
}

function selectChecks(level: PssLevel, minor: number): ApplicableCheck[] {
  if (level === 'privileged') return []
  const selected: ApplicableCheck[] = []
  for (const def of PSS_CHECKS) {
    if (level === 'baseline' && def.level !== 'baseline') continue
    const variant = variantAt(def, minor)
    if (variant) selected.push({ def, variant })
  }
  const overridden = new Set(selected.flatMap((c) => (c.def.level === 'restricted' ? (c.variant.overrides ?? []) : [])))
  return selected.filter((c) => c.def.level !== 'baseline' || !overridden.has(c.def.id))
}
