import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runLintCommand, type LintFlags } from './lint-command.ts'

let dir = ''
const seed = readFileSync(join(__dirname, '../../../shared/seeds/004_b9aa0d6253384868.txt'), 'utf8')
const [seccomp = ''] = [...seed.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] as string)

function run(files: string[], flags: Partial<LintFlags> = {}) {
  let out = ''
  let err = ''
  const code = runLintCommand(files, { output: 'text', ...flags }, { out: (t) => void (out += t), err: (t) => void (err += t) })
  return { code, out, err }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'verdict-lint-'))
  writeFileSync(join(dir, 'seccomp.yaml'), seccomp)
  writeFileSync(
    join(dir, 'broken.yaml'),
    'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: b}\nspec:\n  background: false\n  rules:\n    - name: r\n      match: {any: [{resources: {kinds: [Pod]}}]}\n      validate:\n        failureAction: Audit\n        deny:\n          conditions:\n            any:\n              - {key: "{{ request.object.metadata.name[ }}", operator: Equals, value: x}\n',
  )
  writeFileSync(join(dir, 'clean.yaml'), 'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: c}\nspec:\n  background: false\n  rules:\n    - name: r\n      match: {any: [{resources: {kinds: [Pod]}}]}\n      validate:\n        failureAction: Audit\n        pattern: {metadata: {labels: {team: "?*"}}}\n')
  writeFileSync(join(dir, 'garbage.yaml'), 'kind: [unclosed\n  - : :\n')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('verdict lint', () => {
  it('shows the seed\'s `template?` mistake at its line and path, and exits 0 on warnings only', () => {
    const r = run([join(dir, 'seccomp.yaml')])
    expect(r.code).toBe(0)
    const line = seccomp.split('\n').findIndex((l) => l.includes('template?:')) + 1
    expect(r.out).toContain(`seccomp.yaml:${line}: warning wildcard-key: ClusterPolicy/require-seccomp-profile: pattern key "template?"`)
    expect(r.out).toContain('    at spec.rules[0].validate.anyPattern[0].spec.template?\n    fix: write "template"')
    expect(r.out).toMatch(/1 policy checked: 0 error\(s\), \d+ warning\(s\)\n$/)
  })
  it('exits 1 on warnings with --strict, and 0 for a clean policy', () => {
    expect(run([join(dir, 'seccomp.yaml')], { strict: true }).code).toBe(1)
    expect(run([join(dir, 'clean.yaml')], { strict: true })).toMatchObject({ code: 0, out: '1 policy checked: 0 error(s), 0 warning(s)\n' })
  })
  it('exits 1 on errors: JMESPath that does not parse, unreadable or non-YAML files', () => {
    const broken = run([join(dir, 'broken.yaml')])
    expect(broken.code).toBe(1)
    expect(broken.out).toMatch(/broken\.yaml:14: error jmespath-syntax: /)
    expect(run([join(dir, 'missing.yaml')]).out).toMatch(/missing\.yaml: error: cannot read/)
    expect(run([join(dir, 'garbage.yaml'), join(dir, 'clean.yaml')])).toMatchObject({ code: 1 })
  })
  it('prints one JSON document with --output json', () => {
    const r = run([join(dir, 'seccomp.yaml'), join(dir, 'clean.yaml')], { output: 'json' })
    const doc = JSON.parse(r.out) as { files: Array<{ file: string; policies: Array<{ name: string; findings: Array<{ code: string; line: number }> }> }> }
    expect(doc.files.map((f) => f.policies.map((p) => p.name))).toEqual([['require-seccomp-profile'], ['c']])
    expect(doc.files[0]?.policies[0]?.findings.every((f) => f.line > 0)).toBe(true)
  })
  it('skips advice about newer Kubernetes with --kubernetes-version, and refuses a malformed one', () => {
    expect(run([join(dir, 'clean.yaml')], { kubernetesVersion: '1.29' }).code).toBe(0)
    const bad = run([join(dir, 'clean.yaml')], { kubernetesVersion: 'latest' })
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/--kubernetes-version/)
  })
})
