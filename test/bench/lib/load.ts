/** Load generation with autocannon: loopback only, fixed duration, bounded connections. */
import autocannon from 'autocannon'

export interface LoadResult {
  connections: number
  seconds: number
  requests: number
  rps: number
  latencyAvgMs: number
  latencyP50Ms: number
  latencyP99Ms: number
  latencyMaxMs: number
  /** Requests sent but not answered when the run ended: autocannon's latency figures leave them out. */
  unansweredAtEnd: number
}

export interface LoadOptions {
  url: string
  connections: number
  /** Run for this long … */
  seconds?: number
  /** … or until this many requests are answered (every request then counts in the latency figures). */
  amount?: number
  /** Request bodies, sent in rotation. */
  bodies: readonly string[]
}

export async function load(o: LoadOptions): Promise<LoadResult> {
  const host = new URL(o.url).hostname
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]') throw new Error(`load: ${o.url} is not loopback`)
  let i = 0
  const r = await autocannon({
    url: o.url,
    method: 'POST',
    connections: o.connections,
    ...(o.amount !== undefined ? { amount: o.amount } : { duration: o.seconds }),
    timeout: 30,
    headers: { 'content-type': 'application/json' },
    requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, body: o.bodies[i++ % o.bodies.length] }) }],
  })
  if (r.errors > 0 || r.timeouts > 0 || r.non2xx > 0) throw new Error(`${o.url}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx responses`)
  if (r.requests.total === 0) throw new Error(`${o.url}: no request completed`)
  if (o.amount !== undefined && r.requests.total < o.amount) throw new Error(`${o.url}: ${r.requests.total} of ${o.amount} requests answered`)
  if (o.amount === undefined && o.seconds === undefined) throw new Error('load: give seconds or amount')
  return {
    connections: o.connections,
    seconds: r.duration,
    requests: r.requests.total,
    rps: r.requests.total / r.duration,
    latencyAvgMs: r.latency.average,
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    latencyMaxMs: r.latency.max,
    unansweredAtEnd: Math.max(0, r.requests.sent - r.requests.total),
  }
}
