/**
 * `verdict evaluate --remote` against a tiny loopback `node:http` server that records what it
 * receives and answers with canned reports (the real service does not exist yet). Uses the real
 * global fetch.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { EvaluationReport } from '../../shared/report/schema.ts'
import { runEvaluate } from './evaluate-command.ts'
import type { EvaluateDeps, EvaluateFlags } from './evaluate-io.ts'
import { evaluateUrl, mapSources } from './evaluate-remote.ts'

interface Received {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}
type Answer = { status: number; body: string; headers?: Record<string, string> } | 'hang'

let server: Server
let base = ''
let root = ''
let received: Received[] = []
let answer: Answer = { status: 500, body: '' }

const POD_A = 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n'
const PODS_BC = 'apiVersion: v1\nkind: Pod\nmetadata: {name: b}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: c}\n'

/** What the service would answer for a.yaml + bc.yaml: document numbers count across the whole body. */
function cannedReport(verdict: 'pass' | 'fail'): EvaluationReport {
  const resource = (name: string, document: number, failed: boolean) => ({
    resource: { apiVersion: 'v1', kind: 'Pod', namespace: '', name, source: { document } },
    operation: 'CREATE' as const,
    verdict: failed ? ('fail' as const) : ('pass' as const),
    results: [{ policy: 'require-seccomp', rule: 'check-seccomp', status: failed ? ('fail' as const) : ('pass' as const), message: failed ? 'seccomp!' : 'ok', action: 'Enforce' as const }],
  })
  const failing = verdict === 'fail'
  return {
    verdict,
    summary: { resources: 3, pass: failing ? 2 : 3, fail: failing ? 1 : 0, warn: 0, error: 0, skip: 0, enforceFailures: failing ? 1 : 0 },
    resources: [resource('a', 0, false), resource('b', 1, false), resource('c', 2, failing)],
    policySet: { name: 'baseline', version: 4 },
  }
}

async function run(paths: string[], flags: Partial<EvaluateFlags>, env: Record<string, string | undefined> = { VERDICT_API_KEY: 'k-123' }, fetch = globalThis.fetch) {
  let out = ''
  let err = ''
  const deps: EvaluateDeps = {
    io: { out: (t) => void (out += t), err: (t) => void (err += t) },
    readStdin: async () => POD_A,
    env,
    fetch,
    now: () => new Date(),
  }
  const code = await runEvaluate(paths, { format: 'json', timeout: '10', remote: base, policySet: 'baseline', ...flags }, deps)
  return { code, out, err }
}

const file = (name: string) => join(root, name)

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'verdict-remote-'))
  mkdirSync(join(root, 'k8s'))
  writeFileSync(file('k8s/a.yaml'), POD_A)
  writeFileSync(file('k8s/bc.yaml'), PODS_BC)
  writeFileSync(file('k8s/bad.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {}\n')
  writeFileSync(file('k8s/pod.json'), JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'j' } }))
  server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => (body += c))
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
      if (answer === 'hang') return
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
      res.end(answer.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  rmSync(root, { recursive: true, force: true })
})

beforeEach(() => {
  received = []
  answer = { status: 200, body: JSON.stringify(cannedReport('fail')) }
})

describe('verdict evaluate --remote: the request', () => {
  it('POSTs the concatenated files to <url>/v1/evaluate with the policy set and the API key', async () => {
    await run([file('k8s/a.yaml'), file('k8s/bc.yaml')], {})
    expect(received).toHaveLength(1)
    const [req] = received
    expect(req?.method).toBe('POST')
    const url = new URL(req?.url ?? '', 'http://x')
    expect(url.pathname).toBe('/api/v1/evaluate')
    expect(Object.fromEntries(url.searchParams)).toEqual({ policySet: 'baseline', format: 'json' })
    expect(req?.headers.authorization).toBe('Bearer k-123')
    expect(req?.headers['content-type']).toBe('application/yaml')
    expect(req?.body).toBe(`${POD_A}\n---\n${PODS_BC}`)
  })

  it('sends a single JSON file as application/json, unchanged', async () => {
    await run([file('k8s/pod.json')], {})
    expect(received[0]?.headers['content-type']).toBe('application/json')
    expect(received[0]?.body).toBe(JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'j' } }))
  })

  it('sends stdin for -', async () => {
    await run(['-'], {})
    expect(received[0]?.body).toBe(POD_A)
  })
})

describe('verdict evaluate --remote: the answer', () => {
  it('exits 1 on a failing verdict and prints the report with sources mapped back to the files', async () => {
    const r = await run([file('k8s/a.yaml'), file('k8s/bc.yaml')], {})
    expect(r.code).toBe(1)
    const report = JSON.parse(r.out) as EvaluationReport
    expect(report.resources.map((x) => x.resource.source)).toEqual([
      { document: 0, file: file('k8s/a.yaml') },
      { document: 0, file: file('k8s/bc.yaml') },
      { document: 1, file: file('k8s/bc.yaml') },
    ])
    expect(report.policySet).toEqual({ name: 'baseline', version: 4 })
  })

  it('exits 0 on a passing verdict', async () => {
    answer = { status: 200, body: JSON.stringify(cannedReport('pass')) }
    const r = await run([file('k8s/a.yaml'), file('k8s/bc.yaml')], { format: 'text' })
    expect(r.code).toBe(0)
    expect(r.out).toBe('3 resources (policy set baseline version 4): 3 pass, 0 fail (0 enforced), 0 warn, 0 error, 0 skip\nVerdict: PASS\n')
  })

  it('renders SARIF locally, pointing at the user file the server never saw', async () => {
    const r = await run([file('k8s/a.yaml'), file('k8s/bc.yaml')], { format: 'sarif' })
    expect(r.code).toBe(1)
    const log = JSON.parse(r.out)
    expect(log.runs[0].results).toHaveLength(1)
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(`file://${file('k8s/bc.yaml')}`)
    expect(log.runs[0].results[0].level).toBe('error')
  })
})

describe('verdict evaluate --remote: failures exit 2', () => {
  it('refuses to run without VERDICT_API_KEY, before sending anything', async () => {
    for (const env of [{}, { VERDICT_API_KEY: '' }]) {
      const r = await run([file('k8s/a.yaml')], {}, env)
      expect(r.code).toBe(2)
      expect(r.err).toBe('Error: VERDICT_API_KEY is not set: --remote sends it as the API key (Authorization: Bearer); export it first\n')
    }
    expect(received).toEqual([])
  })

  it('names a bad local file without sending anything', async () => {
    const r = await run([file('k8s/a.yaml'), file('k8s/bad.yaml')], {})
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/bad\.yaml, document 1: metadata\.name must be a non-empty string/)
    expect(received).toEqual([])
  })

  it('shows the message of an error envelope', async () => {
    answer = { status: 401, body: JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'unknown API key' } }) }
    const r = await run([file('k8s/a.yaml')], {})
    expect(r.code).toBe(2)
    expect(r.err).toBe(`Error: ${new URL(base).origin} answered 401: unknown API key\n`)
    expect(r.out).toBe('')
  })

  it('shows the start of a non-JSON error body, made safe for a terminal', async () => {
    answer = { status: 502, body: 'bad gateway\n\u001b[2J', headers: { 'content-type': 'text/plain' } }
    const r = await run([file('k8s/a.yaml')], {})
    expect([r.code, r.err]).toEqual([2, `Error: ${new URL(base).origin} answered 502: bad gateway \\u001b[2J\n`])
  })

  it('rejects a 200 that is not JSON, or not a report', async () => {
    answer = { status: 200, body: '<html>' }
    expect((await run([file('k8s/a.yaml')], {})).err).toMatch(/answered with something that is not JSON: <html>/)
    answer = { status: 200, body: JSON.stringify({ verdict: 'maybe' }) }
    const r = await run([file('k8s/a.yaml')], {})
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/answered with an unexpected report: verdict: /)
  })

  it('does not follow a redirect, so the key is never re-sent elsewhere', async () => {
    answer = { status: 307, body: '', headers: { location: '/elsewhere' } }
    const r = await run([file('k8s/a.yaml')], {})
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/^Error: POST http:\/\/127\.0\.0\.1:\d+\/api\/v1\/evaluate failed: /)
    expect(received.map((x) => new URL(x.url, 'http://x').pathname)).toEqual(['/api/v1/evaluate'])
  })

  it('gives up after --timeout', async () => {
    answer = 'hang'
    const r = await run([file('k8s/a.yaml')], { timeout: '0.2' })
    expect([r.code, r.err]).toEqual([2, `Error: POST ${new URL(base).origin}/api/v1/evaluate failed: timed out\n`])
  })

  it('reports an unreachable server', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const r = await run([file('k8s/a.yaml')], { remote: `http://127.0.0.1:${port}` })
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/failed: fetch failed: .*ECONNREFUSED/)
  })

  it.each([
    ['a non-URL', { remote: 'not a url' }, '--remote "not a url" is not a URL'],
    ['a non-http scheme', { remote: 'ftp://example.com' }, '--remote must be an http(s) URL, got ftp:'],
    ['a bad timeout', { timeout: 'soon' }, '--timeout must be a positive number of seconds, got "soon"'],
  ])('rejects %s', async (_, flags, message) => {
    const r = await run([file('k8s/a.yaml')], flags)
    expect([r.code, r.err]).toEqual([2, `Error: ${message}\n`])
  })

  it('warns before sending the key over plain http to a non-loopback host', async () => {
    // Loopback only: the "network" here is a fetch that records the URL and refuses.
    const urls: string[] = []
    const refuse = async (url: string | URL | Request) => {
      urls.push(String(url))
      throw new Error('no network in tests')
    }
    const r = await run([file('k8s/a.yaml')], { remote: 'http://verdict.invalid' }, { VERDICT_API_KEY: 'k' }, refuse)
    expect(r.err).toMatch(/^Warning: sending the API key over plain http to verdict\.invalid\n/)
    expect(urls).toEqual(['http://verdict.invalid/v1/evaluate?policySet=baseline&format=json'])
    expect(r.code).toBe(2)
  })
})

describe('evaluateUrl', () => {
  it.each([
    ['https://verdict.example', 'https://verdict.example/v1/evaluate?policySet=a+b&format=json'],
    ['https://verdict.example/', 'https://verdict.example/v1/evaluate?policySet=a+b&format=json'],
    ['https://gw.example/verdict//?x=1#frag', 'https://gw.example/verdict/v1/evaluate?policySet=a+b&format=json'],
  ])('%s', (input, expected) => {
    const r = evaluateUrl(input, 'a b')
    expect(r.ok && r.value.href).toBe(expected)
  })
})

describe('mapSources', () => {
  it('turns body-wide document numbers into per-file ones, keeping items and leaving unknown ones alone', () => {
    const report = cannedReport('pass')
    const [a, b, c] = report.resources
    if (!a || !b || !c) throw new Error('fixture')
    b.resource.source = { document: 1, item: 3 }
    c.resource.source = { document: 9 }
    mapSources(report, [{ file: 'one.yaml' }, {}], [1, 2])
    expect(report.resources.map((x) => x.resource.source)).toEqual([
      { document: 0, file: 'one.yaml' },
      // The second input is stdin: renumbered, but no file to name.
      { document: 0, item: 3 },
      { document: 9 },
    ])
  })
})
