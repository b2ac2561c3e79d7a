/**
 * `npm start` end to end: functions/node.ts as a child process on a free port with a temporary data
 * directory (never ./.verdict). Covers the start-up contract (URL only once ready, root token shown
 * once), persistence across a restart, java gone after SIGTERM/SIGINT, and a taken port.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = resolve(__dirname, '../..')
const URL_LINE = /Verdict is running at (http:\/\/127\.0\.0\.1:(\d+))/
const ROOT_TOKEN = /vrt_[A-Za-z0-9_-]{43}/
const children = new Set<ChildProcess>()
const dirs: string[] = []

type Running = { child: ChildProcess; output: () => string; exited: Promise<number | null> }

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'verdict-node-test-'))
  dirs.push(dir)
  return dir
}

/** Starts `node --import tsx functions/node.ts`, as `npm start` does through tsx. */
function start(dataDir: string, port: number | string = 0): Running {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), VERDICT_DATA_DIR: dataDir }
  delete env.VERDICT_ROOT_TOKEN
  const child = spawn(process.execPath, ['--import', 'tsx', 'functions/node.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(child)
  let output = ''
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => (children.delete(child), r(code))))
  return { child, output: () => output, exited }
}

/** Resolves with the first match of `pattern` in the output; rejects on exit or after `ms`. */
async function waitFor(s: Running, pattern: RegExp, ms = 60_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + ms
  let gone = false
  void s.exited.then(() => (gone = true))
  while (Date.now() < deadline) {
    const m = pattern.exec(s.output())
    if (m) return m
    if (gone) throw new Error(`server exited before printing ${pattern}:\n${s.output()}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`no ${pattern} within ${ms} ms:\n${s.output()}`)
}

async function exitCode(s: Running, ms = 30_000): Promise<number | null> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`still running after ${ms} ms:\n${s.output()}`)), ms)))
  try {
    return await Promise.race([s.exited, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Pids of java processes whose command line names `dataDir` (its `-dbPath`). Linux /proc. */
function javaUsing(dataDir: string): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .flatMap((p) => {
      try {
        const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0')
        return cmd[0]?.endsWith('java') && cmd.some((a) => a.startsWith(dataDir)) ? [Number(p)] : []
      } catch {
        return [] // the process ended while we looked
      }
    })
}

const post = (url: string, token: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) })

afterAll(() => {
  // SIGKILL is enough: java's watchdog kills it when node's end of the pipe closes.
  for (const child of children) child.kill('SIGKILL')
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

describe('functions/node.ts (npm start)', () => {
  it('stays a thin entry point (≤ 50 lines), and npm start runs it', () => {
    expect(readFileSync(join(root, 'functions/node.ts'), 'utf8').trimEnd().split('\n').length).toBeLessThanOrEqual(50)
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.start).toBe('tsx functions/node.ts')
  })

  it('serves, persists across a restart, shows the root token once and stops java', async () => {
    const dataDir = tempDir()
    const first = start(dataDir)
    const [, url] = await waitFor(first, URL_LINE)
    const token = (await waitFor(first, ROOT_TOKEN))[0]
    expect(first.output()).toContain(`curl -s -X POST ${url}/v1/tenants`)
    expect(readFileSync(join(dataDir, 'root-token.sha256'), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/)
    expect(readFileSync(join(dataDir, 'root-token.sha256'), 'utf8')).not.toContain(token)

    const health = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(10_000) })
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({ status: 'ok' })
    const created = await post(`${url}/v1/tenants`, token, { tenantId: 'acme', name: 'Acme' })
    expect(created.status).toBe(201)
    const admin = ((await created.json()) as { secret: string }).secret

    expect(javaUsing(dataDir).length).toBe(1)
    first.child.kill('SIGTERM')
    expect(await exitCode(first)).toBe(0)
    expect(javaUsing(dataDir)).toEqual([])

    const second = start(dataDir)
    const [, url2] = await waitFor(second, URL_LINE)
    expect(second.output()).not.toMatch(ROOT_TOKEN)
    expect(second.output()).toContain('delete')
    // The tenant, its admin key and the root token's hash all survived.
    const keys = await fetch(`${url2}/v1/keys`, { headers: { authorization: `Bearer ${admin}` }, signal: AbortSignal.timeout(10_000) })
    expect(keys.status).toBe(200)
    expect(JSON.stringify(await keys.json())).toContain('acme-admin')
    expect((await post(`${url2}/v1/tenants`, token, { tenantId: 'acme', name: 'Acme again' })).status).toBe(409)

    second.child.kill('SIGINT')
    expect(await exitCode(second)).toBe(0)
    expect(javaUsing(dataDir)).toEqual([])
  }, 180_000)

  it('fails at once with a clear message when the port is taken (no java, no token minted)', async () => {
    const blocker: Server = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r))
    const port = (blocker.address() as { port: number }).port
    const dataDir = tempDir()
    try {
      const s = start(dataDir, port)
      expect(await exitCode(s)).toBe(1)
      expect(s.output()).toContain(`port ${port} on 127.0.0.1 is already in use`)
      expect(s.output()).not.toMatch(URL_LINE)
      expect(existsSync(join(dataDir, 'root-token.sha256'))).toBe(false)
      expect(javaUsing(dataDir)).toEqual([])
    } finally {
      await new Promise((r) => blocker.close(r))
    }
  }, 30_000)

  it('rejects a malformed PORT before binding anything', async () => {
    const s = start(tempDir(), 'eighty')
    expect(await exitCode(s)).toBe(1)
    expect(s.output()).toContain('PORT must be a number from 0 to 65535')
  }, 30_000)
})
