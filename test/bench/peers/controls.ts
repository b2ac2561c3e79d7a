/**
 * Verdicts per resource and Pod Security control, at each level, in one shape for every tool, so
 * that tools are compared control by control rather than by counts. Control names are the Pod
 * Security Standards' (as Kyverno's `exclude[].controlName` spells them).
 */

export type Level = 'baseline' | 'restricted'
export const LEVELS: readonly Level[] = ['baseline', 'restricted']

/**
 * Controls the restricted level tightens beyond baseline (drop ALL, a required seccomp profile,
 * a volume-type allow-list that replaces the hostPath check): a tool covers these at restricted
 * only with a rule of its own for the restricted requirement.
 */
export const TIGHTENED_AT_RESTRICTED: ReadonlySet<string> = new Set(['Capabilities', 'Seccomp', 'Volume Types'])

/** At restricted the volume-type allow-list replaces the hostPath check (PSS `restrictedVolumes` overrides `hostPathVolumes`). */
export function atLevel(control: string, level: Level): string {
  return level === 'restricted' && control === 'HostPath Volumes' ? 'Volume Types' : control
}

/** One tool's rules: the control each checks and the level it belongs to. */
export interface RuleControl {
  control: string
  level: Level
}

/** What a tool checks at each level, derived from its rules (see {@link TIGHTENED_AT_RESTRICTED}). */
export function coverageOf(rules: readonly RuleControl[]): Record<Level, Set<string>> {
  const baseline = new Set(rules.filter((r) => r.level === 'baseline').map((r) => r.control))
  const restricted = new Set<string>()
  for (const c of baseline) if (!TIGHTENED_AT_RESTRICTED.has(atLevel(c, 'restricted'))) restricted.add(atLevel(c, 'restricted'))
  for (const r of rules) if (r.level === 'restricted') restricted.add(atLevel(r.control, 'restricted'))
  return { baseline, restricted }
}

/** The controls a resource fails at each level. */
export type Failing = Record<Level, Set<string>>

export function emptyFailing(): Failing {
  return { baseline: new Set(), restricted: new Set() }
}

/** Records a failed rule: at its own level, and (all baseline rules being part of restricted) at restricted. */
export function recordFailure(f: Failing, rule: RuleControl): void {
  if (rule.level === 'baseline') f.baseline.add(rule.control)
  f.restricted.add(atLevel(rule.control, 'restricted'))
}

/** Kubernetes' forbidden reasons (what Verdict's podSecurity messages print) → the control they belong to. */
const REASON_CONTROL: Record<string, string> = {
  'host namespaces': 'Host Namespaces',
  privileged: 'Privileged Containers',
  'non-default capabilities': 'Capabilities',
  'unrestricted capabilities': 'Capabilities',
  'hostPath volumes': 'HostPath Volumes',
  'restricted volume types': 'Volume Types',
  hostPort: 'Host Ports',
  'forbidden AppArmor profile': 'AppArmor',
  'forbidden AppArmor profiles': 'AppArmor',
  seLinuxOptions: 'SELinux',
  procMount: '/proc Mount Type',
  seccompProfile: 'Seccomp',
  'forbidden sysctls': 'Sysctls',
  hostProcess: 'HostProcess',
  'allowPrivilegeEscalation != false': 'Privilege Escalation',
  'runAsNonRoot != true': 'Running as Non-root',
  'runAsUser=0': 'Running as Non-root user',
  'probe or lifecycle host': 'Host Probes / Lifecycle Hooks',
}

/** The controls named by a failed podSecurity rule message (`… (Forbidden reason: X, field error list: […])…`). */
export function controlsInPssMessage(message: string): string[] {
  const out: string[] = []
  for (const m of message.matchAll(/\(Forbidden reason: (.*?), field error list: \[/g)) {
    const control = REASON_CONTROL[m[1] as string]
    if (!control) throw new Error(`unknown Pod Security reason "${m[1]}" in: ${message.slice(0, 200)}`)
    out.push(control)
  }
  if (out.length === 0) throw new Error(`no Pod Security reason in a failed podSecurity message: ${message.slice(0, 200)}`)
  return out
}
