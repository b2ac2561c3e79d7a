import { describe, expect, it } from 'vitest'
import type { JsonObject } from '../../lib/json.ts'
import { webhookConfiguration, type WebhookCluster } from '../webhook-config.ts'
import { compileSet } from './compile.ts'
import { decideAdmission, type ClusterSettings } from './decide.ts'
import { evaluationInput } from './input.ts'
import { NAME_LABEL, namespaceChange, namespaceContext, namespaceLearningRule, namespaceNeed, usesNamespaceSelector } from './namespace-labels.ts'
import { admissionRequest, alwaysDeny, pod, policy, rule } from './testing.ts'

const enforce = { validationFailureAction: 'Enforce' }
const settings: ClusterSettings = { id: 'prod-eu', namespaceExclusions: ['kube-system'], failureMode: 'fail-closed' }
const cluster = { clusterId: 'prod-eu', kubernetesVersion: '1.30' }

/** Denies Pods in namespaces labelled env=prod. */
const prodOnly = policy(
  'no-pods-in-prod',
  [{ name: 'deny-prod', match: { any: [{ resources: { kinds: ['Pod'], namespaceSelector: { matchLabels: { env: 'prod' } } } }] }, validate: { message: 'no Pods in prod', deny: {} } }],
  enforce,
)
/** Denies ConfigMaps everywhere except in namespaces labelled tier=system (a selector in `exclude`). */
const excludeSystem = policy(
  'no-configmaps',
  [{ name: 'deny', match: { any: [{ resources: { kinds: ['ConfigMap'] } }] }, exclude: { any: [{ resources: { namespaceSelector: { matchLabels: { tier: 'system' } } } }] }, validate: { message: 'no', deny: {} } }],
  enforce,
)
const plain = policy('plain', [alwaysDeny('r', 'no', ['Deployment'])], enforce)
const set = (...ps: ReturnType<typeof policy>[]) => compileSet('s', 1, ps)

const namespaceObject = (name: string, labels: Record<string, string>): JsonObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } })
const configMap = (namespace: string): JsonObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace }, data: {} })

describe('evaluationInput: namespace labels', () => {
  it('passes the labels it is given to the engine, and none by default', () => {
    const req = admissionRequest('CREATE', pod('web', 'team-a'))
    expect(evaluationInput(req).namespaceLabels).toEqual({})
    const labels = { [NAME_LABEL]: 'team-a', env: 'prod' }
    expect(evaluationInput(req, undefined, labels).namespaceLabels).toEqual(labels)
  })
})

describe('namespaceNeed: which requests look labels up', () => {
  it('none for a set without namespaceSelector rules, or a kind whose rules do not use one', () => {
    expect(usesNamespaceSelector(set(plain))).toBe(false)
    expect(namespaceNeed(admissionRequest('CREATE', pod('web', 'team-a')), set(plain), [])).toBeUndefined()
    // The set has a selector rule, but only for Pods (and their controllers): a ConfigMap needs nothing.
    expect(namespaceNeed(admissionRequest('CREATE', configMap('team-a')), set(prodOnly, plain), [])).toBeUndefined()
  })

  it('a lookup of the namespace for a namespaced kind whose rules select by namespace, in match or exclude', () => {
    expect(usesNamespaceSelector(set(prodOnly))).toBe(true)
    expect(namespaceNeed(admissionRequest('CREATE', pod('web', 'team-a')), set(prodOnly), [])).toEqual({ lookup: 'team-a' })
    expect(namespaceNeed(admissionRequest('CREATE', configMap('team-b')), set(excludeSystem), [])).toEqual({ lookup: 'team-b' })
  })

  it('no lookup in an excluded namespace (nothing is evaluated there)', () => {
    expect(namespaceNeed(admissionRequest('CREATE', pod('web', 'kube-system')), set(prodOnly), ['kube-system'])).toBeUndefined()
  })

  it('no labels, and no lookup, for a Namespace itself or a cluster-scoped resource, as in Kyverno', () => {
    const nsRule = policy('ns-rule', [{ name: 'r', match: { any: [{ resources: { kinds: ['Namespace', 'ClusterRole'], namespaceSelector: { matchLabels: { env: 'prod' } } } }] }, validate: { deny: {} } }], enforce)
    const ns = admissionRequest('UPDATE', namespaceObject('team-a', { env: 'prod' }), { namespace: 'team-a', oldObject: namespaceObject('team-a', {}) })
    expect(namespaceNeed(ns, set(nsRule), [])).toEqual({ context: { labels: {} } })
    const role = admissionRequest('CREATE', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'admin' }, rules: [] })
    expect(namespaceNeed(role, set(nsRule), [])).toEqual({ context: { labels: {} } })
    // Given that context, the selector rule does not apply (Kyverno: not applicable to a Namespace) and no gap is claimed.
    const d = decideAdmission(ns, set(nsRule), settings, { namespace: { labels: {} } })
    expect(d.response).toEqual({ uid: ns.uid, allowed: true })
  })
})

describe('namespaceContext: known and unknown namespaces', () => {
  it('known labels, with the name label a 1.22+ namespace always has', () => {
    expect(namespaceContext('team-a', { env: 'prod' }, cluster)).toEqual({ labels: { [NAME_LABEL]: 'team-a', env: 'prod' } })
  })

  it('an unknown namespace is evaluated with its name label only, and the answer says how to sync', () => {
    const ctx = namespaceContext('team-a', null, cluster)
    expect(ctx.labels).toEqual({ [NAME_LABEL]: 'team-a' })
    expect(ctx.warning).toMatch(/^verdict: the labels of namespace team-a are not known to Verdict .*PUT \/v1\/clusters\/prod-eu\/namespaces$/)
    expect(namespaceContext('team-a', null, cluster, 'could not be read').warning).toMatch(/namespace team-a could not be read;/)
  })

  it('before Kubernetes 1.22 no name label is assumed', () => {
    expect(namespaceContext('team-a', null, { clusterId: 'old', kubernetesVersion: '1.21' }).labels).toEqual({})
    expect(namespaceContext('team-a', { env: 'dev' }, { clusterId: 'old', kubernetesVersion: 'v1.20.4' }).labels).toEqual({ env: 'dev' })
  })
})

describe('decideAdmission with namespace labels', () => {
  const create = (ns: string) => admissionRequest('CREATE', pod('web', ns))

  it('applies a namespaceSelector rule by the labels given, with no gap warning', () => {
    const denied = decideAdmission(create('payments'), set(prodOnly), settings, { namespace: namespaceContext('payments', { env: 'prod' }, cluster) })
    expect(denied.response.allowed).toBe(false)
    expect(denied.response.status?.message).toContain('no-pods-in-prod:\n  deny-prod: no Pods in prod')
    const allowed = decideAdmission(create('ci'), set(prodOnly), settings, { namespace: namespaceContext('ci', { env: 'dev' }, cluster) })
    expect(allowed.response).toEqual({ uid: allowed.response.uid, allowed: true })
  })

  it('an exclude by namespace labels fires when the labels say so', () => {
    const req = admissionRequest('CREATE', configMap('infra'))
    expect(decideAdmission(req, set(excludeSystem), settings, { namespace: namespaceContext('infra', { tier: 'system' }, cluster) }).response.allowed).toBe(true)
    expect(decideAdmission(req, set(excludeSystem), settings, { namespace: namespaceContext('infra', {}, cluster) }).response.allowed).toBe(false)
  })

  it('an unknown namespace: decided on the name label, with the warning', () => {
    const byName = policy(
      'by-name',
      [{ name: 'r', match: { any: [{ resources: { kinds: ['Pod'], namespaceSelector: { matchLabels: { [NAME_LABEL]: 'payments' } } } }] }, validate: { message: 'not in payments', deny: {} } }],
      enforce,
    )
    const ctx = namespaceContext('payments', null, cluster)
    const d = decideAdmission(create('payments'), set(byName, prodOnly), settings, { namespace: ctx })
    expect(d.response.allowed).toBe(false)
    expect(d.response.status?.message).toContain('by-name:\n  r: not in payments')
    expect(d.response.warnings).toEqual([ctx.warning])
  })

  it('without a namespace context the old gap warning stays (callers that know no labels)', () => {
    const d = decideAdmission(create('payments'), set(prodOnly), settings)
    expect(d.response.allowed).toBe(true)
    expect(d.response.warnings?.[0]).toMatch(/not applied: its match uses namespaceSelector/)
  })
})

describe('namespaceChange: what an admitted Namespace request teaches', () => {
  const allowed = { allowed: true }
  const create = (labels: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    admissionRequest('CREATE', namespaceObject('team-a', labels as Record<string, string>), { namespace: 'team-a', ...extra })

  it('CREATE and UPDATE record the new labels; DELETE forgets', () => {
    expect(namespaceChange(create({ env: 'prod', [NAME_LABEL]: 'team-a' }), allowed)).toEqual({ record: { name: 'team-a', labels: { env: 'prod', [NAME_LABEL]: 'team-a' } } })
    const update = admissionRequest('UPDATE', namespaceObject('team-a', { env: 'dev' }), { namespace: 'team-a', oldObject: namespaceObject('team-a', { env: 'prod' }) })
    expect(namespaceChange(update, allowed)).toEqual({ record: { name: 'team-a', labels: { env: 'dev' } } })
    const del = admissionRequest('DELETE', null, { name: 'team-a', namespace: 'team-a', oldObject: namespaceObject('team-a', { env: 'dev' }) })
    expect(namespaceChange(del, allowed)).toEqual({ forget: 'team-a' })
  })

  it('nothing from a refused request, a dry run, or another kind', () => {
    expect(namespaceChange(create({ env: 'prod' }), { allowed: false })).toBeNull()
    expect(namespaceChange(create({ env: 'prod' }, { dryRun: true }), allowed)).toBeNull()
    expect(namespaceChange(admissionRequest('CREATE', pod('web', 'team-a')), allowed)).toBeNull()
  })

  it('labels Kubernetes itself would refuse are not stored: the namespace is forgotten (unknown) instead', () => {
    expect(namespaceChange(create({ env: 'x'.repeat(64) }), allowed)).toEqual({ forget: 'team-a' })
    expect(namespaceChange(create({ env: 42 }), allowed)).toEqual({ forget: 'team-a' })
  })
})

describe('webhook configuration: the namespace-learning webhook', () => {
  const wc: WebhookCluster = { id: 'prod-eu', kubernetesVersion: '1.30', namespaceExclusions: ['kube-system'], failureMode: 'fail-closed' }
  const url = 'https://verdict.example/v1/admission/<WEBHOOK_KEY>/validate'

  it('is added for a set with namespaceSelector rules: Namespace changes, never denying, dry runs unrecorded', () => {
    const config = webhookConfiguration(set(prodOnly), wc, url)
    expect(config.webhooks).toHaveLength(2)
    expect(config.webhooks[0]?.failurePolicy).toBe('Fail')
    expect(config.webhooks[1]).toEqual({
      name: 'prod-eu.namespaces.verdict.dev',
      clientConfig: { url: 'https://verdict.example/v1/admission/<WEBHOOK_KEY>/namespaces' },
      rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE', 'DELETE'], resources: ['namespaces'], scope: '*' }],
      failurePolicy: 'Ignore',
      matchPolicy: 'Equivalent',
      namespaceSelector: { matchExpressions: [{ key: NAME_LABEL, operator: 'NotIn', values: ['kube-system'] }] },
      sideEffects: 'NoneOnDryRun',
      timeoutSeconds: 5,
      admissionReviewVersions: ['v1'],
    })
    expect(config.metadata.annotations['verdict.dev/namespace-labels']).toMatch(/PUT \/v1\/clusters\/prod-eu\/namespaces/)
  })

  it('is left out when no rule selects by namespace', () => {
    const config = webhookConfiguration(set(plain), wc, url)
    expect(config.webhooks).toHaveLength(1)
    expect(config.metadata.annotations).not.toHaveProperty('verdict.dev/namespace-labels')
  })

  it('skips the operations the policy webhook already sends for Namespaces', () => {
    const onWrite = { name: 'team', match: { any: [{ resources: { kinds: ['Namespace'], operations: ['CREATE', 'UPDATE'] } }] }, validate: { pattern: { metadata: { labels: { team: '?*' } } } } }
    const nsPolicy = policy('ns-team', [onWrite], enforce)
    const config = webhookConfiguration(set(prodOnly, nsPolicy), wc, url)
    expect(config.webhooks[1]?.rules).toEqual([{ apiGroups: [''], apiVersions: ['v1'], operations: ['DELETE'], resources: ['namespaces'], scope: '*' }])
    // A Namespace rule that lists no operations already brings all of them: no learning webhook at all.
    const everyOp = policy('ns-any', [rule('team', { pattern: { metadata: { labels: { team: '?*' } } } }, ['Namespace'])], enforce)
    expect(webhookConfiguration(set(prodOnly, everyOp), wc, url).webhooks).toHaveLength(1)
    expect(namespaceLearningRule([{ apiGroups: ['*'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'], resources: ['*'], scope: '*' }])).toBeNull()
  })
})
