/**
 * One evaluation pass of a Test: every valid policy against every resource, as `kyverno test`
 * runs it (matching spec §5.3). Each (policy, resource) pair stores a response under the
 * resource key even when no rule matched. The pass's operation comes from the values
 * (`request.operation`, default CREATE) unless a result-level `operation` forces one; UPDATE
 * validates the resource as both object and old object, DELETE as the old object only, and
 * CONNECT evaluates as CREATE.
 */
import type { EvaluationInput, Operation, RequestUser } from '../engine/api.ts'
import type { PolicyResponse } from '../engine/result.ts'
import { cloneJson } from '../lib/json.ts'
import type { Engine, PolicyLike } from './engine.ts'
import type { TestResource } from './resources.ts'
import { OPERATION_KEY, operationOf, type TestValues } from './values.ts'

/** A policy's answer for one resource, or why there is none. */
export interface Evaluated<P extends PolicyLike> {
  policy: P
  response?: PolicyResponse
  /** Set when the engine threw. */
  thrown?: string
}

/** One pass's answers, per resource key. */
export type PassResponses<P extends PolicyLike> = Map<string, Array<Evaluated<P>>>

/** Everything one evaluation pass runs over. */
export interface PassContext<P extends PolicyLike> {
  engine: Engine<P>
  policies: readonly P[]
  resources: readonly TestResource[]
  values: TestValues
  user?: RequestUser
  now?: () => Date
}

/** The engine input for one (policy, resource) pair. */
export function inputFor<P extends PolicyLike>(ctx: PassContext<P>, policy: P, resource: TestResource, forced?: Operation): EvaluationInput {
  const global = ctx.values.resourceValues(policy.name, resource.name)
  const fromValues = operationOf(global)
  const requested = forced ?? (fromValues.ok ? fromValues.value : 'CREATE')
  if (forced) global[OPERATION_KEY] = forced
  // CONNECT evaluates as CREATE; `request.operation` in the values still says CONNECT.
  const operation = requested === 'CONNECT' ? 'CREATE' : requested
  const input: EvaluationInput = {
    operation,
    object: operation === 'DELETE' ? null : cloneJson(resource.object),
    oldObject: operation === 'UPDATE' || operation === 'DELETE' ? cloneJson(resource.object) : null,
    namespaceLabels: ctx.values.namespaceLabels(resource.namespace),
    values: { global, rule: ctx.values.rule, foreach: ctx.values.foreach },
    numberMode: 'float',
  }
  if (ctx.user) input.user = ctx.user
  if (ctx.now) input.now = ctx.now
  return input
}

/** Runs one pass: every policy on every resource. Never throws. */
export function evaluatePass<P extends PolicyLike>(ctx: PassContext<P>, forced?: Operation): PassResponses<P> {
  const out: PassResponses<P> = new Map()
  for (const resource of ctx.resources) {
    const answers: Array<Evaluated<P>> = []
    for (const policy of ctx.policies) {
      try {
        answers.push({ policy, response: ctx.engine.evaluatePolicy(policy, inputFor(ctx, policy, resource, forced)) })
      } catch (e) {
        answers.push({ policy, thrown: e instanceof Error ? e.message : String(e) })
      }
    }
    out.set(resource.key, answers)
  }
  return out
}
