/**
 * A bench Worker: `/compile` does what a cold isolate's first admission request does with a
 * policy-set snapshot read from KV — JSON.parse it, load every policy, compile the set with its
 * kind index; `/noop` answers at once. The snapshot is bundled in. workerd freezes clocks during
 * execution, so the bench times both requests from outside.
 */
import { compileSet } from '../../../shared/api/admission/compile.ts'
import { loadPolicy } from '../../../shared/policy/load.ts'

declare const __SNAPSHOT__: string

export default {
  fetch(req: Request): Response {
    if (new URL(req.url).pathname !== '/compile') return new Response('noop')
    const snapshot = JSON.parse(__SNAPSHOT__) as { policies: Array<{ name: string; document: unknown }> }
    const policies = snapshot.policies.map((p) => {
      const r = loadPolicy(p.document)
      if (r.status !== 'ok') throw new Error(`policy ${p.name} did not load: ${r.status}`)
      return r.policy
    })
    const set = compileSet('bench', 1, policies)
    return new Response(`${set.policies.length} ${set.byKind.size}`)
  },
}
