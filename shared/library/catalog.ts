/**
 * What the built-in library offers, as data: each set, its versions (semver) and the policy files
 * of each version under `sets/<set>/<version>/<policy>/<policy>.yaml`. The YAML texts themselves
 * come from `bundle.generated.ts`, so the library works where there is no file system (Workers).
 */

/** One released version of a library set. */
export interface CatalogVersion {
  version: string
  /** What this version is, or changed. */
  notes: string
  /** Policy names; each is `sets/<set>/<version>/<name>/<name>.yaml`. */
  policies: readonly string[]
}

/** A library set and every version still offered (a tenant may pin any of them). */
export interface CatalogSet {
  name: string
  title: string
  description: string
  versions: readonly CatalogVersion[]
}

const PSS_1_0_0 = 'The Pod Security Standards as Kubernetes v1.36 defines them (podSecurity version v1.36).'
const PSS_1_1_0 =
  'The Pod Security Standards as Kubernetes v1.37 defines them (podSecurity version v1.37): the Sysctls control also allows net.ipv4.tcp_slow_start_after_idle and net.ipv4.tcp_notsent_lowat.'

function pss(level: 'baseline' | 'restricted', perControl: boolean): CatalogSet {
  const policy = `pod-security-${level}`
  const what =
    level === 'baseline'
      ? 'The baseline level of the Pod Security Standards: no host namespaces, privileged containers, added capabilities, hostPath volumes, host ports or probe hosts, no Unconfined AppArmor or seccomp, no custom SELinux types, no unmasked /proc, only safe sysctls, no Windows HostProcess.'
      : 'The restricted level of the Pod Security Standards: the baseline level, plus non-root users, no privilege escalation, all capabilities dropped, a RuntimeDefault or Localhost seccomp profile and only ephemeral or projected volume types.'
  const form = perControl
    ? ` One rule per control, so single controls can be switched to Audit (install with ruleFailureActions, or edit that rule); it decides exactly as ${policy} does, and installing it replaces that policy (same name).`
    : ` One podSecurity rule for the whole level; denials name the controls, containers and fields as Kubernetes does.`
  return {
    name: perControl ? `${policy}-per-control` : policy,
    title: `Pod Security Standards: ${level}${perControl ? ', per control' : ''}`,
    description: what + form + ' Versions pin the Kubernetes version of the standards, so an installed set never changes under you.',
    versions: [
      { version: '1.0.0', notes: PSS_1_0_0, policies: [policy] },
      { version: '1.1.0', notes: PSS_1_1_0, policies: [policy] },
    ],
  }
}

/** Every set the service ships, in display order. */
export const CATALOG: readonly CatalogSet[] = [
  {
    name: 'runtime-security-profiles',
    title: 'Runtime security profiles: seccomp and AppArmor',
    description:
      'Every workload runs with a seccomp profile (RuntimeDefault or Localhost, on the Pod or on every container; never Unconfined) and never with an Unconfined AppArmor profile, through the appArmorProfile field and the deprecated annotations alike. Matches Pods; autogen covers every Pod controller.',
    versions: [
      {
        version: '1.0.0',
        notes: 'require-seccomp-profile and restrict-apparmor-profile: corrected versions of widely copied policies that denied every Pod or never fired.',
        policies: ['require-seccomp-profile', 'restrict-apparmor-profile'],
      },
    ],
  },
  pss('baseline', false),
  pss('restricted', false),
  pss('baseline', true),
  pss('restricted', true),
]

/** Where a policy's YAML lives, relative to `shared/library/`. */
export function policyPath(set: string, version: string, policy: string): string {
  return `sets/${set}/${version}/${policy}/${policy}.yaml`
}
