/**
 * @module functions/local/listen — binds the HTTP server on loopback before anything slow starts,
 * so a taken port fails at once, and holds early requests until the app is ready to answer them.
 */
import type { AddressInfo } from 'node:net'
import { createAdaptorServer } from '@hono/node-server'
import { HOST } from './config.ts'

type Fetch = (request: Request) => Response | Promise<Response>

/** A bound server: requests wait until {@link Listening.serve} hands it the app. */
export type Listening = {
  /** The port actually bound (the OS picks one for port 0). */
  port: number
  serve(fetch: Fetch): void
  /** Stops accepting connections. */
  close(): void
}

/** Listens on `127.0.0.1:port`; rejects with a sentence that says what to do when it cannot. */
export function listen(port: number): Promise<Listening> {
  let serve!: (fetch: Fetch) => void
  const app = new Promise<Fetch>((resolveApp) => (serve = resolveApp))
  return new Promise((resolveListening, reject) => {
    const server = createAdaptorServer({ fetch: async (request) => (await app)(request), hostname: HOST })
    server.once('error', (e: NodeJS.ErrnoException) => reject(bindError(e, port)))
    server.listen(port, HOST, () => {
      const bound = (server.address() as AddressInfo).port
      resolveListening({ port: bound, serve, close: () => void server.close() })
    })
  })
}

function bindError(e: NodeJS.ErrnoException, port: number): Error {
  if (e.code === 'EADDRINUSE') return new Error(`port ${port} on ${HOST} is already in use; stop whatever holds it or set PORT to another port (PORT=0 picks a free one)`)
  if (e.code === 'EACCES') return new Error(`not allowed to listen on port ${port}; use a port above 1023 (PORT=0 picks a free one)`)
  return e
}
