import { describe, expect, it } from 'vitest'
import { hasErrors, lintYaml } from './index.ts'
import { formatPath } from './finding.ts'

/** A ClusterPolicy with the given rules (YAML, indented as rule list items) and spec extras. */
function policy(rules: string, spec = '  background: false\n', meta = ''): string {
  return `apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata:\n  name: p\n${meta}spec:\n${spec}  rules:\n${rules}`
}
const podRule = (name: string, validate: string, extra = '') =>
  `    - name: ${name}\n      match:\n        any:\n          - resources:\n              kinds: [Pod]\n${extra}      validate:\n        failureAction: Enforce\n${validate}`

function findings(text: string, opts = {}) {
  const [doc] = lintYaml(text, opts)
  return doc?.findings ?? []
}
const codes = (text: string, opts = {}) => findings(text, opts).map((f) => `${f.code} ${f.path}`)

describe('formatPath', () => {
  it('writes plain keys after dots and quotes ambiguous ones', () => {
    expect(formatPath(['spec', 'rules', 0, 'validate', 'anyPattern', 1, 'spec', 'template?'])).toBe('spec.rules[0].validate.anyPattern[1].spec.template?')
    expect(formatPath(['metadata', 'annotations', 'a.b/*'])).toBe('metadata.annotations["a.b/*"]')
  })
})

describe('lint: a clean policy', () => {
  it('has no findings', () => {
    const text = policy(podRule('labels', '        pattern:\n          metadata:\n            labels:\n              app.kubernetes.io/*: "?*"\n'))
    expect(findings(text)).toEqual([])
  })
})

describe('lint: pattern keys', () => {
  it('flags ? and * in keys outside metadata labels/annotations, with the line', () => {
    const text = policy(podRule('r', '        pattern:\n          spec:\n            template?:\n              spec: {}\n            =(contain*):\n              - name: x\n'))
    const f = findings(text)
    expect(f.map((x) => `${x.code} ${x.path} ${x.line}`)).toEqual([
      'wildcard-key spec.rules[0].validate.pattern.spec.template? 17',
      'wildcard-key spec.rules[0].validate.pattern.spec.=(contain*) 19',
    ])
    expect(f[0]?.message).toMatch(/can never be satisfied/)
    expect(f[0]?.fix).toMatch(/write "template", or "=\(template\)"/)
    expect(f[1]?.message).toMatch(/never checked/)
  })
  it('accepts wildcards under metadata.labels and annotations at any level (Kyverno expands them there)', () => {
    const text = policy(podRule('r', '        pattern:\n          spec:\n            template:\n              metadata:\n                =(annotations):\n                  x/*: "?*"\n'))
    expect(codes(text).filter((c) => c.startsWith('wildcard-key'))).toEqual([])
  })
  it('flags a required spec field the matched kind does not have', () => {
    const text = policy(podRule('r', '        pattern:\n          spec:\n            template:\n              spec: {}\n'))
    expect(codes(text)).toEqual(['impossible-path spec.rules[0].validate.pattern.spec.template'])
  })
})

describe('lint: policy metadata and failure actions', () => {
  it('flags metadata.namespace on a ClusterPolicy only', () => {
    const text = policy(podRule('r', '        pattern: {metadata: {name: "?*"}}\n'), '  background: false\n', '  namespace: kyverno\n')
    expect(codes(text)).toEqual(['cluster-policy-namespace metadata.namespace'])
    expect(codes(text.replace('kind: ClusterPolicy', 'kind: Policy'))).toEqual([])
  })
  it('flags lowercase actions and the spec-level field', () => {
    const text = policy(podRule('r', '        pattern: {metadata: {name: "?*"}}\n').replace('failureAction: Enforce', 'failureAction: audit'), '  background: false\n  validationFailureAction: enforce\n')
    expect(codes(text)).toEqual([
      'lowercase-failure-action spec.validationFailureAction',
      'spec-failure-action spec.validationFailureAction',
      'lowercase-failure-action spec.rules[0].validate.failureAction',
    ])
  })
})

describe('lint: kinds and autogen', () => {
  const mixed = `    - name: r\n      match:\n        any:\n          - resources:\n              kinds: [Pod, apps/v1/Deployment]\n      validate:\n        pattern: {metadata: {name: "?*"}}\n`
  it('flags Pod listed with controllers', () => {
    const f = findings(policy(mixed))
    expect(f.map((x) => `${x.code} ${x.path}`)).toEqual(['pod-and-controllers spec.rules[0].match.any[0].resources.kinds'])
    expect(f[0]?.message).toMatch(/turns autogen off/)
  })
  it('flags controllers matched explicitly next to autogen-expanded Pod rules', () => {
    const text = policy(podRule('pods', '        pattern: {metadata: {name: "?*"}}\n') + mixed.replace('name: r', 'name: deployments').replace('Pod, apps/v1/Deployment', 'Deployment'))
    expect(codes(text)).toEqual(['autogen-overlap spec.rules[1].match.any[0].resources.kinds'])
  })
  it('flags a rule without kinds', () => {
    const text = policy(`    - name: r\n      match:\n        any:\n          - resources:\n              namespaces: [prod]\n      validate:\n        pattern: {metadata: {name: "?*"}}\n`)
    expect(codes(text)).toContain('no-kinds spec.rules[0].match')
  })
})

describe('lint: JMESPath', () => {
  const deny = (key: string) => `        deny:\n          conditions:\n            any:\n              - key: "${key}"\n                operator: Equals\n                value: x\n`
  it('reports expressions that do not parse, and unknown functions, as errors', () => {
    const f = findings(policy(podRule('r', deny('{{ request.object.metadata.name[ }}')) + podRule('s', deny('{{ no_such_fn(request.object) }}'))))
    expect(f.map((x) => `${x.severity} ${x.code} ${x.path}`)).toEqual([
      'error jmespath-syntax spec.rules[0].validate.deny.conditions.any[0].key',
      'error jmespath-unknown-function spec.rules[1].validate.deny.conditions.any[0].key',
    ])
    expect(hasErrors(f)).toBe(true)
  })
  it('reads foreach lists as JMESPath', () => {
    const text = policy(podRule('r', '        foreach:\n          - list: "request.object.spec.containers[?"\n            deny: {conditions: {any: [{key: x, operator: Equals, value: y}]}}\n'))
    expect(codes(text)).toEqual(['jmespath-syntax spec.rules[0].validate.foreach[0].list'])
  })
  it('flags quoted names with wildcards', () => {
    const text = policy(podRule('r', deny('{{ request.object.metadata.labels.\\"team/*\\" || \'\' }}')))
    const f = findings(text)
    expect(f.map((x) => x.code)).toEqual(['jmespath-literal-wildcard'])
    expect(f[0]?.message).toMatch(/deny condition never fires/)
  })
  it('flags paths the matched kind cannot have, but not autogen-rewritten Pod paths', () => {
    expect(codes(policy(podRule('r', deny('{{ request.object.spec.template.spec.hostPID }}'))))).toEqual(['impossible-path spec.rules[0].validate.deny.conditions.any[0].key'])
    expect(codes(policy(podRule('r', deny('{{ request.object.spec.hostPID || `false` }}'))))).toEqual([])
    const deployment = policy(podRule('r', deny('{{ request.object.spec.containers[].image }}')).replace('kinds: [Pod]', 'kinds: [Deployment]'))
    expect(findings(deployment)[0]?.message).toMatch(/a Deployment has no spec.containers: its Pod's containers is at spec.template.spec.containers/)
  })
  it('flags request-only data with background on, unless it has a fallback', () => {
    const rule = podRule('r', deny('{{ request.operation }}'))
    expect(codes(policy(rule, '  background: true\n'))).toEqual(['background-request-only spec.rules[0].validate.deny.conditions.any[0].key'])
    expect(codes(policy(rule, ''))).toEqual(['background-request-only spec.rules[0].validate.deny.conditions.any[0].key'])
    expect(codes(policy(rule))).toEqual([])
    expect(codes(policy(podRule('r', deny("{{ request.operation || 'BACKGROUND' }}")), ''))).toEqual([])
  })
})

describe('lint: deny that always fires', () => {
  it('flags a deny condition its preconditions imply', () => {
    const pre = '      preconditions:\n        all:\n          - key: "{{ request.object.metadata.labels.tier || \'\' }}"\n            operator: In\n            value: [gold, silver]\n'
    const deny = '        deny:\n          conditions:\n            any:\n              - key: "{{ request.object.metadata.labels.tier }}"\n                operator: NotEquals\n                value: bronze\n'
    expect(codes(policy(podRule('r', deny, pre)))).toEqual(['deny-always-fires spec.rules[0].validate.deny.conditions.any[0]'])
    expect(codes(policy(podRule('r', deny.replace('bronze', 'gold'), pre)))).toEqual([])
  })
})

describe('lint: AppArmor annotations', () => {
  const rule = podRule('r', '        pattern:\n          metadata:\n            =(annotations):\n              =(container.apparmor.security.beta.kubernetes.io/*): "runtime/default"\n')
  it('flags a policy that checks only the deprecated annotation', () => {
    expect(codes(policy(rule))).toEqual(['deprecated-apparmor-annotation spec.rules[0].validate.pattern.metadata.=(annotations)["=(container.apparmor.security.beta.kubernetes.io/*)"]'])
  })
  it('is quiet when the policy also checks appArmorProfile, or for clusters before 1.30', () => {
    expect(codes(policy(rule + podRule('f', '        pattern:\n          spec:\n            =(securityContext):\n              =(appArmorProfile):\n                type: RuntimeDefault\n')))).toEqual([])
    expect(codes(policy(rule), { kubernetesMinor: 29 })).toEqual([])
  })
})

describe('lint: documents', () => {
  it('ignores non-policies and reports policies Kyverno would reject as errors', () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n---\n${policy(podRule('r', '        pattern: {}\n        deny: {}\n'))}`
    const docs = lintYaml(text)
    expect(docs.map((d) => d.document)).toEqual([1])
    expect(docs[0]?.findings.every((f) => f.severity === 'error' && f.code === 'invalid-policy')).toBe(true)
  })
})
