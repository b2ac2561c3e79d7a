/**
 * Check results shared while one policy is evaluated against one resource. A podSecurity rule runs
 * every check of its level on the pod and again on exclusion probes, and a set written as one rule
 * per control (each excluding all the others) repeats exactly the same runs in every rule. The
 * checks are pure functions of the pod, so within a scope where nothing modifies the resource each
 * (check, pod) pair is run once. Outside a scope nothing is remembered.
 */
import type { JsonObject } from '../../lib/json.ts'
import type { CheckFn, PodView, PssCheckResult } from './types.ts'

interface PodMemo {
  meta: JsonObject
  results: Map<CheckFn, PssCheckResult>
  /** Whole runs, by the list of checks run. */
  runs: Map<object, unknown>
  /** Exclusion probes built from this pod, by kind (`pod` or the image list as JSON). */
  probes: Map<string, PodView>
}

/** Pods by their spec object; the meta object is checked too, since views pair them. */
type Scope = Map<JsonObject, PodMemo[]>

let scope: Scope | undefined

/** Runs `fn` with a fresh scope. The caller promises that no pod read inside is modified meanwhile. */
export function withCheckMemo<T>(fn: () => T): T {
  const outer = scope
  scope = new Map()
  try {
    return fn()
  } finally {
    scope = outer
  }
}

function podMemo(pod: PodView): PodMemo | undefined {
  if (!scope) return undefined
  let list = scope.get(pod.spec)
  if (!list) {
    list = []
    scope.set(pod.spec, list)
  }
  let memo = list.find((m) => m.meta === pod.meta)
  if (!memo) {
    memo = { meta: pod.meta, results: new Map(), runs: new Map(), probes: new Map() }
    list.push(memo)
  }
  return memo
}

/** `check(pod)`, remembered within the current scope. Callers only read the result. */
export function checkResult(check: CheckFn, pod: PodView): PssCheckResult {
  const memo = podMemo(pod)
  if (!memo) return check(pod)
  let r = memo.results.get(check)
  if (!r) {
    r = check(pod)
    memo.results.set(check, r)
  }
  return r
}

/** `run()`, the verdicts of the check list `checks` on `pod`, remembered within the current scope. Callers only read the result. */
export function runOf<T>(pod: PodView, checks: object, run: () => T): T {
  const memo = podMemo(pod)
  if (!memo) return run()
  let r = memo.runs.get(checks) as T | undefined
  if (r === undefined) {
    r = run()
    memo.runs.set(checks, r)
  }
  return r
}

/** The exclusion probe `build()` makes from `pod`, built once per key within the current scope. */
export function probeOf(pod: PodView, key: string, build: () => PodView): PodView {
  const memo = podMemo(pod)
  if (!memo) return build()
  let probe = memo.probes.get(key)
  if (!probe) {
    probe = build()
    memo.probes.set(key, probe)
  }
  return probe
}
