/**
 * The built-in library as shipped: every policy passes `verdict test` with its own kyverno-test.yaml,
 * produces no linter finding (as shipped and as installed), and the per-control Pod Security sets
 * decide exactly as the single-rule ones, one control per rule.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { runTestCommand } from '../../functions/cli/test-command.ts'
import { decodeDocuments } from '../../shared/kube/decode.ts'
import { isObject, type JsonObject } from '../../shared/lib/json.ts'
import { CATALOG, findLibrarySet, listLibrary, prepareDocuments, type LibrarySetVersion } from '../../shared/library/index.ts'
import { lintPolicy } from '../../shared/lint/index.ts'
import { checksFor, parsePssVersion } from '../../shared/engine/pss/index.ts'
import { loadPolicy, type LoadedPolicy } from '../../shared/policy/load.ts'
import { evaluatePolicy } from '../../shared/engine/evaluate.ts'
import { realEngine } from '../../shared/testrun/real-engine.ts'

const LIBRARY = join(__dirname, '../../shared/library')
const everySet = (): LibrarySetVersion[] =>
  listLibrary().flatMap((s) =>
    s.versions.map((v) => {
      const r = findLibrarySet(s.name, v.version)
      if (!r.ok) throw new Error(`${s.name}@${v.version}: ${r.error}`)
      return r.value
    }),
  )

describe('library catalog', () => {
  it('versions every set with semver, newest last, with a description', () => {
    for (const s of listLibrary()) {
      expect(s.description.length, s.name).toBeGreaterThan(40)
      for (const v of s.versions) expect(v.version).toMatch(/^\d+\.\d+\.\d+$/)
      expect(s.latest).toBe(s.versions.at(-1)?.version)
    }
    expect(listLibrary().map((s) => s.name)).toEqual([
      'runtime-security-profiles',
      'pod-security-baseline',
      'pod-security-restricted',
      'pod-security-baseline-per-control',
      'pod-security-restricted-per-control',
    ])
  })
  it('answers unknown sets and versions as such', () => {
    expect(findLibrarySet('nope')).toEqual({ ok: false, error: 'unknownSet' })
    expect(findLibrarySet('pod-security-baseline', '9.9.9')).toEqual({ ok: false, error: 'unknownVersion' })
    expect(findLibrarySet('pod-security-baseline').ok && findLibrarySet('pod-security-baseline')).toMatchObject({ value: { version: '1.1.0', versions: ['1.0.0', '1.1.0'] } })
  })
})

describe('verdict test over the library', () => {
  it('every policy ships its own kyverno-test.yaml, naming that policy file', () => {
    for (const s of CATALOG) {
      for (const v of s.versions) {
        for (const p of v.policies) {
          const file = join(LIBRARY, 'sets', s.name, v.version, p, '.kyverno-test', 'kyverno-test.yaml')
          expect(existsSync(file), file).toBe(true)
          expect((parse(readFileSync(file, 'utf8')) as { policies: string[] }).policies).toEqual([`../${p}.yaml`])
        }
      }
    }
  })

  it('passes every row, controllers (autogen) included', () => {
    let out = ''
    let err = ''
    const flags = { output: 'json' as const, fileName: 'kyverno-test.yaml', testCaseSelector: 'policy=*,rule=*,resource=*', requireTests: true, set: [] }
    const code = runTestCommand([LIBRARY], flags, realEngine, { out: (t) => void (out += t), err: (t) => void (err += t) })
    const report = JSON.parse(out) as { summary: { passed: number; failed: number; errors: number }; tests: Array<{ file: string; results: Array<{ ok: boolean; strict: boolean; rule: string; kind: string }> }> }
    expect(err).toBe('')
    expect(code).toBe(0)
    expect(report.tests.length).toBe(CATALOG.reduce((n, s) => n + s.versions.reduce((m, v) => m + v.policies.length, 0), 0))
    const rows = report.tests.flatMap((t) => t.results)
    expect(rows.every((r) => r.ok && r.strict)).toBe(true)
    expect(report.summary).toMatchObject({ failed: 0, errors: 0 })
    // Each test file covers Deployments and CronJobs through the autogen rules.
    for (const t of report.tests) {
      expect(t.results.some((r) => r.kind === 'Deployment' && r.rule.startsWith('autogen-')), t.file).toBe(true)
      expect(t.results.some((r) => r.kind === 'CronJob' && r.rule.startsWith('autogen-cronjob-')), t.file).toBe(true)
    }
  })
})

describe('library policies are lint-clean', () => {
  it('as shipped, and as installed with Enforce or Audit', () => {
    for (const set of everySet()) {
      for (const p of set.policies) expect(lintPolicy(p.document), `${set.name}@${set.version} ${p.name}`).toEqual([])
      for (const failureAction of ['Enforce', 'Audit'] as const) {
        const prepared = prepareDocuments(set, { failureAction })
        if (!prepared.ok) throw new Error('prepare failed')
        for (const p of prepared.value) expect(lintPolicy(p.document), `${set.name} installed ${failureAction}`).toEqual([])
      }
    }
  })
})

function loaded(doc: JsonObject): LoadedPolicy {
  const r = loadPolicy(doc)
  if (r.status !== 'ok') throw new Error(`library policy does not load: ${JSON.stringify(r)}`)
  return r.policy
}

interface PodSecurityRule {
  name: string
  validate: { podSecurity: { level: string; version: string; exclude?: Array<{ controlName: string; images?: string[] }> } }
}

describe('per-control Pod Security sets', () => {
  const resources = [
    ...decodeDocuments(readFileSync(join(LIBRARY, 'sets/pss-resources.yaml'), 'utf8')),
    ...['baseline/disallow-host-namespaces', 'baseline/restrict-apparmor-profiles', 'restricted/require-run-as-nonroot'].flatMap((c) =>
      decodeDocuments(readFileSync(join(__dirname, '../../../shared/conformance/kyverno-policies/pod-security', c, '.kyverno-test/resource.yaml'), 'utf8')),
    ),
  ].filter(isObject)

  for (const level of ['baseline', 'restricted'] as const) {
    for (const version of ['1.0.0', '1.1.0']) {
      const perControl = findLibrarySet(`pod-security-${level}-per-control`, version)
      const single = findLibrarySet(`pod-security-${level}`, version)
      if (!perControl.ok || !single.ok) throw new Error('missing set')
      const doc = perControl.value.policies[0]?.document as JsonObject
      const rules = (doc.spec as unknown as { rules: PodSecurityRule[] }).rules

      it(`${level}@${version}: one rule per control of the level, each excluding every other control`, () => {
        const pinned = (single.value.policies[0]?.document.spec as unknown as { rules: PodSecurityRule[] }).rules[0]?.validate.podSecurity.version ?? ''
        const minor = parsePssVersion(pinned)
        if (!minor.ok) throw new Error(pinned)
        const controls = [...new Set(checksFor(level, minor.value).map((c) => c.def.controlName))].sort()
        const own = rules.map((r) => {
          const others = new Set((r.validate.podSecurity.exclude ?? []).map((e) => e.controlName))
          expect(r.validate.podSecurity).toMatchObject({ level, version: pinned })
          const mine = controls.filter((c) => !others.has(c))
          expect(mine, r.name).toHaveLength(1)
          return mine[0]
        })
        expect([...own].sort()).toEqual(controls)
      })

      it(`${level}@${version}: fails a resource exactly when the single-rule set does, naming only its own control`, () => {
        const a = loaded(single.value.policies[0]?.document as JsonObject)
        const b = loaded(doc)
        let failing = 0
        for (const object of resources) {
          const one = evaluatePolicy(a, { operation: 'CREATE', object, oldObject: null }).rules.some((r) => r.status === 'fail')
          const each = evaluatePolicy(b, { operation: 'CREATE', object, oldObject: null }).rules.filter((r) => r.status === 'fail')
          expect(each.length > 0, `${String(object.kind)}/${String((object.metadata as JsonObject).name)}`).toBe(one)
          for (const r of each) expect((r.message.match(/Forbidden reason/g) ?? []).length).toBe(1)
          if (one) failing++
        }
        expect(failing).toBeGreaterThan(20)
      })
    }
  }
})
