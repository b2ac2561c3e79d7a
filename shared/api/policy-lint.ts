/**
 * The linter on policy writes: errors (JMESPath that does not parse or calls unknown functions)
 * refuse the write with a 400 naming each path; warnings go back in the write's response.
 */
import { z } from 'zod'
import type { JsonValue } from '../lib/json.ts'
import { LintFinding, lintPolicy } from '../lint/index.ts'
import { ApiError } from './errors.ts'

/** A warning in a write's response: a lint finding, or a loader note (path and message only). */
export const PolicyWarning = LintFinding.partial({ severity: true, code: true, fix: true })
export type PolicyWarning = z.infer<typeof PolicyWarning>

/**
 * Lints a policy that passed the gate. `prefix` locates it in the request body (`policies[2].`).
 * Throws a 400 when a finding is an error; returns the warnings.
 */
export function lintOnWrite(doc: JsonValue, prefix = ''): PolicyWarning[] {
  const findings = lintPolicy(doc)
  const errors = findings.filter((f) => f.severity === 'error')
  if (errors.length > 0) {
    throw new ApiError(
      'bad_request',
      `${prefix}the policy has expressions Kyverno cannot evaluate`,
      errors.map((e) => ({ path: `${prefix}${e.path}`, message: `${e.message} (${e.fix})` })),
    )
  }
  return findings
}
