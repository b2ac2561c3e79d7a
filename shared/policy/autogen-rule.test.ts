import { describe, expect, it } from 'vitest'
import type { JsonObject } from '../lib/json.ts'
import { autogenVariants, computeRules } from './autogen.ts'

const POD = { any: [{ resources: { kinds: ['Pod'] } }] }
const policyOf = (...rules: JsonObject[]): JsonObject => ({ metadata: { name: 'p' }, spec: { rules } })
/** The generated rule for `kind` of a one-rule policy (`null` when none). */
function generated(rule: JsonObject, kind = 'Deployment'): JsonObject | null {
  const rules = computeRules(policyOf(rule), kind)
  return rules.length > 1 ? (rules[1] as JsonObject) : null
}

describe('validate rules (§3.3)', () => {
  it('pattern: wrapped, only message/failureAction/failureActionOverrides/allowExistingViolations kept', () => {
    const r = generated({
      name: 'r',
      match: POD,
      validate: {
        message: 'bad image $(./../../pattern/spec/containers/0/image)',
        failureAction: 'Enforce',
        failureActionOverrides: [{ action: 'Audit', namespaces: ['dev'] }],
        allowExistingViolations: false,
        pattern: { spec: { containers: [{ image: '!*:latest' }] } },
        cel: { expressions: [{ expression: 'true' }] }, // pattern wins, the rest is dropped
      },
    })
    expect(r?.validate).toEqual({
      message: 'bad image $(./../../pattern/spec/template/spec/containers/0/image)',
      failureAction: 'Enforce',
      failureActionOverrides: [{ action: 'Audit', namespaces: ['dev'] }],
      allowExistingViolations: false,
      pattern: { spec: { template: { spec: { containers: [{ image: '!*:latest' }] } } } },
    })
  })

  it('anyPattern: each alternative wrapped', () => {
    const r = generated(
      { name: 'r', match: POD, validate: { message: 'm', anyPattern: [{ spec: { a: 1 } }, { spec: { b: 2 } }] } },
      'CronJob',
    )
    expect(r?.validate).toEqual({
      message: 'm',
      anyPattern: [
        { spec: { jobTemplate: { spec: { template: { spec: { a: 1 } } } } } },
        { spec: { jobTemplate: { spec: { template: { spec: { b: 2 } } } } } },
      ],
    })
  })

  it('deny: conditions kept and text-rewritten (spec example)', () => {
    const r = generated({
      name: 'team',
      match: POD,
      validate: {
        message: 'team {{request.object.metadata.labels.team}} is not allowed',
        failureAction: 'Audit',
        deny: { conditions: { any: [{ key: '{{request.object.metadata.labels.team}}', operator: 'Equals', value: 'x' }] } },
      },
    })
    expect(r?.validate).toEqual({
      message: 'team {{request.object.spec.template.metadata.labels.team}} is not allowed',
      failureAction: 'Audit',
      deny: { conditions: { any: [{ key: '{{request.object.spec.template.metadata.labels.team}}', operator: 'Equals', value: 'x' }] } },
    })
  })

  it('podSecurity: level, version and exclude kept', () => {
    const r = generated({
      name: 'pss',
      match: POD,
      validate: {
        failureAction: 'Enforce',
        podSecurity: { level: 'baseline', version: 'latest', exclude: [{ controlName: 'Host Ports', images: ['nginx*'] }] },
      },
    })
    expect(r?.validate).toEqual({
      failureAction: 'Enforce',
      podSecurity: { level: 'baseline', version: 'latest', exclude: [{ controlName: 'Host Ports', images: ['nginx*'] }] },
    })
  })

  it('foreach: kept, its list changed only by the text rewrite', () => {
    const foreach = [{ list: 'request.object.spec.containers', pattern: { image: '!*:latest' } }]
    expect(generated({ name: 'fe', match: POD, validate: { message: 'm', foreach } })?.validate).toEqual({
      message: 'm',
      foreach: [{ list: 'request.object.spec.template.spec.containers', pattern: { image: '!*:latest' } }],
    })
    expect(generated({ name: 'fe', match: POD, validate: { foreach } }, 'CronJob')?.validate).toEqual({
      foreach: [{ list: 'request.object.spec.jobTemplate.spec.template.spec.containers', pattern: { image: '!*:latest' } }],
    })
  })

  it('cel: kept whole, with the object./oldObject. prefixes', () => {
    const cel = {
      expressions: [
        { expression: 'object.spec.containers.all(c, !c.image.endsWith(":latest"))' },
        { expression: 'oldObject.metadata.labels == object.metadata.labels' },
      ],
    }
    expect(generated({ name: 'c', match: POD, validate: { message: 'no', cel } })?.validate).toEqual({
      message: 'no',
      cel: {
        expressions: [
          { expression: 'object.spec.template.spec.containers.all(c, !c.image.endsWith(":latest"))' },
          { expression: 'oldObject.spec.template.metadata.labels == object.spec.template.metadata.labels' },
        ],
      },
    })
    expect(generated({ name: 'c', match: POD, validate: { cel } }, 'CronJob')?.validate).toMatchObject({
      cel: { expressions: [{ expression: 'object.spec.jobTemplate.spec.template.spec.containers.all(c, !c.image.endsWith(":latest"))' }, {}] },
    })
  })

  it.each([
    ['manifests', { manifests: { attestors: [] } }],
    ['assert', { assert: { object: { spec: {} } } }],
    ['nothing', { message: 'only a message' }],
  ])('%s produces no rule', (_, validate) => expect(generated({ name: 'x', match: POD, validate })).toBeNull())

  it('anything else is generated when the rule has verifyImages', () => {
    const verifyImages = [{ imageReferences: ['ghcr.io/*'], mutateDigest: false }]
    const r = generated({ name: 'vi', match: POD, validate: { manifests: { attestors: [] } }, verifyImages })
    expect(r).toMatchObject({ name: 'autogen-vi', verifyImages, validate: { manifests: { attestors: [] } } })
    expect(generated({ name: 'vi', match: POD, verifyImages })).toEqual({
      name: 'autogen-vi',
      match: { any: [{ resources: { kinds: ['apps/v1/Deployment'] } }] },
      verifyImages,
    })
  })
})

describe('mutate rules (§3.3)', () => {
  it('patchStrategicMerge is wrapped like a pattern', () => {
    const r = generated({ name: 'm', match: POD, mutate: { patchStrategicMerge: { spec: { containers: [{ '(name)': '*', imagePullPolicy: 'Always' }] } } } })
    expect(r?.mutate).toEqual({ patchStrategicMerge: { spec: { template: { spec: { containers: [{ '(name)': '*', imagePullPolicy: 'Always' }] } } } } })
    const cron = generated({ name: 'm', match: POD, mutate: { patchStrategicMerge: { metadata: { labels: { a: 'b' } } } } }, 'CronJob')
    expect(cron?.mutate).toEqual({ patchStrategicMerge: { spec: { jobTemplate: { spec: { template: { metadata: { labels: { a: 'b' } } } } } } } })
  })

  it('foreach keeps list, context and preconditions and wraps each patchStrategicMerge', () => {
    const r = generated({
      name: 'm',
      match: POD,
      mutate: {
        foreach: [
          {
            list: 'request.object.spec.containers',
            context: [{ name: 'x', variable: { value: 1 } }],
            preconditions: { all: [{ key: '{{element.name}}', operator: 'Equals', value: 'a' }] },
            order: 'Descending', // not kept
            patchStrategicMerge: { spec: { containers: [{ name: '{{element.name}}', imagePullPolicy: 'Always' }] } },
          },
        ],
      },
    })
    expect(r?.mutate).toEqual({
      foreach: [
        {
          list: 'request.object.spec.template.spec.containers',
          context: [{ name: 'x', variable: { value: 1 } }],
          preconditions: { all: [{ key: '{{element.name}}', operator: 'Equals', value: 'a' }] },
          patchStrategicMerge: { spec: { template: { spec: { containers: [{ name: '{{element.name}}', imagePullPolicy: 'Always' }] } } } },
        },
      ],
    })
  })

  it('any other mutation produces no rule', () => {
    expect(generated({ name: 'm', match: POD, mutate: { targets: [{ apiVersion: 'v1', kind: 'ConfigMap' }] } })).toBeNull()
  })
})

describe('fields kept and dropped; the rewrite reaches everything', () => {
  it('keeps context, preconditions, celPreconditions and reportProperties; drops the rest', () => {
    const r = generated({
      name: 'k',
      match: POD,
      exclude: { any: [{ resources: { kinds: ['Pod'], namespaces: ['kube-system'] } }] },
      context: [{ name: 'n', variable: { jmesPath: 'request.object.metadata.name' } }],
      preconditions: { all: [{ key: '{{ request.object.metadata.annotations.skip || "" }}', operator: 'NotEquals', value: 'yes' }] },
      celPreconditions: [{ name: 'c', expression: 'object.metadata.name != "x"' }],
      reportProperties: { team: 'a' },
      imageExtractors: { Pod: [{ path: '/spec/containers/*/image' }] },
      skipBackgroundRequests: true,
      validate: { pattern: { spec: {} } },
    })
    expect(r).toEqual({
      name: 'autogen-k',
      match: { any: [{ resources: { kinds: ['apps/v1/Deployment'] } }] },
      exclude: { any: [{ resources: { kinds: ['apps/v1/Deployment'], namespaces: ['kube-system'] } }] },
      context: [{ name: 'n', variable: { jmesPath: 'request.object.spec.template.metadata.name' } }],
      preconditions: { all: [{ key: '{{ request.object.spec.template.metadata.annotations.skip || "" }}', operator: 'NotEquals', value: 'yes' }] },
      // not a validate.cel rule, so the bare `object.` prefix is left alone
      celPreconditions: [{ name: 'c', expression: 'object.metadata.name != "x"' }],
      reportProperties: { team: 'a' },
      skipBackgroundRequests: true,
      validate: { pattern: { spec: { template: { spec: {} } } } },
    })
  })
  it('does not touch the original policy', () => {
    const rule = { name: 'r', match: POD, validate: { pattern: { spec: { a: 1 } } } }
    const before = JSON.stringify(rule)
    computeRules(policyOf(rule), 'Deployment')
    expect(JSON.stringify(rule)).toBe(before)
  })
})

describe('memoisation', () => {
  it('computes once per (policy, kind) and precomputes every controller', () => {
    const p = policyOf({ name: 'r', match: POD, validate: { pattern: { spec: {} } } })
    const a = computeRules(p, 'Deployment')
    expect(computeRules(p, 'Deployment')).toBe(a)
    const variants = autogenVariants(p)
    expect([...variants.keys()].sort()).toEqual(['CronJob', 'DaemonSet', 'Deployment', 'Job', 'ReplicaSet', 'ReplicationController', 'StatefulSet'])
    expect(variants.get('Deployment')).toBe(a)
    expect(variants.get('CronJob')?.map((r) => r.name)).toEqual(['r', 'autogen-cronjob-r'])
    expect(autogenVariants(policyOf({ name: 'r', match: { any: [{ resources: { kinds: ['Service'] } }] } })).size).toBe(0)
  })
})

describe('Kyverno docs: Auto-Gen Rules for Pod Controllers', () => {
  const restrictImageRegistries: JsonObject = {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: { name: 'restrict-image-registries' },
    spec: {
      rules: [
        {
          name: 'validate-registries',
          match: { any: [{ resources: { kinds: ['Pod'] } }] },
          validate: {
            failureAction: 'Enforce',
            message: 'Images may only come from our internal enterprise registry.',
            pattern: { spec: { containers: [{ image: 'registry.domain.com/*' }] } },
          },
        },
      ],
    },
  }

  it('restrict-image-registries: autogen-validate-registries and autogen-cronjob-validate-registries', () => {
    const deploy = computeRules(restrictImageRegistries, 'Deployment')[1]
    expect(deploy).toEqual({
      name: 'autogen-validate-registries',
      match: { any: [{ resources: { kinds: ['apps/v1/Deployment'] } }] },
      validate: {
        failureAction: 'Enforce',
        message: 'Images may only come from our internal enterprise registry.',
        pattern: { spec: { template: { spec: { containers: [{ image: 'registry.domain.com/*' }] } } } },
      },
    })
    const cron = computeRules(restrictImageRegistries, 'CronJob')[1]
    expect(cron?.name).toBe('autogen-cronjob-validate-registries')
    expect(cron?.validate).toMatchObject({
      pattern: { spec: { jobTemplate: { spec: { template: { spec: { containers: [{ image: 'registry.domain.com/*' }] } } } } } },
    })
  })

  it('the annotation Deployment,Job limits generation to those two', () => {
    const p = { ...restrictImageRegistries, metadata: { name: 'x', annotations: { 'pod-policies.kyverno.io/autogen-controllers': 'Deployment,Job' } } }
    expect(computeRules(p, 'Job').map((r) => r.name)).toEqual(['validate-registries', 'autogen-validate-registries'])
    expect(computeRules(p, 'StatefulSet').map((r) => r.name)).toEqual(['validate-registries'])
    expect(computeRules(p, 'CronJob').map((r) => r.name)).toEqual(['validate-registries'])
  })

  it('exclusion by metadata (annotations in exclude) turns autogen off', () => {
    const p = policyOf({
      name: 'validate-resources',
      match: { any: [{ resources: { kinds: ['Pod'] } }] },
      exclude: { any: [{ resources: { annotations: { 'policy.test/require-requests-limits': 'skip' } } }] },
      validate: { pattern: { spec: { containers: [{ resources: { requests: { memory: '?*' } } }] } } },
    })
    expect(computeRules(p, 'Deployment').map((r) => r.name)).toEqual(['validate-resources'])
  })

  it('a quoted "object" in a precondition escapes the translation', () => {
    const r = generated({
      name: 'validate-resources',
      match: { any: [{ resources: { kinds: ['Pod'] } }] },
      preconditions: {
        all: [{ key: `{{ request."object".metadata.annotations."policy.test.io/require-requests-limits" || '' }}`, operator: 'NotEquals', value: 'skip' }],
      },
      validate: { failureAction: 'Enforce', message: 'CPU and memory resource requests and limits are required.', pattern: { spec: { containers: [{ resources: { requests: { memory: '?*', cpu: '?*' } } }] } } },
    })
    expect(r?.preconditions).toEqual({
      all: [{ key: `{{ request."object".metadata.annotations."policy.test.io/require-requests-limits" || '' }}`, operator: 'NotEquals', value: 'skip' }],
    })
    expect(r?.validate).toMatchObject({ pattern: { spec: { template: { spec: { containers: [{ resources: { requests: { memory: '?*', cpu: '?*' } } }] } } } } })
  })

  it('disallow-default-namespace: a metadata pattern moves under the Pod template', () => {
    const r = generated({ name: 'validate-namespace', match: POD, validate: { message: 'm', pattern: { metadata: { namespace: '!default' } } } })
    expect(r?.validate).toEqual({ message: 'm', pattern: { spec: { template: { metadata: { namespace: '!default' } } } } })
  })

  it('a rule matching Pods and another kind is not auto-generated (and disables the policy)', () => {
    const p = policyOf(
      { name: 'mixed', match: { any: [{ resources: { kinds: ['Pod', 'Deployment'] } }] }, validate: { pattern: { metadata: { labels: { a: '?*' } } } } },
      { name: 'pods', match: POD, validate: { pattern: { spec: {} } } },
    )
    expect(computeRules(p, 'Deployment').map((r) => r.name)).toEqual(['mixed', 'pods'])
  })
})
