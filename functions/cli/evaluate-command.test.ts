/**
 * `runEvaluate` in-process, offline mode: real files in a temp dir, the real engine and policy
 * loader, and a recording io. Exit codes and what reaches stdout/stderr are the contract.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SECCOMP_POLICY, TEAM_LABEL_AUDIT } from '../../shared/report/testing.ts'
import type { EvaluateDeps, EvaluateFlags } from './evaluate-io.ts'
import { runEvaluate } from './evaluate-command.ts'

let root = ''
const at = (rel: string) => join(root, rel)

function write(rel: string, text: string) {
  mkdirSync(join(at(rel), '..'), { recursive: true })
  writeFileSync(at(rel), text)
}

const GOOD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: good}\nspec:\n  securityContext: {seccompProfile: {type: RuntimeDefault}}\n  containers: [{name: c, image: nginx}]\n'
const BAD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: bad, labels: {team: a}}\nspec:\n  containers: [{name: c, image: nginx}]\n'

async function run(paths: string[], flags: Partial<EvaluateFlags>, stdin = '') {
  let out = ''
  let err = ''
  const deps: EvaluateDeps = {
    io: { out: (t) => void (out += t), err: (t) => void (err += t) },
    readStdin: async () => stdin,
    env: {},
    fetch: () => Promise.reject(new Error('offline tests must not fetch')),
    now: () => new Date('2030-01-01T00:00:00Z'),
  }
  const code = await runEvaluate(paths, { format: 'json', timeout: '60', ...flags }, deps)
  return { code, out, err }
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'verdict-evaluate-'))
  write('policies/seccomp.yaml', SECCOMP_POLICY)
  write('policies/nested/deeper/team.yml', TEAM_LABEL_AUDIT)
  write('policies/kustomization.yaml', 'resources: [seccomp.yaml]\n')
  write('policies/notes.txt', 'not: [valid yaml')
  write('pods/good.yaml', GOOD)
  write('pods/both.yaml', `${GOOD}---\n${BAD}`)
  write('broken/invalid.yaml', SECCOMP_POLICY.replace('name: check-seccomp', 'name: [not, a, string]'))
  write('broken/cel.yaml', 'apiVersion: policies.kyverno.io/v1alpha1\nkind: ValidatingPolicy\nmetadata: {name: cel}\nspec: {}\n')
  write('typo/policy.yaml', SECCOMP_POLICY.replace('  rules:', '  rulez: []\n  rules:'))
  write('empty-dir/readme.yaml', 'title: nothing to see\n')
  write('inputs/invalid.yaml', 'apiVersion: v1\nkind: [unclosed\n')
  write('inputs/scalar.yaml', `${GOOD}---\njust a string\n`)
  write('inputs/nameless.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {labels: {a: b}}\n')
  write('inputs/empty.yaml', '# nothing\n')
  const bomb = ['a: &a [x,x,x,x,x,x,x,x,x,x]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill('*' + 'abcdefghi'[i]).join(',')}]`)].join('\n')
  write('inputs/bomb.yaml', bomb)
})

afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('verdict evaluate --policies: verdicts', () => {
  it('exits 0 and prints a passing JSON report when every resource complies', async () => {
    const r = await run([at('pods/good.yaml')], { policies: [at('policies')] })
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    const report = JSON.parse(r.out)
    expect(report.verdict).toBe('pass')
    // Both policies were found, the nested .yml included; the kustomization and notes.txt were ignored.
    expect(report.resources[0].results.map((x: { policy: string }) => x.policy)).toEqual(['team-label', 'require-seccomp'])
  })

  it('exits 1 when a resource fails an Enforce rule, naming the file it came from', async () => {
    const r = await run([at('pods/both.yaml')], { policies: [at('policies')] })
    expect(r.code).toBe(1)
    const report = JSON.parse(r.out)
    expect(report.verdict).toBe('fail')
    const bad = report.resources[1]
    expect(bad.resource).toEqual({ apiVersion: 'v1', kind: 'Pod', namespace: '', name: 'bad', source: { document: 1, file: at('pods/both.yaml') } })
    expect(bad.results).toContainEqual(expect.objectContaining({ policy: 'require-seccomp', status: 'fail', action: 'Enforce' }))
  })

  it('passes with only an Audit failure (exit 0) while still reporting it', async () => {
    const r = await run([at('pods/good.yaml')], { policies: [at('policies/nested/deeper/team.yml')], format: 'text' })
    expect(r.code).toBe(0)
    expect(r.out).toContain('FAIL  Pod/good team-label/has-team [Audit]')
    expect(r.out).toContain('Verdict: PASS')
  })

  it('reads stdin for -, without a file name in the report', async () => {
    const r = await run(['-'], { policies: [at('policies/seccomp.yaml')] }, BAD)
    expect(r.code).toBe(1)
    expect(JSON.parse(r.out).resources[0].resource.source).toEqual({ document: 0 })
  })

  it('writes --output to a file and says so on stderr, keeping the exit code', async () => {
    const out = at('out/report.xml')
    mkdirSync(at('out'), { recursive: true })
    const r = await run([at('pods/both.yaml')], { policies: [at('policies')], format: 'junit', output: out })
    expect(r.code).toBe(1)
    expect(r.out).toBe('')
    expect(readFileSync(out, 'utf8')).toContain('<testsuite name="Pod/bad"')
    expect(r.err).toBe(`verdict: fail (2 resources, 1 enforced failures); junit report written to ${out}\n`)
  })

  it('drops unknown policy fields with a warning under --lenient, and rejects them without it', async () => {
    const strict = await run([at('pods/good.yaml')], { policies: [at('typo')] })
    expect(strict.code).toBe(2)
    expect(strict.err).toContain('spec.rulez: unknown field')
    const lenient = await run([at('pods/good.yaml')], { policies: [at('typo')], lenient: true })
    expect(lenient.code).toBe(0)
    expect(lenient.err).toMatch(/^Warning: .*policy\.yaml: document 1: ClusterPolicy "require-seccomp": spec\.rulez: unknown field "rulez" is ignored/)
  })
})

describe('verdict evaluate --policies: errors exit 2 and judge nothing', () => {
  it.each([
    ['an invalid policy, naming the file and field', ['broken/invalid.yaml'], /invalid\.yaml: document 1: ClusterPolicy "require-seccomp" is invalid: spec\.rules\[0\]\.name: /],
    ['an unsupported policy family', ['broken/cel.yaml'], /cel\.yaml: document 1: ValidatingPolicy "cel" is not supported/],
    ['a missing policies path', ['no-such-dir'], /cannot read policies at .*no-such-dir: ENOENT/],
    ['a directory with no policy in it', ['empty-dir'], /no Kyverno policies found in .*empty-dir/],
    ['a duplicate policy', ['policies/seccomp.yaml', 'policies'], /ClusterPolicy\/require-seccomp is defined twice/],
  ])('%s', async (_, policies, message) => {
    const r = await run([at('pods/both.yaml')], { policies: policies.map(at) })
    expect(r.code).toBe(2)
    expect(r.out).toBe('')
    expect(r.err).toMatch(message)
  })

  it('lists every broken policy at once', async () => {
    const r = await run([at('pods/good.yaml')], { policies: [at('broken')] })
    expect(r.err.trim().split('\n')).toHaveLength(2)
  })

  it.each([
    ['invalid YAML', 'inputs/invalid.yaml', /^Error: .*invalid\.yaml: /],
    ['a document that is not an object', 'inputs/scalar.yaml', /scalar\.yaml, document 2: expected an object, got a string/],
    ['a resource without a name', 'inputs/nameless.yaml', /nameless\.yaml, document 1: metadata\.name must be a non-empty string/],
    ['an alias bomb', 'inputs/bomb.yaml', /bomb\.yaml: .*alias/i],
    ['a file with no resources', 'inputs/empty.yaml', /no resources found in .*empty\.yaml/],
    ['a missing input file', 'inputs/missing.yaml', /cannot read .*missing\.yaml: ENOENT/],
  ])('rejects %s', async (_, file, message) => {
    const r = await run([at(file)], { policies: [at('policies')] })
    expect(r.code).toBe(2)
    expect(r.out).toBe('')
    expect(r.err).toMatch(message)
  })

  it('rejects stdin given twice', async () => {
    const r = await run(['-', '-'], { policies: [at('policies')] }, GOOD)
    expect([r.code, r.err]).toEqual([2, 'Error: `-` (stdin) can be given only once\n'])
  })

  it('rejects an --output it cannot write', async () => {
    const r = await run([at('pods/good.yaml')], { policies: [at('policies')], output: at('no/such/dir/out.json') })
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/cannot write .*out\.json/)
    expect(existsSync(at('no/such/dir/out.json'))).toBe(false)
  })
})

describe('verdict evaluate: flag combinations', () => {
  it.each([
    ['neither mode', {}, 'give --policies <path> to evaluate offline, or --remote <url> --policy-set <name>'],
    ['both modes', { policies: ['p'], remote: 'https://x', policySet: 's' }, '--policies (offline) and --remote (the service) cannot be combined'],
    ['--remote without a policy set', { remote: 'https://x' }, '--remote needs --policy-set <name>'],
    ['--policy-set offline', { policies: ['p'], policySet: 's' }, '--policy-set only applies with --remote'],
    ['--lenient with --remote', { remote: 'https://x', policySet: 's', lenient: true }, '--lenient only applies to --policies: the service loads its own policies'],
  ])('rejects %s with exit 2', async (_, flags, message) => {
    const r = await run([at('pods/good.yaml')], flags)
    expect(r).toEqual({ code: 2, out: '', err: `Error: ${message}\n` })
  })
})
