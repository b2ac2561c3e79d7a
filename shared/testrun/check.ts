/**
 * Checking a Test result against the engine's responses, row by row, as Kyverno's CLI does
 * (matching spec §5.5):
 * 1. the policy is compared on the part after the last `/`;
 * 2. rules: all when `rule` is empty, else `rule`, `autogen-rule` or `autogen-cronjob-rule`;
 * 3. each rule's result (fail → warn for `scored: "false"` policies) is compared literally;
 * 4. a pair without rows passes as "Excluded"; with no response at all it is "Invalid policy"
 *    (passing skip) or "Not found" (fail).
 * Verdict adds one rule: a policy or rule it does not evaluate gives an `unsupported` row.
 */
import type { RuleResponse, RuleStatus } from '../engine/result.ts'
import type { Result } from '../lib/result.ts'
import type { PolicyLike } from './engine.ts'
import type { PassResponses } from './evaluate.ts'
import { checkPatched } from './patched.ts'
import { displayName, type TestResource } from './resources.ts'
import { makeRow, type Actual, type Row, type RowTarget } from './rows.ts'
import type { TestResult } from './schema.ts'
import type { Selection } from './select.ts'
import { pathGet } from './json-path.ts'

/** Policies of a Test that produced no responses, by name, with the reason. */
export interface PolicyStatus {
  invalid: Map<string, string>
  unsupported: Map<string, string>
}

/** What checking a result needs: one pass's responses, policy statuses, and patched-file access. */
export interface CheckContext<P extends PolicyLike> {
  responses: PassResponses<P>
  status: PolicyStatus
  /** Loads a patched-resources file (normalised, cached). */
  patched: (path: string) => Result<TestResource[]>
}

/** `ns/name` → `name`: Kyverno ignores the namespace prefix of a result's policy. */
export function policyNameOf(policy: string): string {
  return policy.slice(policy.lastIndexOf('/') + 1)
}

/** Whether a rule response is one of those a result names (autogen variants included). */
export function ruleSelected(rule: string | undefined, responseRule: string): boolean {
  return !rule || responseRule === rule || responseRule === `autogen-${rule}` || responseRule === `autogen-cronjob-${rule}`
}

/** The compared value (spec §4.4): the status, with fail → warn for `policies.kyverno.io/scored: "false"`. */
export function reportedResult(status: RuleStatus, policy: PolicyLike): Actual {
  if (status === 'fail' && pathGet(policy.raw, 'metadata', 'annotations', 'policies.kyverno.io/scored') === 'false') return 'warn'
  return status
}

function checkRule<P extends PolicyLike>(
  result: TestResult,
  resource: TestResource,
  policy: P,
  rule: RuleResponse,
  ctx: CheckContext<P>,
): { row: Row; ignored: boolean } | undefined {
  const target: RowTarget = { ...pairTarget(result, resource), rule: rule.rule }
  if (rule.unsupported !== undefined) return { row: makeRow(target, 'unsupported', false, rule.message, 'unsupported'), ignored: false }
  // Generated resources are checked elsewhere by Kyverno (generatedResource); their rule rows are skipped.
  if (rule.ruleType === 'generate') return undefined
  const actual = reportedResult(rule.status, policy)
  if (result.patchedResources) {
    const patch = checkPatched(result.patchedResources, ctx.patched, resource, resource.object)
    if (patch.status === 'missing' && !result.failOnMissingResources) {
      return { row: makeRow(target, actual, true, `${patch.message}; check ignored`, 'ignored'), ignored: true }
    }
    if (patch.status !== 'match') return { row: makeRow(target, actual, false, patch.message, 'patchMismatch', false), ignored: false }
  }
  const ok = actual === target.expected
  const message = ok ? rule.message : `Want ${target.expected}, got ${actual}${rule.message ? `: ${rule.message}` : ''}`
  return { row: makeRow(target, actual, ok, message, 'checked'), ignored: false }
}

function pairTarget(result: TestResult, resource: TestResource): RowTarget {
  return {
    policy: result.policy,
    rule: result.rule ?? '',
    kind: resource.kind,
    resource: displayName(resource),
    namespace: resource.namespace,
    expected: result.result ?? '',
  }
}

/** The rows of one (result, resource) pair. */
export function checkPair<P extends PolicyLike>(result: TestResult, resource: TestResource, ctx: CheckContext<P>): Row[] {
  const name = policyNameOf(result.policy)
  const target = pairTarget(result, resource)
  const rows: Row[] = []
  let ignored = false
  for (const answer of ctx.responses.get(resource.key) ?? []) {
    if (answer.policy.name !== name) continue
    if (answer.response === undefined) {
      rows.push(makeRow(target, 'error', false, `the engine failed: ${answer.thrown ?? 'no response'}`, 'engineError'))
      continue
    }
    for (const rule of answer.response.rules) {
      if (!ruleSelected(result.rule, rule.rule)) continue
      const checked = checkRule(result, resource, answer.policy, rule, ctx)
      if (!checked) continue
      rows.push(checked.row)
      ignored ||= checked.ignored
    }
    if (rows.length === 0 && !ignored) rows.push(makeRow(target, 'excluded', true, 'Excluded', 'excluded'))
  }
  if (rows.length > 0 || ignored) return rows
  const feature = ctx.status.unsupported.get(name)
  if (feature !== undefined) return [makeRow(target, 'unsupported', false, `unsupported: ${feature}`, 'unsupported')]
  const invalid = ctx.status.invalid.get(name)
  if (invalid !== undefined) return [makeRow(target, 'skip', true, `Invalid policy: ${invalid}`, 'invalidPolicy')]
  return [makeRow(target, 'notfound', false, 'Not found', 'policyNotFound')]
}

/** The rows of one result: its selected pairs, plus a row per expected resource that was never loaded. */
export function checkResult<P extends PolicyLike>(result: TestResult, selection: Selection, ctx: CheckContext<P>): Row[] {
  const rows = selection.resources.flatMap((r) => checkPair(result, r, ctx))
  const missing = selection.missing.length > 0 || rows.length > 0 ? selection.missing : [{ entry: '', namespace: '', name: '' }]
  for (const m of missing) {
    const target: RowTarget = {
      policy: result.policy,
      rule: result.rule ?? '',
      kind: result.kind ?? '',
      resource: m.entry,
      namespace: m.namespace,
      expected: result.result ?? '',
    }
    rows.push(makeRow(target, 'notfound', true, 'no such resource was loaded, so Kyverno checks nothing for it', 'resourceMissing', false))
  }
  return rows
}
