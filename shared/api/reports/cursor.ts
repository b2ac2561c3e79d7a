/**
 * Page cursors of `GET /v1/verdicts`: a position in the log, MACed (HMAC-SHA256) with a key only
 * the tenant's log settings hold, over the tenant id and the query's filters. A cursor is
 * therefore opaque, cannot be forged or edited, fails for another tenant (other key, other id)
 * and fails for a different query — each of which is a 400, never a page of something else.
 */

const encoder = new TextEncoder()

function base64url(bytes: Uint8Array): string {
  let s = ''
  for (const b of bytes) s += String.fromCharCode(b)
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function fromBase64url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null
  try {
    const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4))
    return Uint8Array.from(bin, (c) => c.charCodeAt(0))
  } catch {
    return null
  }
}

async function mac(key: string, message: string): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey('raw', encoder.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, encoder.encode(message)))
}

const signed = (tenantId: string, query: string, position: string) => `verdict-cursor/v1\n${tenantId}\n${query}\n${position}`

/** The cursor for `position` (the last record id a page covered) of `query` (its canonical filter text). */
export async function sealCursor(key: string, tenantId: string, query: string, position: string): Promise<string> {
  return `${base64url(encoder.encode(position))}.${base64url(await mac(key, signed(tenantId, query, position)))}`
}

/** The position a cursor holds, or `null` when it was not made by {@link sealCursor} for this tenant and query. */
export async function openCursor(key: string, tenantId: string, query: string, cursor: string): Promise<string | null> {
  const [p, m, ...rest] = cursor.split('.')
  if (p === undefined || m === undefined || rest.length > 0) return null
  const positionBytes = fromBase64url(p)
  const given = fromBase64url(m)
  if (!positionBytes || !given) return null
  const position = new TextDecoder('utf-8', { fatal: false }).decode(positionBytes)
  const expected = await mac(key, signed(tenantId, query, position))
  if (given.length !== expected.length) return null
  let diff = 0
  for (let i = 0; i < given.length; i++) diff |= (given[i] as number) ^ (expected[i] as number)
  return diff === 0 ? position : null
}
