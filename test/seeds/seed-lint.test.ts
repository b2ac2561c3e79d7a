/**
 * The linter on seed document 004's two policies, as written: each real defect (see
 * seed-policies.test.ts for what they do to Pods and Deployments) is a warning at its path and line.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { lintYaml } from '../../shared/lint/index.ts'

const seed = readFileSync(join(__dirname, '../../../shared/seeds/004_b9aa0d6253384868.txt'), 'utf8')
const blocks = [...seed.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] as string)
const linted = blocks.flatMap((b) => lintYaml(b).map((d) => ({ ...d, text: b })))
const of = (name: string) => {
  const d = linted.find((x) => x.name === name)
  if (!d) throw new Error(`seed policy ${name} not linted`)
  return d
}
/** `code path` of every finding, and the line each one names. */
const found = (name: string) => of(name).findings.map((f) => `${f.code} ${f.path}`)
const lineOf = (name: string, code: string, path: string) => of(name).findings.find((f) => f.code === code && f.path === path)?.line
const textAt = (name: string, line: number | undefined) => (line === undefined ? '' : (of(name).text.split('\n')[line - 1] ?? ''))

describe('linting seed 004', () => {
  it('finds both policies, with warnings only (Kyverno accepts them; they are wrong, not invalid)', () => {
    expect(linted.map((d) => d.name)).toEqual(['require-seccomp-profile', 'require-apparmor-profile'])
    for (const d of linted) expect(d.findings.every((f) => f.severity === 'warning')).toBe(true)
  })

  it('both: metadata.namespace on a ClusterPolicy, lowercase enforce, spec-level action, Pod mixed with controllers', () => {
    for (const name of ['require-seccomp-profile', 'require-apparmor-profile']) {
      expect(found(name)).toEqual(
        expect.arrayContaining([
          'cluster-policy-namespace metadata.namespace',
          'lowercase-failure-action spec.validationFailureAction',
          'spec-failure-action spec.validationFailureAction',
          'pod-and-controllers spec.rules[0].match.resources.kinds',
          'pod-and-controllers spec.rules[1].match.resources.kinds',
        ]),
      )
      expect(textAt(name, lineOf(name, 'cluster-policy-namespace', 'metadata.namespace'))).toMatch(/^\s+namespace: kyverno/)
      expect(textAt(name, lineOf(name, 'lowercase-failure-action', 'spec.validationFailureAction'))).toMatch(/validationFailureAction: enforce/)
      expect(textAt(name, lineOf(name, 'pod-and-controllers', 'spec.rules[0].match.resources.kinds'))).toMatch(/^\s+kinds:/)
    }
    expect(found('require-apparmor-profile')).toContain('pod-and-controllers spec.rules[2].match.resources.kinds')
  })

  it('require-seccomp-profile: the literal `template?` key in both anyPattern alternatives', () => {
    const s = 'require-seccomp-profile'
    for (const i of [0, 1]) {
      const path = `spec.rules[0].validate.anyPattern[${i}].spec.template?`
      expect(found(s)).toContain(`wildcard-key ${path}`)
      expect(textAt(s, lineOf(s, 'wildcard-key', path))).toMatch(/^\s+template\?:$/)
    }
    expect(of(s).findings.find((f) => f.code === 'wildcard-key')?.message).toMatch(/can never be satisfied/)
  })

  it('require-seccomp-profile: the deny rule reads request.object.spec.template… while matching Pods', () => {
    const s = 'require-seccomp-profile'
    for (const i of [0, 1]) expect(found(s)).toContain(`impossible-path spec.rules[1].validate.deny.conditions.any[${i}].key`)
    const f = of(s).findings.find((x) => x.code === 'impossible-path')
    expect(f?.message).toMatch(/a Pod has no spec\.template.*never fires/)
    expect(textAt(s, f?.line)).toMatch(/key: "\{\{ request\.object\.spec\.template/)
  })

  it('require-apparmor-profile: the annotation pattern checks the controller\'s own metadata', () => {
    const a = 'require-apparmor-profile'
    const path = 'spec.rules[0].validate.pattern.metadata.annotations["container.apparmor.security.beta.kubernetes.io/*"]'
    expect(found(a)).toContain(`pod-annotation-on-controller ${path}`)
    expect(textAt(a, lineOf(a, 'pod-annotation-on-controller', path))).toMatch(/container\.apparmor\.security\.beta\.kubernetes\.io\/\*:/)
  })

  it('require-apparmor-profile: the quoted wildcard keys are read literally, in the deny rule and the precondition', () => {
    const a = 'require-apparmor-profile'
    expect(found(a)).toEqual(
      expect.arrayContaining([
        'jmespath-literal-wildcard spec.rules[1].validate.deny.conditions.any[0].key',
        'jmespath-literal-wildcard spec.rules[2].preconditions.any[0].key',
        'jmespath-literal-wildcard spec.rules[2].validate.deny.conditions.any[0].key',
      ]),
    )
    const messages = of(a).findings.filter((f) => f.code === 'jmespath-literal-wildcard').map((f) => f.message)
    expect(messages.some((m) => /deny condition never fires/.test(m))).toBe(true)
    expect(messages.some((m) => /precondition never holds/.test(m))).toBe(true)
  })

  it('require-apparmor-profile: validate-apparmor-profile-exists checks what admission cannot see', () => {
    const f = of('require-apparmor-profile').findings.find((x) => x.code === 'deny-always-fires')
    expect(f?.path).toBe('spec.rules[2].validate.deny.conditions.any[0]')
    expect(f?.message).toMatch(/cannot be checked at admission/)
  })

  it('require-apparmor-profile: only the deprecated annotation is checked, never appArmorProfile', () => {
    const f = of('require-apparmor-profile').findings.find((x) => x.code === 'deprecated-apparmor-annotation')
    expect(f?.path).toBe('spec.rules[0].validate.pattern.metadata.annotations["container.apparmor.security.beta.kubernetes.io/*"]')
    expect(f?.message).toMatch(/appArmorProfile/)
  })
})
