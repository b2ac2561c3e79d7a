/**
 * End to end: `bin/verdict.mjs test` on a tiny hand-written case in a temp dir, with the real
 * engine, exactly as a user runs it after `npm ci`.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const BIN = fileURLToPath(new URL('../../bin/verdict.mjs', import.meta.url))

const POLICY = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: require-team
spec:
  rules:
  - name: check-team
    match:
      any:
      - resources:
          kinds: [Pod]
    validate:
      message: a team label is required
      pattern:
        metadata:
          labels:
            team: "?*"
`

const RESOURCES = `apiVersion: v1
kind: Pod
metadata:
  name: labelled
  labels: {team: a}
spec:
  containers: [{name: c, image: nginx}]
---
apiVersion: v1
kind: Pod
metadata:
  name: unlabelled
spec:
  containers: [{name: c, image: nginx}]
`

function testFile(expectUnlabelled: string): string {
  return `apiVersion: cli.kyverno.io/v1alpha1
kind: Test
metadata:
  name: require-team
policies: [../policy.yaml]
resources: [resources.yaml]
results:
- {policy: require-team, rule: check-team, resources: [labelled], kind: Pod, result: pass}
- {policy: require-team, rule: check-team, resources: [unlabelled], kind: Pod, result: ${expectUnlabelled}}
- {policy: cluster/require-team, rule: no-such-rule, resources: [labelled], kind: Deployment, result: fail}
`
}

let root = ''

function write(rel: string, text: string) {
  const full = join(root, rel)
  mkdirSync(join(full, '..'), { recursive: true })
  writeFileSync(full, text)
}

function verdict(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 })
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'verdict-e2e-'))
  write('good/policy.yaml', POLICY)
  write('good/.kyverno-test/resources.yaml', RESOURCES)
  write('good/.kyverno-test/kyverno-test.yaml', testFile('fail'))
  write('bad/policy.yaml', POLICY)
  write('bad/.kyverno-test/resources.yaml', RESOURCES)
  write('bad/.kyverno-test/kyverno-test.yaml', testFile('pass'))
})

afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('verdict test (end to end)', () => {
  it('prints help', () => {
    const r = verdict('--help')
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('test [options] <paths...>')
  })

  it('passes a correct test case and prints one JSON document', () => {
    const r = verdict('test', 'good', '--output', 'json')
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const doc = JSON.parse(r.stdout)
    expect(doc.summary).toEqual({ passed: 2, failed: 0, skipped: 1, errors: 0 })
    expect(doc.tests).toHaveLength(1)
    expect(doc.tests[0].file).toBe('good/.kyverno-test/kyverno-test.yaml')
    expect(doc.tests[0].results.map((x: { resource: string; actual: string; ok: boolean; strict: boolean }) => [x.resource, x.actual, x.ok, x.strict])).toEqual([
      ['default/labelled', 'pass', true, true],
      ['default/unlabelled', 'fail', true, true],
      // A rule that gave no response passes as Excluded whatever was expected (`kind` is ignored).
      ['default/labelled', 'excluded', true, false],
    ])
  })

  it('exits non-zero when a row fails, and prints the table by default', () => {
    const r = verdict('test', '.')
    expect(r.status).toBe(1)
    expect(r.stdout).toContain('Want pass, got fail')
    expect(r.stdout).toMatch(/Test Summary: \d+ tests passed and \d+ tests failed/)
  })

  it('filters with --test-case-selector', () => {
    const r = verdict('test', 'bad', '--output', 'json', '--test-case-selector', 'resource=labelled')
    const doc = JSON.parse(r.stdout)
    expect(doc.tests[0].results.every((x: { resource: string }) => x.resource === 'default/labelled')).toBe(true)
  })

  it('fails with --require-tests when nothing is found', () => {
    write('empty/readme.txt', 'nothing here')
    expect(verdict('test', 'empty').status).toBe(0)
    expect(verdict('test', 'empty', '--require-tests').status).toBe(1)
  })
})
