/**
 * The `ValidatingWebhookConfiguration` a cluster installs to send its admission requests to
 * Verdict: registered for exactly the resources and operations the set's rules (autogen included)
 * can match, minus the excluded namespaces, with the cluster's failure mode.
 */
import { stringify } from 'yaml'
import type { Operation } from '../engine/api.ts'
import type { CompiledSet } from './admission/compile.ts'
import type { ClusterSettings } from './admission/decide.ts'
import { matchConditionsFor, type MatchCondition } from './admission/match-conditions.ts'
import { namespaceLearningRule, usesNamespaceSelector } from './admission/namespace-labels.ts'
import { selectorResources } from './admission/resources.ts'
import { policyRuleScopes } from './admission/rule-scope.ts'

/** The cluster as the configuration needs it: its settings plus its Kubernetes version (`1.30`). */
export type WebhookCluster = ClusterSettings & { kubernetesVersion: string }

/** One `rules[]` entry of a webhook. */
export interface WebhookRule {
  apiGroups: string[]
  apiVersions: string[]
  operations: Operation[]
  resources: string[]
  scope: '*'
}

/** The parts of `admissionregistration.k8s.io/v1` ValidatingWebhookConfiguration Verdict writes. */
export interface ValidatingWebhookConfiguration {
  apiVersion: 'admissionregistration.k8s.io/v1'
  kind: 'ValidatingWebhookConfiguration'
  metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string> }
  webhooks: {
    name: string
    clientConfig: { url: string }
    rules: WebhookRule[]
    failurePolicy: 'Ignore' | 'Fail'
    matchPolicy: 'Equivalent'
    namespaceSelector?: { matchExpressions: { key: string; operator: 'NotIn'; values: string[] }[] }
    /** `NoneOnDryRun` for the namespace-learning webhook: it records what it is sent, except dry runs. */
    sideEffects: 'None' | 'NoneOnDryRun'
    timeoutSeconds: number
    admissionReviewVersions: ['v1']
    matchConditions?: MatchCondition[]
  }[]
}

const ALL_OPERATIONS: readonly Operation[] = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT']
// A validate rule that lists no operations is registered for all four, as Kyverno's webhook
// controller does: its deny rules do run on DELETE (reading the old object) and `Pod/exec` rules on
// CONNECT, and a cluster that never sends those requests would silently skip them.
const DEFAULT_OPERATIONS: readonly Operation[] = ALL_OPERATIONS

/** A DNS-1123 label from a cluster id: lowercase alphanumerics and `-`, at most 63 characters. */
export function dnsLabel(id: string): string {
  const label = id
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, 63)
    .replace(/^-+|-+$/g, '')
  return label === '' ? 'cluster' : label
}

interface Registration {
  /** `group|version` → resource → operations. */
  byGroupVersion: Map<string, Map<string, Set<Operation>>>
  /** Kind selectors whose plural was guessed (custom resources). */
  unresolved: Set<string>
}

function register(set: CompiledSet): Registration {
  const reg: Registration = { byGroupVersion: new Map(), unresolved: new Set() }
  const add = (group: string, version: string, resource: string, ops: readonly Operation[]): void => {
    const key = `${group}|${version}`
    let resources = reg.byGroupVersion.get(key)
    if (!resources) reg.byGroupVersion.set(key, (resources = new Map()))
    let opSet = resources.get(resource)
    if (!opSet) resources.set(resource, (opSet = new Set()))
    for (const op of ops) opSet.add(op)
  }
  for (const policy of set.policies) {
    for (const scope of policyRuleScopes(policy)) {
      for (const f of scope.filters) {
        const ops = f.operations ?? DEFAULT_OPERATIONS
        // A filter without kinds could select anything.
        for (const selector of f.kinds ?? ['*']) {
          const { resources, guessed } = selectorResources(selector)
          if (guessed) reg.unresolved.add(selector)
          for (const r of resources) add(r.group, r.version, r.resource, ops)
        }
      }
    }
  }
  return reg
}

/** Webhook rules merged by (group, version, operations), sorted so the output is stable. */
function webhookRules(reg: Registration): WebhookRule[] {
  const merged = new Map<string, WebhookRule>()
  for (const [gv, resources] of [...reg.byGroupVersion].sort(([a], [b]) => a.localeCompare(b))) {
    const [group = '', version = ''] = gv.split('|')
    for (const [resource, opSet] of resources) {
      const operations = ALL_OPERATIONS.filter((o) => opSet.has(o))
      const key = `${gv}|${operations.join(',')}`
      let rule = merged.get(key)
      if (!rule) merged.set(key, (rule = { apiGroups: [group], apiVersions: [version], operations, resources: [], scope: '*' }))
      rule.resources.push(resource)
    }
  }
  for (const rule of merged.values()) {
    // `*` already covers every plain resource of the group; keep only it and the subresource entries.
    const all = rule.resources.includes('*')
    rule.resources = rule.resources.filter((r) => !all || r === '*' || r.includes('/')).sort()
  }
  return [...merged.values()]
}

/**
 * The configuration for a cluster. `url` is the full webhook URL including its key (callers that
 * must not reveal the key pass a `<WEBHOOK_KEY>` placeholder). An empty set gives one webhook with
 * no rules: valid, installable, and sending nothing until policies are added.
 *
 * @example toYaml(webhookConfiguration(set, { id: 'prod-eu', kubernetesVersion: '1.30', namespaceExclusions: ['kube-system'], failureMode: 'fail-open' }, url))
 */
export function webhookConfiguration(set: CompiledSet, cluster: WebhookCluster, url: string): ValidatingWebhookConfiguration {
  const id = dnsLabel(cluster.id)
  const reg = register(set)
  const plan = matchConditionsFor(set, cluster.kubernetesVersion)
  const annotations: Record<string, string> = {
    'verdict.dev/policy-set': `${set.name}@${set.version}`,
    'verdict.dev/match-conditions': plan.explanation,
  }
  if (set.policies.length === 0) annotations['verdict.dev/note'] = 'the policy set is empty, so no resources are registered'
  if (reg.unresolved.size > 0) {
    // Custom kinds: the group is the selector's (or `*`) and the plural a guess; check them.
    annotations['verdict.dev/unresolved-kinds'] = [...reg.unresolved].sort().join(',')
  }
  const exclusions = [...new Set(cluster.namespaceExclusions)].sort()
  const webhook: ValidatingWebhookConfiguration['webhooks'][number] = {
    name: `${id}.validate.verdict.dev`,
    clientConfig: { url },
    rules: webhookRules(reg),
    failurePolicy: cluster.failureMode === 'fail-open' ? 'Ignore' : 'Fail',
    matchPolicy: 'Equivalent',
    sideEffects: 'None',
    timeoutSeconds: 5,
    admissionReviewVersions: ['v1'],
  }
  // `NotIn` with no values is invalid, so no exclusions means no selector at all.
  if (exclusions.length > 0) {
    webhook.namespaceSelector = { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: exclusions }] }
  }
  if (plan.conditions.length > 0) webhook.matchConditions = plan.conditions
  const webhooks = [webhook]
  if (usesNamespaceSelector(set)) {
    // namespaceSelector rules need namespace labels: the cluster's Namespace changes teach them.
    const learn = namespaceLearningRule(webhook.rules)
    annotations['verdict.dev/namespace-labels'] =
      `learned from Namespace ${learn ? `${learn.operations.join(',')} (webhook ${id}.namespaces.verdict.dev, which never denies)` : 'requests the policies already send'}; ` +
      `sync existing namespaces once with PUT /v1/clusters/${cluster.id}/namespaces`
    if (learn) {
      // Same excluded namespaces; no matchConditions (they are about the policies' rules).
      const { matchConditions: _policyConditions, ...same } = webhook
      webhooks.push({
        ...same,
        name: `${id}.namespaces.verdict.dev`,
        clientConfig: { url: `${url.replace(/\/validate$/, '')}/namespaces` },
        rules: [learn],
        // Learning must never refuse a namespace, whatever the cluster's failure mode.
        failurePolicy: 'Ignore',
        sideEffects: 'NoneOnDryRun',
      })
    }
  }
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: `verdict-${id}`, labels: { 'app.kubernetes.io/managed-by': 'verdict' }, annotations },
    webhooks,
  }
}

/**
 * YAML for `kubectl apply`. Written as YAML 1.1, the dialect Kubernetes reads, so strings such as
 * `yes`, `on` or `1.30` (a namespace may be called `yes`) are quoted instead of turning into
 * booleans or numbers; no line folding, so CEL stays as written.
 */
export function toYaml(obj: unknown): string {
  return stringify(obj, { version: '1.1', lineWidth: 0 })
}
