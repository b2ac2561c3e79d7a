/**
 * End to end: `bin/verdict.mjs evaluate` in a temp dir with a real seccomp policy and two Pods,
 * exactly as a pipeline step runs it. Every run is started up front and in parallel (each pays
 * tsx's start-up), then the tests check exit codes and output. The remote run talks to a loopback
 * server in this process, so the runs are asynchronous.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const BIN = fileURLToPath(new URL('../../bin/verdict.mjs', import.meta.url))

const POLICY = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: require-seccomp
spec:
  validationFailureAction: Enforce
  rules:
  - name: check-seccomp
    match:
      any:
      - resources:
          kinds: [Pod]
    validate:
      message: "seccompProfile.type must be RuntimeDefault or Localhost"
      pattern:
        spec:
          securityContext:
            seccompProfile:
              type: "RuntimeDefault | Localhost"
`

const COMPLIANT = `apiVersion: v1
kind: Pod
metadata:
  name: compliant
spec:
  securityContext:
    seccompProfile: {type: RuntimeDefault}
  containers: [{name: app, image: nginx}]
`
const UNCONFINED = `apiVersion: v1
kind: Pod
metadata:
  name: unconfined
  namespace: team-a
spec:
  securityContext:
    seccompProfile: {type: Unconfined}
  containers: [{name: app, image: nginx}]
`

interface Run {
  status: number | null
  stdout: string
  stderr: string
}

let root = ''
let server: Server
let received: Array<{ url: string; auth: string | undefined }> = []
const runs = new Map<string, Promise<Run>>()

function verdict(args: string[], opts: { input?: string; env?: Record<string, string | undefined> } = {}): Promise<Run> {
  const env = { ...process.env, ...opts.env }
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k]
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: root, env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')))
    child.on('close', (status) => resolve({ status, stdout, stderr }))
    child.stdin.end(opts.input ?? '')
  })
}

const result = (name: string): Promise<Run> => runs.get(name) ?? Promise.reject(new Error(`no run ${name}`))

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'verdict-eval-e2e-'))
  const write = (rel: string, text: string) => {
    mkdirSync(join(root, rel, '..'), { recursive: true })
    writeFileSync(join(root, rel), text)
  }
  write('policies/pod-security/seccomp.yaml', POLICY)
  write('manifests/pods.yaml', `${COMPLIANT}---\n${UNCONFINED}`)
  write('manifests/compliant.yaml', COMPLIANT)
  write('bad/invalid.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: x\n')
  write('bad/not-objects.yaml', `${COMPLIANT}---\n42\n`)
  write('bad/bomb.yaml', ['a: &a [x,x,x,x,x,x,x,x,x,x]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill('*' + 'abcdefghi'[i]).join(',')}]`)].join('\n'))
  mkdirSync(join(root, 'out'))

  server = createServer((req, res) => {
    received.push({ url: req.url ?? '', auth: req.headers.authorization })
    req.resume()
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' })
      const resource = { apiVersion: 'v1', kind: 'Pod', namespace: '', name: 'compliant', source: { document: 0 } }
      const results = [{ policy: 'require-seccomp', rule: 'check-seccomp', status: 'pass', message: 'ok', action: 'Enforce' }]
      const summary = { resources: 1, pass: 1, fail: 0, warn: 0, error: 0, skip: 0, enforceFailures: 0 }
      res.end(JSON.stringify({ verdict: 'pass', summary, resources: [{ resource, operation: 'CREATE', verdict: 'pass', results }] }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const remote = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const offline = ['--policies', 'policies']
  const all: Record<string, Promise<Run>> = {
    json: verdict(['evaluate', 'manifests/pods.yaml', ...offline]),
    pass: verdict(['evaluate', 'manifests/compliant.yaml', ...offline]),
    sarif: verdict(['evaluate', 'manifests/pods.yaml', ...offline, '--format', 'sarif']),
    junit: verdict(['evaluate', 'manifests/pods.yaml', ...offline, '-f', 'junit', '-o', 'out/junit.xml']),
    text: verdict(['evaluate', 'manifests/pods.yaml', ...offline, '-f', 'text']),
    stdin: verdict(['evaluate', '-', '-p', 'policies/pod-security/seccomp.yaml', '-f', 'text'], { input: UNCONFINED }),
    invalid: verdict(['evaluate', 'bad/invalid.yaml', ...offline]),
    notObjects: verdict(['evaluate', 'bad/not-objects.yaml', ...offline]),
    bomb: verdict(['evaluate', 'bad/bomb.yaml', ...offline]),
    noPolicies: verdict(['evaluate', 'manifests/pods.yaml', '--policies', 'no-such-dir']),
    unknownOption: verdict(['evaluate', 'manifests/pods.yaml', ...offline, '--frobnicate']),
    badFormat: verdict(['evaluate', 'manifests/pods.yaml', ...offline, '-f', 'xml']),
    help: verdict(['evaluate', '--help']),
    noKey: verdict(['evaluate', 'manifests/compliant.yaml', '--remote', remote, '--policy-set', 'baseline'], { env: { VERDICT_API_KEY: undefined } }),
    remote: verdict(['evaluate', 'manifests/compliant.yaml', '--remote', remote, '--policy-set', 'baseline', '-f', 'text'], { env: { VERDICT_API_KEY: 'e2e-key' } }),
  }
  for (const [name, p] of Object.entries(all)) runs.set(name, p)
  await Promise.all(runs.values())
}, 120_000)

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  rmSync(root, { recursive: true, force: true })
})

describe('verdict evaluate (end to end, offline)', () => {
  it('prints a JSON report and exits 1 when a Pod fails the Enforce rule', async () => {
    const r = await result('json')
    expect(r.stderr).toBe('')
    expect(r.status).toBe(1)
    const report = JSON.parse(r.stdout)
    expect(report.verdict).toBe('fail')
    expect(report.summary).toEqual({ resources: 2, pass: 1, fail: 1, warn: 0, error: 0, skip: 0, enforceFailures: 1 })
    expect(report.resources.map((x: { resource: { namespace: string; name: string }; verdict: string }) => [x.resource.namespace, x.resource.name, x.verdict])).toEqual([
      ['', 'compliant', 'pass'],
      ['team-a', 'unconfined', 'fail'],
    ])
    expect(report.resources[1].results[0]).toMatchObject({ policy: 'require-seccomp', rule: 'check-seccomp', status: 'fail', action: 'Enforce' })
    expect(report.resources[1].results[0].message).toContain('seccompProfile.type must be RuntimeDefault or Localhost')
  })

  it('exits 0 when every Pod complies', async () => {
    const r = await result('pass')
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout).verdict).toBe('pass')
  })

  it('prints SARIF 2.1.0 with one error-level result located at the manifest', async () => {
    const r = await result('sarif')
    expect(r.status).toBe(1)
    const log = JSON.parse(r.stdout)
    expect(log.version).toBe('2.1.0')
    expect(log.runs[0].tool.driver.rules.map((x: { id: string }) => x.id)).toEqual(['require-seccomp/check-seccomp'])
    expect(log.runs[0].results).toHaveLength(1)
    const [finding] = log.runs[0].results
    expect(finding.level).toBe('error')
    expect(finding.locations[0].physicalLocation.artifactLocation.uri).toBe('manifests/pods.yaml')
    expect(finding.locations[0].logicalLocations[0].fullyQualifiedName).toBe('Pod/team-a/unconfined')
  })

  it('writes JUnit to --output and a one-line summary to stderr', async () => {
    const r = await result('junit')
    expect(r.status).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe('verdict: fail (2 resources, 1 enforced failures); junit report written to out/junit.xml\n')
    const xml = readFileSync(join(root, 'out/junit.xml'), 'utf8')
    expect(xml).toContain('<testsuites name="verdict" tests="2" failures="1" errors="0" skipped="0">')
    expect(xml).toContain('<testsuite name="Pod/team-a/unconfined" tests="1" failures="1" errors="0" skipped="0" file="manifests/pods.yaml">')
    expect(xml).toMatch(/<failure message="[^"]*seccompProfile\.type must be RuntimeDefault or Localhost[^"]*" type="Enforce">/)
  })

  it('prints text: one line per failure and the verdict', async () => {
    const r = await result('text')
    expect(r.status).toBe(1)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(3)
    expect(lines[0]).toMatch(/^FAIL {2}Pod\/team-a\/unconfined require-seccomp\/check-seccomp \[Enforce\]: .* \(manifests\/pods\.yaml document 2\)$/)
    expect(lines.slice(1)).toEqual(['2 resources: 1 pass, 1 fail (1 enforced), 0 warn, 0 error, 0 skip', 'Verdict: FAIL'])
  })

  it('reads manifests from stdin with -', async () => {
    const r = await result('stdin')
    expect(r.status).toBe(1)
    expect(r.stdout).toMatch(/^FAIL {2}Pod\/team-a\/unconfined .*\(document 1\)\n/)
  })
})

describe('verdict evaluate (end to end, bad input exits 2)', () => {
  it.each([
    ['invalid YAML', 'invalid', /^Error: bad\/invalid\.yaml: /],
    ['a document that is not an object', 'notObjects', /^Error: bad\/not-objects\.yaml, document 2: expected an object, got a number\n$/],
    ['an alias bomb', 'bomb', /^Error: bad\/bomb\.yaml: .*alias/i],
    ['a missing policies directory', 'noPolicies', /^Error: cannot read policies at no-such-dir: ENOENT/],
    ['an unknown option', 'unknownOption', /unknown option '--frobnicate'/],
    ['an unknown format', 'badFormat', /argument 'xml' is invalid/],
    ['--remote without VERDICT_API_KEY', 'noKey', /^Error: VERDICT_API_KEY is not set/],
  ])('%s', async (_, name, stderr) => {
    const r = await result(name)
    expect(r.status).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(stderr)
  })

  it('prints help with the exit codes and exits 0', async () => {
    const r = await result('help')
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('Usage: verdict evaluate [options] <files...>')
    expect(r.stdout).toContain('1  some resource fails an Enforce rule')
  })
})

describe('verdict evaluate --remote (end to end, loopback server)', () => {
  it('sends the key from the environment and exits by the answered verdict', async () => {
    const r = await result('remote')
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toBe('1 resource: 1 pass, 0 fail (0 enforced), 0 warn, 0 error, 0 skip\nVerdict: PASS\n')
    expect(received).toEqual([{ url: '/v1/evaluate?policySet=baseline&format=json', auth: 'Bearer e2e-key' }])
  })
})
