/**
 * A network block for the peer bench: while it is on, `fetch` and every socket connect throw, so a
 * peer that tries to download something (Monokle's OPA, CEL and schema plugins do at start) fails
 * loudly instead of silently measuring the network. Not a mock of any peer: nothing answers.
 */
import net from 'node:net'

export function blockNetwork(): { attempts: () => string[]; restore: () => void } {
  const seen: string[] = []
  const realFetch = globalThis.fetch
  const realConnect = net.Socket.prototype.connect
  globalThis.fetch = (async (input: unknown) => {
    seen.push(`fetch ${String(input instanceof Request ? input.url : input)}`)
    throw new Error('network blocked during the peer bench')
  }) as typeof fetch
  net.Socket.prototype.connect = function blocked(this: net.Socket, ...args: unknown[]) {
    seen.push(`connect ${JSON.stringify(args[0])}`)
    throw new Error('network blocked during the peer bench')
  } as typeof realConnect
  return {
    attempts: () => [...seen],
    restore: () => {
      globalThis.fetch = realFetch
      net.Socket.prototype.connect = realConnect
    },
  }
}
