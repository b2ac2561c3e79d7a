/**
 * What the linter reports: one finding per problem, pointing at a JSON path in the policy (and a
 * YAML line when the source is known), with a severity, a stable code and how to fix it.
 */
import { z } from 'zod'

export const LintCode = z.enum([
  'invalid-policy',
  'wildcard-key',
  'cluster-policy-namespace',
  'impossible-path',
  'pod-annotation-on-controller',
  'jmespath-syntax',
  'jmespath-unknown-function',
  'jmespath-literal-wildcard',
  'deny-always-fires',
  'lowercase-failure-action',
  'spec-failure-action',
  'deprecated-apparmor-annotation',
  'no-kinds',
  'pod-and-controllers',
  'autogen-overlap',
  'background-request-only',
])
export type LintCode = z.infer<typeof LintCode>

export const Severity = z.enum(['warning', 'error'])
export type Severity = z.infer<typeof Severity>

export const LintFinding = z.object({
  /** JSON path into the policy, e.g. `spec.rules[0].validate.anyPattern[0].spec.template?`. */
  path: z.string(),
  /** 1-based line of that path in the YAML source, when the linter was given one. */
  line: z.number().int().min(1).optional(),
  severity: Severity,
  code: LintCode,
  message: z.string(),
  fix: z.string(),
})
export type LintFinding = z.infer<typeof LintFinding>

/** A path as segments: object keys and array indexes. */
export type Segment = string | number

/** A finding before its path is rendered and its line looked up. */
export interface RawFinding {
  at: readonly Segment[]
  severity: Severity
  code: LintCode
  message: string
  fix: string
}

export const warning = (at: readonly Segment[], code: LintCode, message: string, fix: string): RawFinding => ({ at, severity: 'warning', code, message, fix })
export const error = (at: readonly Segment[], code: LintCode, message: string, fix: string): RawFinding => ({ at, severity: 'error', code, message, fix })

// Keys that read unambiguously after a dot; anything else (dots, slashes, brackets, spaces) is quoted.
const PLAIN_KEY = /^[A-Za-z0-9_$?*()=^<>+!-]+$/

/**
 * `spec.rules[0].validate.anyPattern[0].spec.template?`; a key that would be ambiguous after a dot
 * is written `["container.apparmor.security.beta.kubernetes.io/*"]`.
 */
export function formatPath(at: readonly Segment[]): string {
  let out = ''
  for (const seg of at) {
    if (typeof seg === 'number') out += `[${seg}]`
    else if (PLAIN_KEY.test(seg)) out += out === '' ? seg : `.${seg}`
    else out += `[${JSON.stringify(seg)}]`
  }
  return out
}
