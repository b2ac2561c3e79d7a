import { describe, expect, it } from 'vitest'
import type { JsonObject } from '../lib/json.ts'
import { findLibrarySet, installedFrom, LIBRARY_ANNOTATION, planInstall, type LibrarySetVersion } from './index.ts'

function set(name: string, version?: string): LibrarySetVersion {
  const r = findLibrarySet(name, version)
  if (!r.ok) throw new Error(r.error)
  return r.value
}
const own = (name: string): { name: string; document: JsonObject } => ({
  name,
  document: { apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name }, spec: { rules: [] } },
})
const actions = (doc: JsonObject) => ((doc.spec as { rules: Array<{ name: string; validate: { failureAction: string } }> }).rules).map((r) => `${r.name}=${r.validate.failureAction}`)

describe('planInstall', () => {
  it('adds the set\'s policies next to the tenant\'s own, annotated with set@version and the failure action on every rule', () => {
    const plan = planInstall([own('mine')], set('runtime-security-profiles'), { failureAction: 'Enforce' })
    if (!plan.ok) throw new Error(JSON.stringify(plan.error))
    expect(plan.value.policies.map((p) => p.name)).toEqual(['mine', 'require-seccomp-profile', 'restrict-apparmor-profile'])
    expect(plan.value).toMatchObject({ installed: ['require-seccomp-profile', 'restrict-apparmor-profile'], removed: [], changed: true })
    const seccomp = plan.value.policies[1]?.document as JsonObject
    expect(installedFrom(seccomp)).toEqual({ set: 'runtime-security-profiles', version: '1.0.0' })
    expect((seccomp.metadata as { annotations: Record<string, string> }).annotations[LIBRARY_ANNOTATION]).toBe('runtime-security-profiles@1.0.0')
    expect(actions(seccomp)).toEqual(['require-seccomp-profile=Enforce', 'require-localhost-profile-name=Enforce'])
    expect(seccomp.spec).not.toHaveProperty('validationFailureAction')
  })

  it('applies per-rule overrides, and refuses rules the set does not have', () => {
    const plan = planInstall([], set('pod-security-baseline-per-control'), { failureAction: 'Enforce', ruleFailureActions: { sysctls: 'Audit' } })
    if (!plan.ok) throw new Error('refused')
    const a = actions(plan.value.policies[0]?.document as JsonObject)
    expect(a).toContain('sysctls=Audit')
    expect(a.filter((x) => x.endsWith('=Audit'))).toHaveLength(1)
    expect(planInstall([], set('pod-security-baseline'), { failureAction: 'Audit', ruleFailureActions: { sysctls: 'Audit' } })).toEqual({
      ok: false,
      error: { kind: 'unknownRule', rule: 'sysctls' },
    })
  })

  it('is idempotent: installing the same version and actions again changes nothing', () => {
    const first = planInstall([own('mine')], set('pod-security-baseline'), { failureAction: 'Audit' })
    if (!first.ok) throw new Error('refused')
    const again = planInstall(first.value.policies, set('pod-security-baseline'), { failureAction: 'Audit' })
    expect(again.ok && again.value.changed).toBe(false)
  })

  it('upgrades and pins: a newer or explicitly older version replaces the earlier install', () => {
    const old = planInstall([], set('pod-security-baseline', '1.0.0'), { failureAction: 'Enforce' })
    if (!old.ok) throw new Error('refused')
    const up = planInstall(old.value.policies, set('pod-security-baseline', '1.1.0'), { failureAction: 'Enforce' })
    if (!up.ok) throw new Error('refused')
    expect(up.value.changed).toBe(true)
    expect(up.value.policies.map((p) => installedFrom(p.document))).toEqual([{ set: 'pod-security-baseline', version: '1.1.0' }])
    const back = planInstall(up.value.policies, set('pod-security-baseline', '1.0.0'), { failureAction: 'Enforce' })
    expect(back.ok && back.value.policies.map((p) => installedFrom(p.document)?.version)).toEqual(['1.0.0'])
  })

  it('switching to the per-control variant replaces the single-rule policy of the same name', () => {
    const single = planInstall([], set('pod-security-restricted'), { failureAction: 'Enforce' })
    if (!single.ok) throw new Error('refused')
    const per = planInstall(single.value.policies, set('pod-security-restricted-per-control'), { failureAction: 'Enforce' })
    expect(per.ok && per.value.policies.map((p) => installedFrom(p.document)?.set)).toEqual(['pod-security-restricted-per-control'])
  })

  it('never overwrites a tenant policy of the same name', () => {
    expect(planInstall([own('pod-security-baseline')], set('pod-security-baseline'), { failureAction: 'Audit' })).toEqual({
      ok: false,
      error: { kind: 'foreignPolicy', policy: 'pod-security-baseline' },
    })
  })
})
