/** Runs the checks a level selects at a version against one pod. */
import { checksFor } from './registry.ts'
import type { PodView, PssCheckDef, PssCheckResult, PssLevel } from './types.ts'

/** One check's verdict on one pod. */
export interface CheckRun {
  def: PssCheckDef
  result: PssCheckResult
}

/** Every applicable check's verdict, in registry order. */
export function runChecks(level: PssLevel, minor: number, pod: PodView): CheckRun[] {
  return checksFor(level, minor).map(({ def, variant }) => ({ def, result: variant.check(pod) }))
}
