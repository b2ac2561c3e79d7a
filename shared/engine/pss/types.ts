/**
 * The shapes shared by every Pod Security Standards check: Kubernetes' `CheckResult`, the field
 * errors Kyverno's fork of pod-security-admission attaches to it, and the versioned registry entry.
 */
import type { JsonObject } from '../../lib/json.ts'

/** A Pod Security Standards level, as `validate.podSecurity.level` spells it. */
export type PssLevel = 'privileged' | 'baseline' | 'restricted'

/** Kubernetes' `policy.CheckResult`: reason and detail are only meaningful when `allowed` is false. */
export interface CheckResult {
  allowed: boolean
  forbiddenReason: string
  forbiddenDetail: string
}

/**
 * A value a field error reports as offending. Go's `field.Error.BadValue` is `interface{}`; the
 * checks only ever put strings, ints, bools or string lists there. Absent means Go's default `""`.
 */
export type PssBadValue = string | number | boolean | string[]

/**
 * One `field.Error` as Kyverno's pod-security-admission fork reports it (`WithFieldErrors()`).
 * Kyverno prints these in its failure message and matches `exclude[].restrictedField`/`values`
 * against them, so they are part of the observable behaviour, not a debugging aid.
 */
export interface PssFieldError {
  type: 'Forbidden' | 'Required'
  /** Pod-relative path with concrete indexes, e.g. `spec.containers[0].securityContext.privileged`. */
  field: string
  badValue?: PssBadValue
}

/** A check's verdict: Kubernetes' shape plus the field errors behind it (empty when allowed). */
export interface PssCheckResult extends CheckResult {
  fieldErrors: PssFieldError[]
}

/** The two parts of a pod the checks read (nothing else: no name, namespace or status). */
export interface PodView {
  meta: JsonObject
  spec: JsonObject
}

/** One version of one check. */
export type CheckFn = (pod: PodView) => PssCheckResult

/** A check implementation valid from `minVersion` (the `N` of `v1.N`) until a newer variant. */
export interface CheckVariant {
  minVersion: number
  check: CheckFn
  /** Baseline check IDs this restricted variant replaces at the restricted level. */
  overrides?: readonly string[]
}

/** A registered check: Kubernetes' check ID, its level, and the PSS control it belongs to. */
export interface PssCheckDef {
  id: string
  level: 'baseline' | 'restricted'
  /** The Pod Security Standards control name Kyverno's `exclude[].controlName` uses. */
  controlName: string
  /** Ascending by `minVersion`. */
  variants: readonly CheckVariant[]
}

/** The verdict for a pod that passes a check. */
export function allowed(): PssCheckResult {
  return { allowed: true, forbiddenReason: '', forbiddenDetail: '', fieldErrors: [] }
}

/** The verdict for a pod that fails a check. */
export function forbidden(reason: string, detail: string, fieldErrors: PssFieldError[]): PssCheckResult {
  return { allowed: false, forbiddenReason: reason, forbiddenDetail: detail, fieldErrors }
}
