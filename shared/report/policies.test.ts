import { describe, expect, it } from 'vitest'
import { loadPolicyTexts, type PolicyText } from './policies.ts'
import { SECCOMP_POLICY, TEAM_LABEL_AUDIT } from './testing.ts'

function load(files: PolicyText[], strict?: boolean) {
  return loadPolicyTexts(files, strict === undefined ? {} : { strict })
}

function errors(files: PolicyText[], strict?: boolean): string[] {
  const r = load(files, strict)
  if (r.ok) throw new Error('expected errors')
  return r.error
}

describe('loadPolicyTexts', () => {
  it('loads every policy of every file in order and ignores documents that are not policies', () => {
    const r = load([
      { file: 'a.yaml', text: `${SECCOMP_POLICY}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\njust: data\n` },
      { file: 'b.yaml', text: TEAM_LABEL_AUDIT },
    ])
    expect(r.ok && r.value.policies.map((p) => p.name)).toEqual(['require-seccomp', 'team-label'])
    expect(r.ok && r.value.warnings).toEqual([])
  })

  it('loads the items of a List (kubectl get cpol -o yaml)', () => {
    const item = SECCOMP_POLICY.replace(/^/gm, '  ').replace(/^ {2}apiVersion/, '- apiVersion')
    const r = load([{ file: 'list.yaml', text: `apiVersion: v1\nkind: List\nitems:\n${item}` }])
    expect(r.ok && r.value.policies.map((p) => p.name)).toEqual(['require-seccomp'])
  })

  it('rejects an invalid policy, naming the file, document, policy and field', () => {
    const bad = SECCOMP_POLICY.replace('name: check-seccomp', 'name: 42')
    expect(errors([{ file: 'p/bad.yaml', text: `${TEAM_LABEL_AUDIT}---\n${bad}` }])).toEqual([
      expect.stringMatching(/^p\/bad\.yaml: document 2: ClusterPolicy "require-seccomp" is invalid: spec\.rules\[0\]\.name: /),
    ])
  })

  it('rejects fields Kyverno does not define by default, and only warns when lenient', () => {
    const typo = SECCOMP_POLICY.replace('  validationFailureAction: Enforce', '  validationFailureAction: Enforce\n  validationFailureActoin: Audit')
    expect(errors([{ file: 't.yaml', text: typo }])).toEqual([expect.stringContaining('t.yaml: document 1: ClusterPolicy "require-seccomp" is invalid: spec.validationFailureActoin: unknown field')])
    const lenient = load([{ file: 't.yaml', text: typo }], false)
    expect(lenient.ok && lenient.value.policies).toHaveLength(1)
    expect(lenient.ok && lenient.value.warnings).toEqual([expect.stringContaining('spec.validationFailureActoin: unknown field "validationFailureActoin" is ignored')])
  })

  it('rejects a policy family Verdict does not evaluate instead of skipping it', () => {
    const cel = 'apiVersion: policies.kyverno.io/v1alpha1\nkind: ValidatingPolicy\nmetadata: {name: v}\nspec: {}\n'
    expect(errors([{ file: 'cel.yaml', text: cel }])).toEqual(['cel.yaml: document 1: ValidatingPolicy "v" is not supported: ValidatingPolicy (CEL policy family)'])
  })

  it('rejects two policies with the same kind and name', () => {
    expect(errors([{ file: 'a.yaml', text: SECCOMP_POLICY }, { file: 'b.yaml', text: SECCOMP_POLICY }])).toEqual([
      'b.yaml: document 1: ClusterPolicy/require-seccomp is defined twice (first in a.yaml: document 1)',
    ])
  })

  it('reports every problem, not only the first, and names unreadable YAML', () => {
    const e = errors([
      { file: 'broken.yaml', text: 'a: [unclosed\n' },
      { file: 'cel.yaml', text: 'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: vap}\n' },
    ])
    expect(e).toHaveLength(2)
    expect(e[0]).toMatch(/^broken\.yaml: /)
    expect(e[1]).toMatch(/^cel\.yaml: document 1: ValidatingAdmissionPolicy "vap" is not supported/)
  })

  it('warns about a policy kind with a non-Kyverno apiVersion (a likely typo) without failing', () => {
    const r = load([{ file: 'a.yaml', text: `${SECCOMP_POLICY}---\n${SECCOMP_POLICY.replace('kyverno.io/v1', 'kyvern.io/v1')}` }])
    expect(r.ok && r.value.policies).toHaveLength(1)
    expect(r.ok && r.value.warnings).toEqual(['a.yaml: document 2: kind ClusterPolicy with apiVersion "kyvern.io/v1" is not a Kyverno policy (kyverno.io/*); ignored'])
  })
})
