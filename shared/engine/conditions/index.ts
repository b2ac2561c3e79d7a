/** @module conditions — Kyverno condition operators (`Equals`, `AnyIn`, `GreaterThan`, …) and condition blocks (`preconditions`, `deny.conditions`), as pure functions over substituted JSON. */
export { evaluateConditions, type ConditionsOutcome, type EvaluateOptions, type Resolve } from './evaluate.ts'
export { CONDITION_OPERATORS, evaluateOperator, isConditionOperator, type ConditionOperatorName } from './operators.ts'
export { AnyAllConditions, Condition, ConditionBlock } from './schema.ts'
export { equals, notEquals } from './equal.ts'
export { inOperator, type InOperator } from './in.ts'
export { legacyIn } from './legacy-in.ts'
export { durationOperator, numericOperator } from './numeric.ts'
