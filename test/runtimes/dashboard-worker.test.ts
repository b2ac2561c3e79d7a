/**
 * The dashboard from the Worker: functions/worker.ts bundled as wrangler does and run in workerd
 * through Miniflare. The page needs no store, so no DynamoDB here; what matters is that workerd
 * serves the same document with a CSP whose hashes (computed in workerd by crypto.subtle) admit
 * exactly the page's inline script and stylesheet. The browser test (test/e2e) drives the page.
 */
import { createHash } from 'node:crypto'
import { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DASHBOARD_HTML } from '../../shared/api/dashboard/page.ts'
import { bundleWorker, localAwsBindings } from '../workerd.ts'
import { eventually } from '../eventually.ts'

let mf: Miniflare | undefined

beforeAll(async () => {
  const bundle = await bundleWorker('functions/worker.ts')
  mf = new Miniflare({
    modules: true,
    script: bundle,
    compatibilityDate: '2026-04-01',
    kvNamespaces: ['SNAPSHOTS'],
    bindings: { ...localAwsBindings(), VERDICT_DYNAMODB_TABLE: 'unused' },
  })
}, 60_000)

afterAll(async () => {
  await mf?.dispose()
})

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`

describe('GET /dashboard on the Worker (workerd)', () => {
  it('serves the page with a CSP that admits exactly its inline script and style', async () => {
    const res = await mf!.dispatchFetch('http://verdict.test/dashboard')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    const html = await res.text()
    expect(html).toBe(DASHBOARD_HTML)
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? ''
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? ''
    expect(script.length).toBeGreaterThan(1000)
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain(`script-src ${hash(script)}`)
    expect(csp).toContain(`style-src ${hash(style)}`)
    expect(csp).toContain("connect-src 'self'")
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  })
})
