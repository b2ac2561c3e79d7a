/**
 * Hosts functions/worker.ts for the HTTP contract the way it runs on Cloudflare: bundled as
 * wrangler bundles it (esbuild, conditions workerd/worker/browser), run in workerd through
 * Miniflare with real KV namespaces, and DynamoDB Local as the system of record.
 *
 * Every harness gets a fresh table, a fresh KV namespace, a fresh root token and its own app
 * instance (see ./workerd-entry.ts), so no cache, KV key or row leaks between tests, while one
 * workerd serves the whole file: restarting it per harness cost 1–3 s each on a 2-core machine.
 */
import type { Readable } from 'node:stream'
import { Miniflare } from 'miniflare'
import { hashSecret, mintSecret } from '../../shared/api/auth/secrets.ts'
import type { AppDeps } from '../../shared/api/env.ts'
import { createDynamoStores } from '../../shared/store/dynamodb/index.ts'
import type { KvPort } from '../../shared/store/kv/index.ts'
import { startDynamoDBLocal } from '../stores/dynamodb-local.ts'
import { bundleWorker, localAwsBindings } from '../workerd.ts'
import { harnessOver, RealClock, TEST_CACHE_TTL_MS, TEST_PUBLIC_URL, type Harness, type HarnessOptions } from './contract/helpers.ts'
import { HARNESS_HEADER, HarnessEnv } from './workerd-harness-env.ts'

const ORIGIN = 'http://verdict.test'

/** KV namespaces bound up front, one per harness (a file asks for a few dozen harnesses). */
const KV_POOL = 64

/** The app deps a Worker takes from its vars, and the var each one is. */
const VARS = {
  admissionBudgetMs: 'VERDICT_ADMISSION_BUDGET_MS',
  cacheTtlMs: 'VERDICT_CACHE_TTL_MS',
  publicUrl: 'VERDICT_PUBLIC_URL',
} as const satisfies Partial<Record<keyof AppDeps, string>>

export type WorkerdHarness = Harness & {
  /** The harness's KV namespace, read and written directly (not through the Worker). */
  kv: KvPort
  /** The Worker's fetch for this harness (for requests `call` does not shape). */
  fetch(path: string, init?: RequestInit): Promise<Response>
}

export interface WorkerdHost {
  /** A Worker app on a fresh table and KV namespace. */
  harness(options?: HarnessOptions): Promise<WorkerdHarness>
  /**
   * A second Worker app (cold caches, as a fresh isolate) on `h`'s table and KV namespace, reaching
   * DynamoDB at `endpoint` (one that hangs or refuses, to fail the store on the network) with `deps`.
   */
  variant(h: WorkerdHarness, change: { endpoint?: string; deps?: HarnessOptions['deps'] }): WorkerdHarness
  /** What the Worker wrote to stderr (its error logs) so far. */
  errors(): string
  stop(): Promise<void>
}

/** Vars for the deps a test asks for; anything a Worker cannot be configured with is refused. */
function tuningVars(options: HarnessOptions): Partial<HarnessEnv['vars']> {
  if (options.share) throw new Error('the Worker builds its stores from its bindings: a second instance on other stores (a fault switched in) cannot run in workerd')
  const vars: Record<string, string | number> = { VERDICT_CACHE_TTL_MS: TEST_CACHE_TTL_MS, VERDICT_PUBLIC_URL: TEST_PUBLIC_URL }
  for (const [dep, value] of Object.entries(options.deps ?? {})) {
    const name = VARS[dep as keyof typeof VARS] as string | undefined
    if (name === undefined || (typeof value !== 'string' && typeof value !== 'number')) throw new Error(`the Worker has no var for the app dep ${dep}`)
    vars[name] = value
  }
  return vars
}

/** Starts DynamoDB Local and one workerd (through Miniflare) running the bundled Worker. */
export async function startWorkerd(): Promise<WorkerdHost> {
  const [ddb, script] = await Promise.all([startDynamoDBLocal(), bundleWorker('test/http/workerd-entry.ts')])
  const namespaces = Array.from({ length: KV_POOL }, (_, i) => `SNAPSHOTS_${i}`)
  let stderrText = ''
  const mf = new Miniflare({
    modules: true,
    script,
    compatibilityDate: '2026-04-01',
    kvNamespaces: namespaces,
    bindings: localAwsBindings(ddb.endpoint),
    // The Worker's info lines ("policy set loaded") would bury the test report; its error lines are
    // kept for the tests that provoke them to check (an unexpected one shows up as a 500 anyway).
    handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
      stdout.resume()
      stderr.setEncoding('utf8').on('data', (chunk: string) => void (stderrText += chunk))
    },
  })
  await mf.ready
  let used = 0
  const specs = new WeakMap<WorkerdHarness, HarnessEnv>()

  /** A harness whose every request names `spec` as its env (so gets the app built for it). */
  function serve(spec: HarnessEnv, kv: KvPort, parts: Pick<Harness, 'stores' | 'root' | 'clock'>): WorkerdHarness {
    const text = JSON.stringify(HarnessEnv.parse(spec))
    const fetch = async (path: string, init: RequestInit = {}): Promise<Response> => {
      const headers = new Headers(init.headers)
      headers.set(HARNESS_HEADER, text)
      // Miniflare types its Request and Response with undici's classes; they are the same at run time.
      return (await mf.dispatchFetch(`${ORIGIN}${path}`, { ...init, headers } as never)) as unknown as Response
    }
    const h = { ...harnessOver(fetch, parts), kv, fetch }
    specs.set(h, spec)
    return h
  }

  return {
    async harness(options = {}) {
      const vars = tuningVars(options)
      if (used >= KV_POOL) throw new Error(`all ${KV_POOL} KV namespaces are in use; raise KV_POOL`)
      const kvName = namespaces[used++]!
      const root = mintSecret('root')
      const [table, rootHash, kv] = await Promise.all([ddb.createTable(), hashSecret(root), mf.getKVNamespace(kvName)])
      const stores = createDynamoStores({ client: ddb.client, tableName: table })
      const spec = { kv: kvName, vars: { ...vars, VERDICT_DYNAMODB_TABLE: table, VERDICT_ROOT_TOKEN_HASH: rootHash } }
      return serve(spec, kv as unknown as KvPort, { stores, root, clock: new RealClock() })
    },
    variant(h, change) {
      const base = specs.get(h)
      if (!base) throw new Error('not a harness of this host')
      const vars = { ...base.vars, ...tuningVars({ deps: change.deps ?? {} }), ...(change.endpoint ? { VERDICT_DYNAMODB_ENDPOINT: change.endpoint } : {}) }
      return serve({ kv: base.kv, vars }, h.kv, h)
    },
    errors: () => stderrText,
    async stop() {
      await mf.dispose()
      await ddb.stop()
    },
  }
}
