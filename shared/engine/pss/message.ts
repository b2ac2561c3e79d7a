/** Kyverno's rule messages for `validate.podSecurity` (pass, and fail via `pss.FormatChecksPrint`). */
import { renderFieldError } from './field-errors.ts'
import type { PssFieldError } from './types.ts'

/** What a check needs to be printed. */
export interface PrintableCheck {
  allowed: boolean
  reason: string
  fieldErrors: readonly PssFieldError[]
}

/**
 * `pss.FormatChecksPrint`: one `(Forbidden reason: <reason>, field error list: [<errors>])` per
 * failing check, concatenated with no separator.
 */
export function formatChecksPrint(checks: readonly PrintableCheck[]): string {
  return checks
    .filter((c) => !c.allowed)
    .map((c) => `(Forbidden reason: ${c.reason}, field error list: [${c.fieldErrors.map(renderFieldError).join(', ')}])`)
    .join('')
}

/**
 * The rule message Kyverno gives: `Validation rule '<rule>' passed.` when no check fails, else
 * `Validation rule '<rule>' failed. It violates PodSecurity "<level>:<version>": <checks>`.
 * `version` is printed as the policy wrote it; Kyverno prints an omitted version as empty.
 */
export function formatPssMessage(
  rule: string,
  level: string,
  version: string | undefined,
  checks: readonly PrintableCheck[],
): string {
  if (checks.every((c) => c.allowed)) return `Validation rule '${rule}' passed.`
  return `Validation rule '${rule}' failed. It violates PodSecurity "${level}:${version ?? ''}": ${formatChecksPrint(checks)}`
}
