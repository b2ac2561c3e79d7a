/**
 * The engine's outcomes: a closed set of statuses with constructors, and the per-policy,
 * per-rule response every later feature (admission answers, CI reports, the verdict log) consumes.
 */
import { z } from 'zod'

export const RuleStatus = z.enum(['pass', 'fail', 'warn', 'error', 'skip'])
export type RuleStatus = z.infer<typeof RuleStatus>

export const FailureAction = z.enum(['Enforce', 'Audit'])
export type FailureAction = z.infer<typeof FailureAction>

export const RuleResponse = z.object({
  rule: z.string(),
  ruleType: z.enum(['validate', 'mutate', 'generate', 'verifyImages']),
  status: RuleStatus,
  message: z.string(),
  action: FailureAction,
  /** Set when the rule uses a Kyverno feature Verdict does not evaluate yet (status is then `error`). */
  unsupported: z.string().optional(),
})
export type RuleResponse = z.infer<typeof RuleResponse>

export const ResourceRef = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  namespace: z.string(),
  name: z.string(),
})
export type ResourceRef = z.infer<typeof ResourceRef>

export const PolicyResponse = z.object({
  policy: z.object({ kind: z.enum(['ClusterPolicy', 'Policy']), name: z.string(), namespace: z.string() }),
  resource: ResourceRef,
  rules: z.array(RuleResponse),
})
export type PolicyResponse = z.infer<typeof PolicyResponse>

/** What a handler decides; the pipeline adds rule name, type and action. */
export interface Outcome {
  status: RuleStatus
  message: string
  unsupported?: string
}

export const pass = (message: string): Outcome => ({ status: 'pass', message })
export const fail = (message: string): Outcome => ({ status: 'fail', message })
export const skip = (message: string): Outcome => ({ status: 'skip', message })
export const error = (message: string): Outcome => ({ status: 'error', message })
export const warn = (message: string): Outcome => ({ status: 'warn', message })
export const unsupported = (feature: string): Outcome => ({
  status: 'error',
  message: `unsupported: ${feature} is not evaluated by Verdict yet`,
  unsupported: feature,
})
