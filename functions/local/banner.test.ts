import { describe, expect, it } from 'vitest'
import { banner } from './banner.ts'

const url = 'http://127.0.0.1:8787'
const token = `vrt_${'a'.repeat(43)}`

describe('banner', () => {
  it('shows a just-generated token, the URL and a tenant-creation curl', () => {
    const text = banner(url, '/srv/.verdict', { source: 'generated', hash: 'h', file: '/srv/.verdict/root-token.sha256', token })
    expect(text.split('\n')[0]).toBe(`Verdict is running at ${url}  (API reference: ${url}/docs)`)
    expect(text).toContain(`export VERDICT_ROOT_TOKEN=${token}`)
    expect(text).toContain(`curl -s -X POST ${url}/v1/tenants`)
  })

  it('never shows a token on later starts, and says how to reset it', () => {
    const text = banner(url, '/srv/.verdict', { source: 'file', hash: 'h', file: '/srv/.verdict/root-token.sha256' })
    expect(text).not.toContain('vrt_')
    expect(text).toContain('delete /srv/.verdict/root-token.sha256')
  })

  it('names VERDICT_ROOT_TOKEN when the token came from there', () => {
    expect(banner(url, '/d', { source: 'env', hash: 'h' })).toContain('taken from VERDICT_ROOT_TOKEN')
  })
})
