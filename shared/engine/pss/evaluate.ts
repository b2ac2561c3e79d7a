/**
 * `validate.podSecurity`: run the level's checks at the policy's version, then apply Kyverno's
 * exclusions. Errors (bad level or version) are values, never throws.
 */
import type { JsonObject } from '../../lib/json.ts'
import { applyExclusions, type PssExclude, type ViolationMap } from './exclude.ts'
import { runChecks, type CheckRun } from './run.ts'
import type { PssFieldError, PssLevel } from './types.ts'
import type { Result } from '../../lib/result.ts'
import { parsePssVersion } from './version.ts'
import { boundedMemo } from '../../lib/memo.ts'

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

// Policies name a handful of versions.
const MAX_VERSIONS = 256
const minorOf: (version: string | undefined) => Result<number> = boundedMemo(parsePssVersion, MAX_VERSIONS)

/** The checks run and the violations left after exclusions, or why the options are invalid. */
function assess(podMeta: JsonObject, podSpec: JsonObject, opts: PodSecurityOptions): { runs: readonly CheckRun[]; violations: ViolationMap } | { error: string } {
  if (!LEVELS.includes(opts.level)) return { error: `invalid pod security level "${String(opts.level)}"` }
  const version = minorOf(opts.version)
  if (!version.ok) return { error: version.error }
  const pod = { meta: podMeta, spec: podSpec }
  const runs = runChecks(opts.level, version.value, pod)
  const violations: ViolationMap = new Map()
  for (const { def, result } of runs) if (!result.allowed) violations.set(def.id, [...result.fieldErrors])
  applyExclusions(violations, opts.exclude ?? [], pod, opts.level, version.value)
  return { runs, violations }
}

function report({ def, result }: CheckRun, violations: ViolationMap): PssCheckReport {
  const remaining = result.allowed ? undefined : violations.get(def.id)
  // A plain literal of one shape: spreading a shared base here was the slowest part of the subrule.
  return {
    id: def.id,
    controlName: def.controlName,
    reason: result.forbiddenReason,
    detail: result.forbiddenDetail,
    allowed: !remaining,
    fieldErrors: remaining ?? [],
    excluded: !result.allowed && !remaining,
  }
}

/**
 * Evaluates a pod (its metadata and spec, e.g. from {@link podSpecOf}) against a Pod Security
 * Standards level and version, with Kyverno's `exclude[]` semantics.
 */
export function evaluatePodSecurity(
  podMeta: JsonObject,
  podSpec: JsonObject,
  opts: PodSecurityOptions,
): PssEvaluation | { error: string } {
  const a = assess(podMeta, podSpec, opts)
  if ('error' in a) return a
  const checks = a.runs.map((run) => report(run, a.violations))
  return { allowed: checks.every((c) => c.allowed), checks }
}

/** The checks of {@link evaluatePodSecurity} that are not allowed, in order (none: the pod passes). */
export function podSecurityFailures(podMeta: JsonObject, podSpec: JsonObject, opts: PodSecurityOptions): PssCheckReport[] | { error: string } {
  const a = assess(podMeta, podSpec, opts)
  if ('error' in a) return a
  const failures: PssCheckReport[] = []
  for (const run of a.runs) {
    if (!run.result.allowed && a.violations.has(run.def.id)) failures.push(report(run, a.violations))
  }
  return failures
}
