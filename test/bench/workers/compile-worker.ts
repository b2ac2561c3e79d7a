/**
 * A bench Worker with the stored KV snapshot bundled in: `/admit` does what a cold isolate's first
 * admission request for a Pod does with it, `/compile` loads and indexes the whole set (the
 * reference), `/noop` answers at once (see `cold-admission.ts`). workerd freezes clocks during
 * execution, so the bench times the requests from outside.
 */
import { firstPodDecision, loadEverything } from './cold-admission.ts'

declare const __SNAPSHOT__: string

export default {
  async fetch(req: Request): Promise<Response> {
    const path = new URL(req.url).pathname
    if (path === '/admit') return new Response(await firstPodDecision(__SNAPSHOT__))
    if (path === '/compile') return new Response(await loadEverything(__SNAPSHOT__))
    return new Response('noop')
  },
}
