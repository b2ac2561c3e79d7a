import { describe, expect, it } from 'vitest'
import { sampleReport } from '../testing.ts'
import { artifactUri, DEFAULT_INFORMATION_URI, formatSarif, SARIF_SCHEMA_URI } from './sarif.ts'
import { SarifLog } from './sarif-schema.ts'

/** Parses the output as JSON, then as our strict SARIF subset (unknown or misspelt properties fail). */
function sarif(report = sampleReport(), opts = {}): SarifLog {
  const text = formatSarif(report, opts)
  expect(text.endsWith('\n')).toBe(true)
  return SarifLog.parse(JSON.parse(text))
}

describe('formatSarif: the sarifLog and run (§3.13, §3.14)', () => {
  const log = sarif()
  const run = log.runs[0]

  it('declares version 2.1.0 and the schema, with exactly one run', () => {
    expect(log.version).toBe('2.1.0')
    expect(log.$schema).toBe(SARIF_SCHEMA_URI)
    expect(log.runs).toHaveLength(1)
  })

  it('names the tool driver with an absolute informationUri (§3.19)', () => {
    expect(run?.tool.driver.name).toBe('verdict')
    expect(new URL(run?.tool.driver.informationUri ?? '').href).toBe(DEFAULT_INFORMATION_URI)
    expect(sarif(sampleReport(), { informationUri: 'https://example.com/verdict' }).runs[0]?.tool.driver.informationUri).toBe('https://example.com/verdict')
  })

  it('carries the verdict and summary in the run property bag (§3.8)', () => {
    expect(run?.properties).toEqual({ verdict: 'fail', summary: sampleReport().summary })
    const withSet = sarif({ ...sampleReport(), policySet: { name: 'baseline', version: '2024-01' } })
    expect(withSet.runs[0]?.properties.policySet).toEqual({ name: 'baseline', version: '2024-01' })
  })
})

describe('formatSarif: rules and results (§3.49, §3.27)', () => {
  const run = sarif().runs[0]
  const rules = run?.tool.driver.rules ?? []
  const results = run?.results ?? []

  it('has one reportingDescriptor per policy/rule that failed, sorted, with hierarchical ids', () => {
    expect(rules.map((r) => r.id)).toEqual(['require-seccomp/check-seccomp', 'team-label/has-team'])
    expect(rules[0]?.shortDescription.text).toBe('Kyverno policy require-seccomp, rule check-seccomp')
    expect(rules[0]?.properties).toEqual({ policy: 'require-seccomp', rule: 'check-seccomp' })
  })

  it('has one result per failure; Enforce is error, Audit is warning', () => {
    expect(results.map((r) => [r.ruleId, r.level])).toEqual([
      ['team-label/has-team', 'warning'],
      ['require-seccomp/check-seccomp', 'error'],
    ])
  })

  it('points ruleIndex at the descriptor whose id is the ruleId (§3.27.6)', () => {
    for (const r of results) expect(rules[r.ruleIndex]?.id).toBe(r.ruleId)
  })

  it('says which resource failed and why in message.text', () => {
    expect(results[1]?.message.text).toBe('Pod/prod/bad: seccomp must be set')
    expect(results[1]?.properties).toMatchObject({ policy: 'require-seccomp', rule: 'check-seccomp', action: 'Enforce', operation: 'CREATE' })
  })

  it('locates a result at the source file and names the resource as a logical location (§3.28, §3.33)', () => {
    expect(results[1]?.locations).toEqual([
      {
        physicalLocation: { artifactLocation: { uri: 'manifests/pods.yaml' } },
        logicalLocations: [{ name: 'bad', fullyQualifiedName: 'Pod/prod/bad', kind: 'resource' }],
      },
    ])
  })

  it('uses only the logical location when the source file is unknown (server evaluations)', () => {
    const report = sampleReport()
    const web = report.resources[2]
    if (!web) throw new Error('fixture')
    web.results = [{ policy: 'p', rule: 'r', status: 'fail', message: 'm', action: 'Enforce' }]
    const result = sarif(report).runs[0]?.results.find((r) => r.ruleId === 'p/r')
    expect(result?.locations).toEqual([{ logicalLocations: [{ name: 'web', fullyQualifiedName: 'Deployment/prod/web', kind: 'resource' }] }])
  })

  it('writes a valid log with no rules and no results when nothing failed', () => {
    const report = sampleReport()
    report.resources = []
    const run0 = sarif(report).runs[0]
    expect(run0?.tool.driver.rules).toEqual([])
    expect(run0?.results).toEqual([])
  })
})

describe('formatSarif: rules that could not be evaluated (§3.20, §3.58)', () => {
  it('reports error results as tool-execution notifications, not as findings', () => {
    const run = sarif().runs[0]
    expect(run?.invocations).toEqual([
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          {
            level: 'error',
            message: { text: 'clock/uses-time: Pod/prod/bad: no clock was provided' },
            locations: [
              {
                physicalLocation: { artifactLocation: { uri: 'manifests/pods.yaml' } },
                logicalLocations: [{ name: 'bad', fullyQualifiedName: 'Pod/prod/bad', kind: 'resource' }],
              },
            ],
            properties: expect.objectContaining({ policy: 'clock', rule: 'uses-time' }),
          },
        ],
      },
    ])
    expect(run?.results.some((r) => r.ruleId === 'clock/uses-time')).toBe(false)
  })
})

describe('artifactUri (§3.4.3)', () => {
  it.each([
    ['manifests/pods.yaml', 'manifests/pods.yaml'],
    ['./k8s/app.yaml', './k8s/app.yaml'],
    ['dir with space/a#b?.yaml', 'dir%20with%20space/a%23b%3F.yaml'],
    ['a:b.yaml', 'a%3Ab.yaml'],
    ['/abs/path/p.yaml', 'file:///abs/path/p.yaml'],
    ['C:\\work\\p.yaml', 'file:///C:/work/p.yaml'],
    ['k8s\\win.yaml', 'k8s/win.yaml'],
    ['ünï.yaml', '%C3%BCn%C3%AF.yaml'],
  ])('%s → %s', (path, uri) => {
    expect(artifactUri(path)).toBe(uri)
  })

  it.each([
    ['a b/c.yaml', '/repo/a b/c.yaml'],
    ['x%y.yaml', '/repo/x%y.yaml'],
    ['q?.yaml', '/repo/q?.yaml'],
    ['h#.yaml', '/repo/h#.yaml'],
    ['../up.yaml', '/up.yaml'],
  ])('%s resolves against a base to exactly that file, with no query or fragment', (path, expected) => {
    const resolved = new URL(artifactUri(path), 'file:///repo/')
    expect(decodeURIComponent(resolved.pathname)).toBe(expected)
    expect(resolved.search).toBe('')
    expect(resolved.hash).toBe('')
  })
})
