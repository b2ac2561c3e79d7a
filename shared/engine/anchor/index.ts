/**
 * @module engine/anchor — pattern-key anchors parsed once into tags, their predicates, and the typed
 * `PatternError` the pattern walk returns. Imports nothing internal (Kyverno's `pkg/engine/anchor`).
 */
export {
  type Anchor,
  type AnchorType,
  parseAnchor,
  anchorString,
  goTrimSpace,
  isCondition,
  isGlobal,
  isNegation,
  isEquality,
  isExistence,
  isAdd,
  isAnchor,
  isPhaseOneAnchor,
  isValidateAnchor,
} from './parse.ts'
export {
  type PatternError,
  type PatternErrorKind,
  patternFailure,
  conditionalMismatch,
  conditionalKeyMissing,
  globalMismatch,
  negationMatched,
  combineSkips,
  isSkipError,
  isNegationError,
} from './error.ts'
