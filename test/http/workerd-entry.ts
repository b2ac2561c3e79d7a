/**
 * The Worker as the HTTP contract hosts it: functions/worker.ts, unchanged, with its env chosen per
 * harness. A request naming a harness (see ./workerd-harness-env.ts) is served with that harness's
 * table, root token hash, tuning vars and one of the pre-bound KV namespaces, as a deployment
 * configured that way would be. The production Worker keeps one app per env object, so each
 * harness gets its own app and caches, as if in its own isolate, without restarting workerd
 * (which costs a second or more per test). Test-only: never deployed.
 */
import type { ExecutionContext } from 'hono'
import worker, { type Env } from '../../functions/worker.ts'
import { HARNESS_HEADER, HarnessEnv } from './workerd-harness-env.ts'

type Bindings = Env & Record<string, unknown>

// Keyed by the header's text, so every request of one harness gets the same env object (and so the same app).
const envs = new Map<string, Env>()

function envFor(spec: string, base: Bindings): Env {
  let env = envs.get(spec)
  if (!env) {
    const parsed = HarnessEnv.parse(JSON.parse(spec))
    const kv = base[parsed.kv]
    if (kv === undefined) throw new Error(`no KV namespace bound as ${parsed.kv}`)
    env = { ...base, ...parsed.vars, SNAPSHOTS: kv as Env['SNAPSHOTS'] }
    envs.set(spec, env)
  }
  return env
}

export default {
  fetch(req: Request, base: Bindings, ctx: ExecutionContext): Response | Promise<Response> {
    const spec = req.headers.get(HARNESS_HEADER)
    if (spec === null) return new Response('no harness named', { status: 421 })
    const headers = new Headers(req.headers)
    headers.delete(HARNESS_HEADER)
    return worker.fetch(new Request(req, { headers }), envFor(spec, base), ctx)
  },
}
