/** Cold-start reference: a bare Hono server answering a fixed AdmissionReview. */
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { FIXED_RESPONSE } from '../lib/reviews.ts'

const app = new Hono()
app.post('/bare', (c) => c.json(FIXED_RESPONSE))
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 })
server.once('listening', () => {
  process.stdout.write(JSON.stringify({ port: (server.address() as AddressInfo).port, path: '/bare', seedMs: 0 }) + '\n')
})
