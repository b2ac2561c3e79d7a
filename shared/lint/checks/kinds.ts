/**
 * How rules select workloads: Pod listed together with its controllers (which turns autogen off
 * for the whole policy and points the rule at the wrong object), and controllers checked twice
 * (explicitly and through autogen).
 */
import { warning, type RawFinding } from '../finding.ts'
import type { Check } from '../context.ts'
import { CONTROLLERS } from '../policy-view.ts'

export const podAndControllers: Check = (ctx) => {
  const out: RawFinding[] = []
  for (const rule of ctx.rules) {
    for (const { at, kinds } of rule.kindLists) {
      const controllers = kinds.filter((k) => CONTROLLERS.has(k))
      if (!kinds.includes('Pod') || controllers.length === 0) continue
      out.push(
        warning(
          at,
          'pod-and-controllers',
          `rule "${rule.name}" matches Pod together with ${controllers.join(', ')}: this turns autogen off for the whole policy, and the controllers are checked with the same pattern and variables as a Pod although they keep their Pod under ${controllers.includes('CronJob') ? 'spec.template (spec.jobTemplate.spec.template for a CronJob)' : 'spec.template'}, so for them the rule looks at the wrong object`,
          'match kinds: [Pod] only and write the rule for a Pod; autogen then checks the Pod template of every controller (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob)',
        ),
      )
    }
  }
  return out
}

export const autogenOverlap: Check = (ctx) => {
  if (ctx.autogen.size === 0 || !ctx.rules.some((r) => r.kinds.has('Pod'))) return []
  const out: RawFinding[] = []
  for (const rule of ctx.rules) {
    for (const { at, kinds } of rule.kindLists) {
      const twice = kinds.filter((k) => ctx.autogen.has(k))
      if (twice.length === 0) continue
      out.push(
        warning(
          at,
          'autogen-overlap',
          `rule "${rule.name}" matches ${twice.join(', ')}, which autogen already checks through this policy's Pod rules: those resources are evaluated twice, by two different rules`,
          'drop the controller kinds here and rely on autogen, or set the pod-policies.kyverno.io/autogen-controllers annotation to "none" and write the controller rules yourself',
        ),
      )
    }
  }
  return out
}
