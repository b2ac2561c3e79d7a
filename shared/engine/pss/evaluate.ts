/**
 * `validate.podSecurity`: run the level's checks at the policy's version, then apply Kyverno's
 * exclusions. Errors (bad level or version) are values, never throws.
 */
import type { JsonObject } from '../../lib/json.ts'
import { applyExclusions, type PssExclude, type ViolationMap } from './exclude.ts'
import { runChecks } from './run.ts'
import type { PssFieldError, PssLevel } from './types.ts'
import { parsePssVersion } from './version.ts'

/** The options of a `validate.podSecurity` subrule. */
export interface PodSecurityOptions {
  level: PssLevel
  /** `latest` or `v1.N`; absent or `""` means latest. */
  version?: string | undefined
  exclude?: PssExclude[] | undefined
}

/** One applicable check's outcome for the pod. */
export interface PssCheckReport {
  /** Kubernetes' check ID, e.g. `hostNamespaces`. */
  id: string
  /** The Pod Security Standards control it belongs to, e.g. `Host Namespaces`. */
  controlName: string
  allowed: boolean
  /** Kubernetes' forbidden reason (kept on excluded checks, `""` on checks that passed outright). */
  reason: string
  /** Kubernetes' forbidden detail (same convention as `reason`). */
  detail: string
  /** The violations left after exclusions, as Kyverno prints them. */
  fieldErrors: PssFieldError[]
  /** True when the check failed but exclusions forgave every violation. */
  excluded: boolean
}

/** The subrule's verdict: allowed when every applicable check is. */
export interface PssEvaluation {
  allowed: boolean
  /** Every check the level runs at the version, in Kyverno's order, passing ones included. */
  checks: PssCheckReport[]
}

const LEVELS: readonly string[] = ['privileged', 'baseline', 'restricted']

/**
 * Evaluates a pod (its metadata and spec, e.g. from {@link podSpecOf}) against a Pod Security
 * Standards level and version, with Kyverno's `exclude[]` semantics.
 */
export function evaluatePodSecurity(
  podMeta: JsonObject,
  podSpec: JsonObject,
  opts: PodSecurityOptions,
): PssEvaluation | { error: string } {
  if (!LEVELS.includes(opts.level)) return { error: `invalid pod security level "${String(opts.level)}"` }
  const version = parsePssVersion(opts.version)
  if (!version.ok) return { error: version.error }
  const pod = { meta: podMeta, spec: podSpec }
  const runs = runChecks(opts.level, version.value, pod)
  const violations: ViolationMap = new Map()
  for (const { def, result } of runs) if (!result.allowed) violations.set(def.id, [...result.fieldErrors])
  applyExclusions(violations, opts.exclude ?? [], pod, opts.level, version.value)
  const checks = runs.map(({ def, result }): PssCheckReport => {
    const remaining = violations.get(def.id)
    const base = { id: def.id, controlName: def.controlName, reason: result.forbiddenReason, detail: result.forbiddenDetail }
    if (result.allowed) return { ...base, allowed: true, fieldErrors: [], excluded: false }
    if (!remaining) return { ...base, allowed: true, fieldErrors: [], excluded: true }
    return { ...base, allowed: false, fieldErrors: remaining, excluded: false }
  })
  return { allowed: checks.every((c) => c.allowed), checks }
}
