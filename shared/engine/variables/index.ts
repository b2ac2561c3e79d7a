/**
 * @module variables — Kyverno's `{{ }}` variable and `$( )` reference substitution over policy
 * fragments, evaluated with the JMESPath module against a context document. Pure: the caller
 * supplies the context, the operation and the clock.
 */
export {
  loneVariable,
  substituteAll,
  substituteLoneVariable,
  substituteString,
  SUBSTITUTION_LIMITS,
  type LoneVariable,
  type SubstitutionOptions,
} from './substitute.ts'
export { SubstitutionError } from './errors.ts'
export { referencedVariables, findVariables, variableText } from './scan.ts'
