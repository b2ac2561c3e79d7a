/**
 * Policy-validation schemas for conditions (`preconditions`, `deny.conditions`,
 * `foreach[].preconditions`), matching Kyverno's `Condition` and `AnyAllConditions` types.
 * Unknown fields are stripped, as the API server prunes them.
 */
import { z } from 'zod'
import { isConditionOperator } from './operators.ts'

/** One condition: `key` and `value` are any JSON (variables still unsubstituted). */
export const Condition = z.object({
  key: z.json(),
  operator: z
    .string()
    .refine(isConditionOperator, { error: (issue) => `unknown condition operator ${JSON.stringify(issue.input)}` }),
  value: z.json().optional(),
  message: z.string().optional(),
})
export type Condition = z.infer<typeof Condition>

/** `{any, all}`. An explicit `any: []` is meaningful (it is false); `null` means absent. */
export const AnyAllConditions = z.object({
  any: z.array(Condition).nullish(),
  all: z.array(Condition).nullish(),
})
export type AnyAllConditions = z.infer<typeof AnyAllConditions>

/** Rule `preconditions` / `deny.conditions`: the legacy plain list (all must hold) or `{any, all}`. */
export const ConditionBlock = z.union([z.array(Condition), AnyAllConditions])
export type ConditionBlock = z.infer<typeof ConditionBlock>
