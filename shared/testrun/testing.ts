/**
 * Test support: a small scriptable {@link Engine} fake, so the runner's selection and comparison
 * logic can be checked without the real rule pipeline.
 *
 * Loading rules: `ClusterPolicy`/`Policy` load (annotation `fake/invalid` makes one invalid),
 * `ValidatingPolicy` is unsupported, anything else is not a policy.
 */
import type { EvaluationInput } from '../engine/api.ts'
import type { PolicyResponse, RuleResponse, RuleStatus } from '../engine/result.ts'
import { isObject, type JsonObject } from '../lib/json.ts'
import type { Engine, PolicyLike, PolicyLoad } from './engine.ts'

/** Scripts the fake: the rule responses for one evaluation. */
export type Decide = (policy: PolicyLike, input: EvaluationInput) => RuleResponse[]

/** A fake engine that records its calls. */
export interface FakeEngine extends Engine<PolicyLike> {
  /** Every evaluation, in order. */
  calls: Array<{ policy: string; input: EvaluationInput }>
}

/** A rule response with defaults (validate, Audit). */
export function ruleResponse(rule: string, status: RuleStatus, extra: Partial<RuleResponse> = {}): RuleResponse {
  return { rule, ruleType: 'validate', status, message: `${rule} ${status}`, action: 'Audit', ...extra }
}

function loadFake(doc: unknown): PolicyLoad<PolicyLike> {
  if (!isObject(doc)) return { status: 'notPolicy' }
  const meta = isObject(doc.metadata) ? doc.metadata : {}
  const name = typeof meta.name === 'string' ? meta.name : ''
  const annotations = isObject(meta.annotations) ? meta.annotations : {}
  if (doc.kind === 'ValidatingPolicy') return { status: 'unsupported', kind: 'ValidatingPolicy', name, feature: 'ValidatingPolicy (CEL)' }
  if (doc.kind !== 'ClusterPolicy' && doc.kind !== 'Policy') return { status: 'notPolicy' }
  if (annotations['fake/invalid'] !== undefined) return { status: 'invalid', kind: doc.kind, name, issues: [{ path: 'spec', message: 'invalid' }] }
  const namespace = typeof meta.namespace === 'string' ? meta.namespace : ''
  return { status: 'ok', policy: { kind: doc.kind, name, namespace, raw: doc } }
}

/** A fake engine whose rule responses come from `decide`; cluster-scoped kinds are `Namespace` and `ClusterRole`. */
export function fakeEngine(decide: Decide): FakeEngine {
  const calls: FakeEngine['calls'] = []
  return {
    calls,
    loadPolicy: loadFake,
    isClusterScopedKind: (_apiVersion, kind) => kind === 'Namespace' || kind === 'ClusterRole',
    evaluatePolicy(policy, input): PolicyResponse {
      calls.push({ policy: policy.name, input })
      const subject: JsonObject = input.object ?? input.oldObject ?? {}
      const meta = isObject(subject.metadata) ? subject.metadata : {}
      return {
        policy: { kind: policy.kind, name: policy.name, namespace: policy.namespace },
        resource: {
          apiVersion: String(subject.apiVersion ?? ''),
          kind: String(subject.kind ?? ''),
          namespace: String(meta.namespace ?? ''),
          name: String(meta.name ?? ''),
        },
        rules: decide(policy, input),
      }
    },
  }
}

/** The resource name an evaluation input is about. */
export function inputName(input: EvaluationInput): string {
  const subject = input.object ?? input.oldObject
  const meta = subject && isObject(subject.metadata) ? subject.metadata : {}
  return typeof meta.name === 'string' ? meta.name : ''
}
