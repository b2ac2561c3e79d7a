/**
 * The operator table: Kyverno's `ConditionOperators` names, looked up case-insensitively
 * (`CreateOperatorHandler` lower-cases the name), each bound to its handler.
 */
import { err, ok, type Result } from '../../lib/result.ts'
import { equals, notEquals } from './equal.ts'
import { inOperator } from './in.ts'
import { legacyIn } from './legacy-in.ts'
import { durationOperator, numericOperator } from './numeric.ts'
import { boundedMemo } from '../../lib/memo.ts'

/** Every operator name Kyverno accepts in a condition, in canonical spelling. */
export const CONDITION_OPERATORS = [
  'Equals',
  'Equal',
  'NotEquals',
  'NotEqual',
  'In',
  'AnyIn',
  'AllIn',
  'NotIn',
  'AnyNotIn',
  'AllNotIn',
  'GreaterThanOrEquals',
  'GreaterThan',
  'LessThanOrEquals',
  'LessThan',
  'DurationGreaterThanOrEquals',
  'DurationGreaterThan',
  'DurationLessThanOrEquals',
  'DurationLessThan',
] as const

export type ConditionOperatorName = (typeof CONDITION_OPERATORS)[number]

/** A handler gets the operator as written, because the numeric ones care about its spelling. */
type Handler = (op: string, key: unknown, value: unknown) => boolean

const HANDLERS: ReadonlyMap<string, Handler> = new Map<string, Handler>([
  ['equals', (_, k, v) => equals(k, v)],
  ['equal', (_, k, v) => equals(k, v)],
  ['notequals', (_, k, v) => notEquals(k, v)],
  ['notequal', (_, k, v) => notEquals(k, v)],
  ['in', (_, k, v) => legacyIn(false, k, v)],
  ['notin', (_, k, v) => legacyIn(true, k, v)],
  ['anyin', (_, k, v) => inOperator('AnyIn', k, v)],
  ['allin', (_, k, v) => inOperator('AllIn', k, v)],
  ['anynotin', (_, k, v) => inOperator('AnyNotIn', k, v)],
  ['allnotin', (_, k, v) => inOperator('AllNotIn', k, v)],
  ['greaterthanorequals', numericOperator],
  ['greaterthan', numericOperator],
  ['lessthanorequals', numericOperator],
  ['lessthan', numericOperator],
  ['durationgreaterthanorequals', durationOperator],
  ['durationgreaterthan', durationOperator],
  ['durationlessthanorequals', durationOperator],
  ['durationlessthan', durationOperator],
])

/** True when `name` is a Kyverno condition operator in any letter case. */
export function isConditionOperator(name: string): boolean {
  return HANDLERS.has(name.toLowerCase())
}

/**
 * Applies a condition operator to an already-substituted key and value.
 * Unknown operator → error; otherwise the operator's verdict (type mismatches are `false`, never errors).
 * @example evaluateOperator('AnyIn', 'kube-system', ['kube-*']) // ok(true)
 * @example evaluateOperator('Matches', 'a', 'a') // err('unknown condition operator "Matches"')
 */
// Operators as written, to their handler (`null` for unknown names): policies use a handful of spellings.
const MAX_SPELLINGS = 1024
const handlerFor = boundedMemo((operator: string): Handler | null => HANDLERS.get(operator.toLowerCase()) ?? null, MAX_SPELLINGS)

export function evaluateOperator(operator: string, key: unknown, value: unknown): Result<boolean, string> {
  const handler = handlerFor(operator)
  if (!handler) return err(`unknown condition operator ${JSON.stringify(operator)}`)
  return ok(handler(operator, key, value))
}
