/**
 * Keys as credentials: secrets are shown once and never served again; revocation and expiry bite
 * on the next request; webhook keys and API keys each work only on their own path; rotation keeps
 * the old key alive exactly for its overlap window (and the admission path's key cache never
 * stretches that beyond its TTL).
 */
import { expect } from 'vitest'
import type { ContractTest } from '../contract.ts'
import { expectError, expectReview, expectReviewError, TEST_CACHE_TTL_MS, type Harness } from './helpers.ts'
import { admissionPath, pod, review } from './fixtures.ts'
import { setupTenant, type TenantWorld } from './world.ts'

const HOUR = 3600_000

const admits = async (h: Harness, secret: string): Promise<number> => (await h.call('POST', admissionPath(secret), { json: review(pod('web')) })).status

export function keyContract(test: ContractTest): void {
  test('secrets never appear in listings, reads or the audit trail', async (kit) => {
    const h = await kit.harness()
    const a = await setupTenant(h, 'acme')
    const secrets = [a.admin, a.evaluate, a.read, a.write, a.webhook].map((k) => k.secret)
    const rotated = await h.call('POST', `/v1/keys/${a.read.id}/rotate`, { key: a.admin.secret, json: {} })
    expect(rotated.status).toBe(200)
    secrets.push(rotated.json<{ secret: string }>().secret)
    for (const path of ['/v1/keys', '/v1/keys?limit=1', '/v1/clusters', `/v1/clusters/${a.clusterId}`, `/v1/clusters/${a.clusterId}/webhook`, '/v1/audit', `/v1/policysets/${a.setId}`]) {
      const r = await h.call('GET', path, { key: a.admin.secret })
      expect(r.status, path).toBe(200)
      for (const s of secrets) expect(r.text, `${path} leaks a secret`).not.toContain(s)
      expect(r.text, `${path} leaks a hash`).not.toMatch(/"hash"|"secret"/)
    }
  })

  test('a revoked key gets 401 on its next request', async (kit) => {
    const h = await kit.harness()
    const a = await setupTenant(h, 'acme')
    expect((await h.call('GET', '/v1/policysets', { key: a.read.secret })).status).toBe(200)
    const before = h.clock.iso()
    const r = await h.call('DELETE', `/v1/keys/${a.read.id}`, { key: a.admin.secret })
    expect(r.status).toBe(200)
    // The request's time: exact on the test clock, between the two readings on a real one.
    const revokedAt = r.json<{ revokedAt: string | null }>().revokedAt ?? ''
    expect(revokedAt >= before && revokedAt <= h.clock.iso(), `${revokedAt} not in [${before}, now]`).toBe(true)
    expectError(await h.call('GET', '/v1/policysets', { key: a.read.secret }), 401, 'unauthorized')
    // Revoking again is idempotent; a key of nobody's is a 404.
    expect((await h.call('DELETE', `/v1/keys/${a.read.id}`, { key: a.admin.secret })).status).toBe(200)
    expectError(await h.call('DELETE', '/v1/keys/k_nobody', { key: a.admin.secret }), 404, 'not_found')
    // Revoking your own admin key locks you out at once.
    expect((await h.call('DELETE', `/v1/keys/${a.admin.id}`, { key: a.admin.secret })).status).toBe(200)
    expectError(await h.call('GET', '/v1/keys', { key: a.admin.secret }), 401)
  })

  test('an expired key gets 401; expiries must be in the future', async (kit) => {
    const h = await kit.harness()
    const a = await setupTenant(h, 'acme')
    const created = await h.call('POST', '/v1/keys', { key: a.admin.secret, json: { name: 'short-lived', scopes: ['read'], expiresAt: h.clock.iso(HOUR) } })
    expect(created.status, created.text).toBe(201)
    const secret = created.json<{ secret: string }>().secret
    expect((await h.call('GET', '/v1/policysets', { key: secret })).status).toBe(200)
    await h.clock.advance(HOUR)
    expectError(await h.call('GET', '/v1/policysets', { key: secret }), 401, 'unauthorized')
    const past = await h.call('POST', '/v1/keys', { key: a.admin.secret, json: { name: 'stale', scopes: ['read'], expiresAt: h.clock.iso(-HOUR) } })
    expect(expectError(past, 400).issues?.[0]?.path).toBe('body.expiresAt')
    expectError(await h.call('POST', '/v1/keys', { key: a.admin.secret, json: { name: 'w', scopes: ['webhook'] } }), 400)
    expectError(await h.call('POST', '/v1/keys', { key: a.admin.secret, json: { name: 'none', scopes: [] } }), 400)
  })

  test('a webhook key works only in the admission path, and an API key never there', async (kit) => {
    const h = await kit.harness()
    const a = await setupTenant(h, 'acme')
    for (const path of ['/v1/keys', '/v1/policysets', `/v1/clusters/${a.clusterId}`, '/v1/audit']) {
      expectError(await h.call('GET', path, { key: a.webhook.secret }), 401, 'unauthorized')
    }
    expectError(await h.call('POST', `/v1/evaluate?policySet=${a.setId}`, { key: a.webhook.secret, yaml: JSON.stringify(pod('x')) }), 401)
    for (const k of [a.admin, a.evaluate, a.read, a.write]) {
      expectReviewError(await h.call('POST', admissionPath(k.secret), { json: review(pod('web')) }), 401, /invalid webhook key/)
      // Even with the webhook key alongside as a bearer token: the path is the credential.
      expectReviewError(await h.call('POST', admissionPath(k.secret), { key: a.webhook.secret, json: review(pod('web')) }), 401)
    }
    expect(expectReview(await h.call('POST', admissionPath(a.webhook.secret), { json: review(pod('web')) })).response.allowed).toBe(true)
  })

  test('webhook key rotation: both keys work within the overlap, the old one stops after it', async (kit) => {
    const h = await kit.harness()
    const a = await setupTenant(h, 'acme')
    const old = a.webhook.secret
    expect(await admits(h, old)).toBe(200) // warms the admission path's key cache with the old key
    const r = await h.call('POST', `/v1/clusters/${a.clusterId}/webhook/rotate`, { key: a.admin.secret })
    expect(r.status, r.text).toBe(200)
    const rotated = r.json<{ secret: string; previousKeyValidUntil: string; webhookConfiguration: string; webhookKey: { keyId: string } }>()
    expect(rotated.secret).toMatch(/^vwh_/)
    expect(rotated.webhookConfiguration).toContain(rotated.secret)
    expect(Date.parse(rotated.previousKeyValidUntil) - h.clock.now().getTime()).toBeLessThanOrEqual(24 * HOUR)

    expect(await admits(h, old)).toBe(200)
    expect(await admits(h, rotated.secret)).toBe(200)
    await h.clock.advance(23 * HOUR)
    expect(await admits(h, old)).toBe(200)
    expect(await admits(h, rotated.secret)).toBe(200)
    // Past the overlap and past the cache TTL: only the new key.
    await h.clock.advance(HOUR + TEST_CACHE_TTL_MS)
    expectReviewError(await h.call('POST', admissionPath(old), { json: review(pod('web')) }), 401)
    expect(await admits(h, rotated.secret)).toBe(200)
    // The old key was replaced, so a second rotation moves on from the new one.
    const again = await h.call('POST', `/v1/clusters/${a.clusterId}/webhook/rotate`, { key: a.admin.secret })
    expect(again.status).toBe(200)
    const keys = (await h.call('GET', '/v1/keys', { key: a.admin.secret })).json<{ items: Array<{ keyId: string; replacedBy: string | null }> }>().items
    expect(keys.find((k) => k.keyId === a.webhook.id)?.replacedBy).toBe(rotated.webhookKey.keyId)
  })

  test('API key rotation: the old key works for overlapSeconds, then 401; a rotated key cannot rotate again', async (kit) => {
    const h = await kit.harness()
    const a = await setupTenant(h, 'acme')
    const r = await h.call('POST', `/v1/keys/${a.read.id}/rotate`, { key: a.admin.secret, json: { overlapSeconds: 60 } })
    expect(r.status, r.text).toBe(200)
    const { secret, key, previous } = r.json<{ secret: string; key: { keyId: string; scopes: string[] }; previous: { replacedBy: string } }>()
    expect(key.scopes).toEqual(['read'])
    expect(previous.replacedBy).toBe(key.keyId)
    expect((await h.call('GET', '/v1/policysets', { key: a.read.secret })).status).toBe(200)
    expect((await h.call('GET', '/v1/policysets', { key: secret })).status).toBe(200)
    await h.clock.advance(60_000)
    expectError(await h.call('GET', '/v1/policysets', { key: a.read.secret }), 401)
    expect((await h.call('GET', '/v1/policysets', { key: secret })).status).toBe(200)
    expectError(await h.call('POST', `/v1/keys/${a.read.id}/rotate`, { key: a.admin.secret }), 409, 'conflict')
    // Rotation without a body uses the default overlap.
    expect((await h.call('POST', `/v1/keys/${a.evaluate.id}/rotate`, { key: a.admin.secret })).status).toBe(200)
  })

  test('deleting a cluster revokes its webhook key (seen by admission within the cache TTL)', async (kit) => {
    const h = await kit.harness()
    const a: TenantWorld = await setupTenant(h, 'acme')
    expect(await admits(h, a.webhook.secret)).toBe(200)
    const del = await h.call('DELETE', `/v1/clusters/${a.clusterId}`, { key: a.admin.secret, headers: { 'if-match': `"${a.clusterEtag}"` } })
    expect(del.status, del.text).toBe(200)
    expect(del.json<{ revokedKeyIds: string[] }>().revokedKeyIds).toEqual([a.webhook.id])
    await h.clock.advance(TEST_CACHE_TTL_MS)
    expectReviewError(await h.call('POST', admissionPath(a.webhook.secret), { json: review(pod('web')) }), 401)
  })
}
