import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeEngine, inputName, ruleResponse } from '../../shared/testrun/testing.ts'
import { runTestCommand, type TestFlags } from './test-command.ts'

let root = ''
const engine = fakeEngine((_p, input) => [ruleResponse('r', inputName(input) === 'good' ? 'pass' : 'fail')])
const flags = (extra: Partial<TestFlags> = {}): TestFlags => ({ output: 'json', fileName: 'kyverno-test.yaml', testCaseSelector: 'policy=*,rule=*,resource=*', set: [], ...extra })

function write(rel: string, text: string) {
  mkdirSync(join(root, rel, '..'), { recursive: true })
  writeFileSync(join(root, rel), text)
}

function run(paths: string[], f: TestFlags) {
  let out = ''
  let err = ''
  const code = runTestCommand(paths, f, engine, { out: (t) => void (out += t), err: (t) => void (err += t) })
  return { code, out, err }
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'verdict-cmd-'))
  write('p.yaml', 'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: p}\n')
  write('r.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: good}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: bad}\n')
  const head = 'apiVersion: cli.kyverno.io/v1alpha1\nkind: Test\nmetadata: {name: t}\npolicies: [../p.yaml]\nresources: [../r.yaml]\n'
  write('ok/kyverno-test.yaml', `${head}results:\n- {policy: p, rule: r, resources: [good], result: pass}\n- {policy: p, rule: r, resources: [bad], result: fail}\n`)
  write('broken/kyverno-test.yaml', `${head}results:\n- {policy: p, rule: r, resources: [good], result: pass, status: pass}\n`)
})

afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('runTestCommand', () => {
  it('prints one JSON document and exits 0 when every row is ok', () => {
    const r = run([join(root, 'ok')], flags())
    expect(r.code).toBe(0)
    const doc = JSON.parse(r.out)
    expect(doc.summary).toEqual({ passed: 2, failed: 0, skipped: 0, errors: 0 })
  })

  it('still prints exactly one JSON document when a file fails to load, and exits 1', () => {
    const r = run([root], flags())
    expect(r.code).toBe(1)
    const doc = JSON.parse(r.out)
    expect(doc.tests.map((t: { file: string }) => t.file.slice(root.length + 1))).toEqual(['broken/kyverno-test.yaml', 'ok/kyverno-test.yaml'])
    expect(doc.tests[0].results).toMatchObject([{ resource: 'good', actual: 'error', ok: false, strict: false }])
    expect(doc.summary.errors).toBe(1)
  })

  it('applies the selector and --set', () => {
    const r = run([join(root, 'ok')], flags({ testCaseSelector: 'resource=bad', set: ['team=x'] }))
    expect(JSON.parse(r.out).tests[0].results.map((x: { resource: string }) => x.resource)).toEqual(['default/bad'])
    expect(engine.calls.at(-1)?.input.values?.global).toEqual({ team: 'x' })
  })

  it('rejects a malformed selector as a usage error', () => {
    const r = run([root], flags({ testCaseSelector: 'kind=Pod' }))
    expect(r.code).toBe(2)
    expect(r.out).toBe('')
    expect(r.err).toContain('test-case-selector')
  })

  it('exits 0 with no tests unless --require-tests', () => {
    write('none/readme.md', '')
    expect(run([join(root, 'none')], flags()).code).toBe(0)
    expect(run([join(root, 'none')], flags({ requireTests: true })).code).toBe(1)
  })

  it('prints the table by default', () => {
    const r = run([join(root, 'ok')], flags({ output: 'table' }))
    expect(r.out).toContain('Test Summary: 2 tests passed and 0 tests failed')
  })
})
