/**
 * `GET /dashboard`: the compliance dashboard page (shared/api/dashboard). The page itself is public
 * and holds no data; everything it shows comes from the read API with the key the user pastes.
 */
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../env.ts'
import { dashboardPage } from '../dashboard/page.ts'

export function registerDashboardRoute(app: OpenAPIHono<AppEnv>): void {
  app.get('/dashboard', async (c) => {
    const page = await dashboardPage()
    c.header('content-security-policy', page.csp)
    c.header('x-content-type-options', 'nosniff')
    c.header('referrer-policy', 'no-referrer')
    c.header('x-frame-options', 'DENY')
    // Revalidate on every visit, so a deploy's new page (and its matching CSP hashes) is picked up at once.
    c.header('cache-control', 'no-cache')
    return c.html(page.html)
  })
}
