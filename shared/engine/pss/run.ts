/** Runs the checks a level selects at a version against one pod. */
import { checkResult, runOf } from './memo.ts'
import { withSharedContainers } from './pod.ts'
import { applicableChecks, type ApplicableCheck } from './registry.ts'
import type { PodView, PssCheckDef, PssCheckResult, PssLevel } from './types.ts'

/** One check's verdict on one pod. */
export interface CheckRun {
  def: PssCheckDef
  result: PssCheckResult
}

/** Every applicable check's verdict, in registry order. */
export function runChecks(level: PssLevel, minor: number, pod: PodView): readonly CheckRun[] {
  return runAll(applicableChecks(level, minor), pod)
}

/** The verdicts of the given checks (in their order) on one pod. */
export function runAll(checks: readonly ApplicableCheck[], pod: PodView): readonly CheckRun[] {
  return runOf(pod, checks, () =>
    withSharedContainers(pod.spec, () => {
      const runs: CheckRun[] = []
      for (const { def, variant } of checks) runs.push({ def, result: checkResult(variant.check, pod) })
      return runs
    }),
  )
}
