/**
 * The two policies of seed document 004 (require-seccomp-profile, require-apparmor-profile) loaded
 * exactly as written, and what Kyverno's semantics really make them do to Pods and Deployments.
 * They are the motivating example of copied-from-the-web policies that are subtly wrong.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeDocuments } from '../../shared/kube/decode.ts'
import { loadPolicy, type LoadedPolicy } from '../../shared/policy/load.ts'
import { evaluatePolicy } from '../../shared/engine/evaluate.ts'
import type { JsonObject } from '../../shared/lib/json.ts'

const seed = readFileSync(join(__dirname, '../../../shared/seeds/004_b9aa0d6253384868.txt'), 'utf8')
const blocks = [...seed.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] as string)
const policies = new Map<string, LoadedPolicy>()
for (const b of blocks) {
  for (const doc of decodeDocuments(b)) {
    const r = loadPolicy(doc)
    if (r.status === 'ok') policies.set(r.policy.name, r.policy)
  }
}

function results(policyName: string, object: JsonObject): Record<string, string> {
  const p = policies.get(policyName)
  if (!p) throw new Error(`seed policy ${policyName} did not load`)
  const res = evaluatePolicy(p, { operation: 'CREATE', object, oldObject: null })
  return Object.fromEntries(res.rules.map((r) => [r.rule, `${r.status}/${r.action}`]))
}

const pod = (spec: JsonObject, annotations?: Record<string, string>): JsonObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default', ...(annotations ? { annotations } : {}) },
  spec: { containers: [{ name: 'app', image: 'nginx:1.25' }], ...spec },
})
const deployment = (podSpec: JsonObject, templateAnnotations?: Record<string, string>): JsonObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd', namespace: 'default' },
  spec: {
    selector: { matchLabels: { app: 'd' } },
    template: {
      metadata: { labels: { app: 'd' }, ...(templateAnnotations ? { annotations: templateAnnotations } : {}) },
      spec: { containers: [{ name: 'app', image: 'nginx:1.25' }], ...podSpec },
    },
  },
})
const runtimeDefault = { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }
const unconfined = { securityContext: { seccompProfile: { type: 'Unconfined' } } }

describe('seed 004: both policies load exactly as written', () => {
  it('loads require-seccomp-profile and require-apparmor-profile', () => {
    expect([...policies.keys()].sort()).toEqual(['require-apparmor-profile', 'require-seccomp-profile'])
  })
  it('reads lowercase "enforce" as Enforce, as Kyverno does', () => {
    expect(results('require-seccomp-profile', pod(runtimeDefault))['check-seccomp-profile']).toMatch(/\/Enforce$/)
  })
})

describe('seed 004: require-seccomp-profile', () => {
  it('denies even a compliant Pod: `template?` is looked up literally, so neither anyPattern alternative can match', () => {
    expect(results('require-seccomp-profile', pod(runtimeDefault))).toEqual({
      'check-seccomp-profile': 'fail/Enforce',
      'deny-unconfined-seccomp': 'pass/Enforce',
    })
  })
  it('denies a compliant Deployment for the same reason', () => {
    expect(results('require-seccomp-profile', deployment(runtimeDefault))['check-seccomp-profile']).toBe('fail/Enforce')
  })
  it('never fires the Unconfined deny rule on a Pod: it reads request.object.spec.template…, which a Pod lacks', () => {
    expect(results('require-seccomp-profile', pod(unconfined))['deny-unconfined-seccomp']).toBe('pass/Enforce')
  })
  it('does fire the Unconfined deny rule on a Deployment (pod-level and container-level)', () => {
    expect(results('require-seccomp-profile', deployment(unconfined))['deny-unconfined-seccomp']).toBe('fail/Enforce')
    const containerLevel = deployment({ containers: [{ name: 'app', image: 'nginx', ...unconfined }] })
    expect(results('require-seccomp-profile', containerLevel)['deny-unconfined-seccomp']).toBe('fail/Enforce')
  })
  it('gets no autogen rules: listing Pod with controllers disables autogen, so a CronJob is not checked at all', () => {
    const cronJob: JsonObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c', namespace: 'default' },
      spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'a', image: 'x', ...unconfined }] } } } } },
    }
    expect(results('require-seccomp-profile', cronJob)).toEqual({})
  })
})

describe('seed 004: require-apparmor-profile', () => {
  const annotated = { 'container.apparmor.security.beta.kubernetes.io/app': 'runtime/default' }
  const unconfinedAnnotation = { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' }
  it('passes a Pod whose own annotation names runtime/default (wildcard keys expand under metadata.annotations)', () => {
    expect(results('require-apparmor-profile', pod({}, annotated))).toEqual({
      'check-apparmor-annotation': 'pass/Enforce',
      'deny-unconfined-apparmor': 'pass/Enforce',
      'validate-apparmor-profile-exists': 'skip/Enforce',
    })
  })
  it('fails a Pod with no AppArmor annotation', () => {
    expect(results('require-apparmor-profile', pod({}))['check-apparmor-annotation']).toBe('fail/Enforce')
  })
  it('never denies "unconfined": the quoted wildcard key is read literally by JMESPath', () => {
    const r = results('require-apparmor-profile', pod({}, unconfinedAnnotation))
    expect(r['deny-unconfined-apparmor']).toBe('pass/Enforce')
    // …while the pattern rule does catch it, because its value must be runtime/default or localhost/*.
    expect(r['check-apparmor-annotation']).toBe('fail/Enforce')
  })
  it('never runs validate-apparmor-profile-exists: its precondition can never hold', () => {
    const r = results('require-apparmor-profile', pod({}, { 'container.apparmor.security.beta.kubernetes.io/app': 'localhost/custom' }))
    expect(r['validate-apparmor-profile-exists']).toBe('skip/Enforce')
  })
  it('checks a Deployment\'s own annotations, not its pod template\'s, so an annotated template still fails', () => {
    expect(results('require-apparmor-profile', deployment({}, annotated))['check-apparmor-annotation']).toBe('fail/Enforce')
  })
  it('ignores the appArmorProfile field entirely (Kubernetes ≥ 1.30)', () => {
    const withField = pod({ securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } })
    expect(results('require-apparmor-profile', withField)['check-apparmor-annotation']).toBe('fail/Enforce')
  })
})
