/**
 * @module engine/pattern — scalar comparison for validate patterns (Kyverno's `pkg/engine/pattern`
 * and `operator`): typed booleans/numbers/null, and string patterns with `|`, `&`, operators,
 * ranges, durations, quantities and globs. Imports only `shared/lib`.
 */
export { matchValue } from './value.ts'
export { matchStringPattern } from './string-pattern.ts'
export { getOperator, rangeEndpoints, type Operator } from './operator.ts'
export {
  type NumberModes,
  type GoNumber,
  goNumber,
  goTypeName,
  parseGoInt,
  parseGoFloat,
  numberText,
  comparableText,
} from './numbers.ts'
export { trimGoSpace, trimSpaces } from './text.ts'
