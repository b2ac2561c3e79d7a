import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { compileSet } from './admission/compile.ts'
import { UNCHANGED_UPDATE_EXPRESSION } from './admission/match-conditions.ts'
import { alwaysDeny, policy, rule } from './admission/testing.ts'
import { dnsLabel, toYaml, webhookConfiguration, type WebhookCluster, type WebhookRule } from './webhook-config.ts'

const cluster: WebhookCluster = { id: 'prod-eu', kubernetesVersion: '1.30', namespaceExclusions: ['kube-system'], failureMode: 'fail-open' }
const url = 'https://verdict.example.com/v1/admission/<WEBHOOK_KEY>'
const set = (...ps: ReturnType<typeof policy>[]) => compileSet('baseline', 3, ps)
const podPolicy = policy('require-labels', [rule('check-app', { pattern: { metadata: { labels: { app: '?*' } } } })], { validationFailureAction: 'Enforce' })

/** `group/version/resource: OPS` lines, for readable assertions. */
function summary(rules: WebhookRule[]): string[] {
  return rules.flatMap((r) => r.resources.map((res) => `${r.apiGroups.join()}/${r.apiVersions.join()}/${res}: ${r.operations.join(',')}`)).sort()
}
const webhook = (s = set(podPolicy), c: WebhookCluster = cluster) => {
  const w = webhookConfiguration(s, c, url).webhooks[0]
  if (!w) throw new Error('no webhook')
  return w
}

describe('webhookConfiguration: rules', () => {
  it('registers a Pod rule for pods and every autogen controller', () => {
    expect(summary(webhook().rules)).toEqual([
      '/v1/pods/ephemeralcontainers: CREATE,UPDATE,DELETE,CONNECT',
      '/v1/pods: CREATE,UPDATE,DELETE,CONNECT',
      '/v1/replicationcontrollers: CREATE,UPDATE,DELETE,CONNECT',
      'apps/v1/daemonsets: CREATE,UPDATE,DELETE,CONNECT',
      'apps/v1/deployments: CREATE,UPDATE,DELETE,CONNECT',
      'apps/v1/replicasets: CREATE,UPDATE,DELETE,CONNECT',
      'apps/v1/statefulsets: CREATE,UPDATE,DELETE,CONNECT',
      'batch/v1/cronjobs: CREATE,UPDATE,DELETE,CONNECT',
      'batch/v1/jobs: CREATE,UPDATE,DELETE,CONNECT',
    ])
  })

  it('merges resources by group, version and operations', () => {
    const rules = webhook().rules
    expect(rules.find((r) => r.apiGroups[0] === 'apps')).toEqual({
      apiGroups: ['apps'],
      apiVersions: ['v1'],
      operations: ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'],
      resources: ['daemonsets', 'deployments', 'replicasets', 'statefulsets'],
      scope: '*',
    })
    expect(rules).toHaveLength(3)
  })

  it('registers the seed-style rule (Pod listed with controllers: no autogen, so no CronJob or ReplicaSet)', () => {
    const seed = policy('require-seccomp-profile', [rule('check', { deny: {} }, ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job'])], {
      validationFailureAction: 'enforce',
    })
    expect(summary(webhook(set(seed)).rules)).toEqual([
      '/v1/pods/ephemeralcontainers: CREATE,UPDATE,DELETE,CONNECT',
      '/v1/pods: CREATE,UPDATE,DELETE,CONNECT',
      'apps/v1/daemonsets: CREATE,UPDATE,DELETE,CONNECT',
      'apps/v1/deployments: CREATE,UPDATE,DELETE,CONNECT',
      'apps/v1/statefulsets: CREATE,UPDATE,DELETE,CONNECT',
      'batch/v1/jobs: CREATE,UPDATE,DELETE,CONNECT',
    ])
  })

  it('registers all four operations for rules that list none (as Kyverno does), only the listed ones otherwise', () => {
    const ops = (operations: string[], kinds: string[]) => ({ name: `r-${kinds.join()}`, match: { any: [{ resources: { kinds, operations } }] }, validate: { deny: {} } })
    const p = policy('ops', [ops(['DELETE'], ['Namespace']), ops(['CONNECT'], ['Pod/exec']), alwaysDeny('cm', 'x', ['Namespace', 'ConfigMap'])])
    const listed = policy('listed', [ops(['CREATE'], ['Secret']), ops(['DELETE'], ['Namespace'])])
    expect(summary(webhook(set(listed)).rules)).toEqual(['/v1/namespaces: DELETE', '/v1/secrets: CREATE'])
    expect(summary(webhook(set(p)).rules)).toEqual(['/v1/configmaps: CREATE,UPDATE,DELETE,CONNECT', '/v1/namespaces: CREATE,UPDATE,DELETE,CONNECT', '/v1/pods/exec: CONNECT'])
  })

  it('registers * for a wildcard kind, and guesses and lists custom kinds', () => {
    const p = policy('any', [alwaysDeny('r', 'x', ['*'])], { background: false })
    expect(summary(webhook(set(p)).rules)).toEqual(['*/*/*: CREATE,UPDATE,DELETE,CONNECT'])
    const crd = policy('crd', [alwaysDeny('r', 'x', ['Widget', 'cert-manager.io/v1/Certificate'])])
    const config = webhookConfiguration(set(crd), cluster, url)
    expect(summary(config.webhooks[0]?.rules ?? [])).toEqual(['*/*/widgets: CREATE,UPDATE,DELETE,CONNECT', 'cert-manager.io/v1/certificates: CREATE,UPDATE,DELETE,CONNECT'])
    expect(config.metadata.annotations['verdict.dev/unresolved-kinds']).toBe('Widget,cert-manager.io/v1/Certificate')
    expect(webhookConfiguration(set(podPolicy), cluster, url).metadata.annotations).not.toHaveProperty('verdict.dev/unresolved-kinds')
  })

  it('gives an empty set one webhook with no rules, and says why', () => {
    const config = webhookConfiguration(set(), cluster, url)
    expect(config.webhooks[0]?.rules).toEqual([])
    expect(config.metadata.annotations['verdict.dev/note']).toBe('the policy set is empty, so no resources are registered')
    expect(parse(toYaml(config))).toEqual(config)
  })
})

describe('webhookConfiguration: settings', () => {
  it('names the configuration and webhook after the cluster, points at the url, and fixes the safe defaults', () => {
    const config = webhookConfiguration(set(podPolicy), cluster, url)
    expect(config.metadata.name).toBe('verdict-prod-eu')
    expect(config.metadata.annotations['verdict.dev/policy-set']).toBe('baseline@3')
    expect(config.webhooks[0]).toMatchObject({
      name: 'prod-eu.validate.verdict.dev',
      clientConfig: { url },
      matchPolicy: 'Equivalent',
      sideEffects: 'None',
      timeoutSeconds: 5,
      admissionReviewVersions: ['v1'],
    })
  })

  it('sanitises a cluster id into a DNS label', () => {
    expect(dnsLabel('Prod_EU 1')).toBe('prod-eu-1')
    expect(dnsLabel('--x--')).toBe('x')
    expect(dnsLabel('@@@')).toBe('cluster')
    expect(dnsLabel('a'.repeat(80))).toHaveLength(63)
  })

  it('maps the failure mode to failurePolicy', () => {
    expect(webhook().failurePolicy).toBe('Ignore')
    expect(webhook(set(podPolicy), { ...cluster, failureMode: 'fail-closed' }).failurePolicy).toBe('Fail')
  })

  it('excludes namespaces by name, sorted and de-duplicated; none means no selector', () => {
    const w = webhook(set(podPolicy), { ...cluster, namespaceExclusions: ['verdict', 'kube-system', 'verdict'] })
    expect(w.namespaceSelector).toEqual({ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'verdict'] }] })
    expect(webhook(set(podPolicy), { ...cluster, namespaceExclusions: [] })).not.toHaveProperty('namespaceSelector')
  })
})

describe('webhookConfiguration: matchConditions', () => {
  it('skips unchanged UPDATEs on 1.28+ when every rule is a content check', () => {
    for (const v of ['1.28', 'v1.30.2', '1.31+']) {
      expect(webhook(set(podPolicy), { ...cluster, kubernetesVersion: v }).matchConditions).toEqual([
        { name: 'verdict-skip-unchanged-updates', expression: UNCHANGED_UPDATE_EXPRESSION },
      ])
    }
    const explanation = webhookConfiguration(set(podPolicy), cluster, url).metadata.annotations['verdict.dev/match-conditions']
    expect(explanation).toContain('allowExistingViolations')
  })

  it('omits them below 1.28, saying why', () => {
    const config = webhookConfiguration(set(podPolicy), { ...cluster, kubernetesVersion: '1.27' }, url)
    expect(config.webhooks[0]).not.toHaveProperty('matchConditions')
    expect(config.metadata.annotations['verdict.dev/match-conditions']).toBe('none: matchConditions need Kubernetes 1.28+, cluster is 1.27')
  })

  it('omits them when a rule reads more than the object, naming it', () => {
    const p = policy('ops', [rule('r', { deny: { conditions: { all: [{ key: '{{ request.operation }}', operator: 'Equals', value: 'UPDATE' }] } } })])
    const config = webhookConfiguration(set(podPolicy, p), cluster, url)
    expect(config.webhooks[0]).not.toHaveProperty('matchConditions')
    expect(config.metadata.annotations['verdict.dev/match-conditions']).toBe('none: unchanged UPDATEs are still sent because rule ops/r reads {{request.operation}}')
  })

  it('writes CEL with has()/in guards and no optional syntax, short-circuiting on the operation first', () => {
    expect(UNCHANGED_UPDATE_EXPRESSION.startsWith("request.operation != 'UPDATE'")).toBe(true)
    expect(UNCHANGED_UPDATE_EXPRESSION).not.toMatch(/\.\?|\[\?|\?\./)
    expect(UNCHANGED_UPDATE_EXPRESSION).toContain('has(object.metadata)')
    // Every metadata read is behind a has() guard.
    for (const line of UNCHANGED_UPDATE_EXPRESSION.split('\n').filter((l) => l.includes('object.metadata.all'))) {
      expect(line).toMatch(/has\(object\.metadata\) &&/)
    }
  })
})

describe('toYaml', () => {
  it('produces YAML that parses back to the same object', () => {
    const config = webhookConfiguration(set(podPolicy), cluster, url)
    const text = toYaml(config)
    expect(text).toMatch(/^apiVersion: admissionregistration\.k8s\.io\/v1\nkind: ValidatingWebhookConfiguration\n/)
    expect(parse(text, { version: '1.1' })).toEqual(config)
  })

  it('quotes strings YAML 1.1 would read as booleans (Kubernetes reads YAML 1.1)', () => {
    const config = webhookConfiguration(set(podPolicy), { ...cluster, namespaceExclusions: ['yes', 'on'] }, url)
    const text = toYaml(config)
    expect(text).toContain('- "on"')
    expect(parse(text, { version: '1.1' }).webhooks[0].namespaceSelector.matchExpressions[0].values).toEqual(['on', 'yes'])
  })
})
