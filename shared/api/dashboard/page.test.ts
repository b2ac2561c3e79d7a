/**
 * `GET /dashboard` through the app: one self-contained page whose CSP admits exactly its own inline
 * script and stylesheet, and a script that never parses data as markup nor keeps the key anywhere
 * but sessionStorage. (That it renders and behaves is the browser test's job: test/e2e.)
 */
import { describe, expect, it } from 'vitest'
import { createApp } from '../app.ts'
import { createMemoryStores } from '../../store/memory/index.ts'
import { DASHBOARD_HTML, DASHBOARD_SCRIPT } from './page.ts'
import { DASHBOARD_CSS } from './styles.ts'

async function sha(s: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s)))
  return `'sha256-${btoa(String.fromCharCode(...bytes))}'`
}

function inline(html: string, tag: 'script' | 'style'): string[] {
  return [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1] as string)
}

describe('GET /dashboard', () => {
  it('serves the page with a hash-based CSP that admits exactly its inline script and style', async () => {
    const res = await createApp({ stores: createMemoryStores() }).request('/dashboard')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    const html = await res.text()
    expect(html).toBe(DASHBOARD_HTML)
    const csp = Object.fromEntries(
      (res.headers.get('content-security-policy') ?? '').split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/)
        return [name, values]
      }),
    )
    expect(inline(html, 'script')).toEqual([DASHBOARD_SCRIPT])
    expect(inline(html, 'style')).toEqual([DASHBOARD_CSS])
    expect(csp).toEqual({
      'default-src': ["'none'"],
      'script-src': [await sha(DASHBOARD_SCRIPT)],
      'style-src': [await sha(DASHBOARD_CSS)],
      'connect-src': ["'self'"],
      'img-src': ['data:'],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
      'frame-ancestors': ["'none'"],
    })
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
  })

  it('is self-contained: no external script, style, font or image, no inline handlers or style attributes', () => {
    expect(DASHBOARD_HTML).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=["']?(https?:)?\/\//i)
    expect(DASHBOARD_HTML).not.toMatch(/@import|url\(|@font-face/i)
    expect(DASHBOARD_HTML).not.toMatch(/\son[a-z]+=/i)
    expect(DASHBOARD_HTML).not.toMatch(/\sstyle=/i)
    expect(DASHBOARD_HTML.match(/<script/g)).toHaveLength(1)
    // No input has a name: a form could never carry the key into a URL.
    expect(DASHBOARD_HTML).not.toMatch(/<(input|select)[^>]*\sname=/)
  })

  it('builds the page with DOM calls only and keeps the key in sessionStorage', () => {
    expect(DASHBOARD_SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|setAttribute\(['"]on/)
    expect(DASHBOARD_SCRIPT).not.toMatch(/localStorage|document\.cookie|location\.(search|hash)|history\.(push|replace)State/)
    expect(DASHBOARD_SCRIPT).toContain('sessionStorage.setItem')
    expect(DASHBOARD_SCRIPT).not.toMatch(/<\/script/i)
    // Parses as a script (a syntax error would only surface in the browser otherwise).
    expect(() => new Function(DASHBOARD_SCRIPT)).not.toThrow()
  })

  it('needs no key to load (it holds no data) and leaves the API’s auth alone', async () => {
    const app = createApp({ stores: createMemoryStores() })
    expect((await app.request('/dashboard', { method: 'HEAD' })).status).toBe(200)
    expect((await app.request('/v1/policysets')).status).toBe(401)
  })
})
