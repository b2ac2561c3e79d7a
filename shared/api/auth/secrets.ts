/**
 * API keys and tokens: minted from ≥128 bits of CSPRNG output, stored only as SHA-256 hashes,
 * compared in constant time. Uses Web Crypto, which Workers, Lambda and Node all provide.
 */

/** Key kinds, visible in the prefix so a leaked key is recognisable (and greppable by scanners). */
export type SecretKind = 'api' | 'webhook' | 'root'
const PREFIX: Record<SecretKind, string> = { api: 'vdk_', webhook: 'vwh_', root: 'vrt_' }

function base64url(bytes: Uint8Array): string {
  let s = ''
  for (const b of bytes) s += String.fromCharCode(b)
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** A new secret: prefix + 32 random bytes (256 bits) in base64url. */
export function mintSecret(kind: SecretKind): string {
  const bytes = new Uint8Array(32)
  crypto.getRandomValues(bytes)
  return PREFIX[kind] + base64url(bytes)
}

/** True when the text has the shape of a secret of that kind (cheap rejection before hashing). */
export function looksLikeSecret(text: string, kind: SecretKind): boolean {
  return text.length === PREFIX[kind].length + 43 && text.startsWith(PREFIX[kind]) && /^[A-Za-z0-9_-]+$/.test(text.slice(4))
}

/** Hex SHA-256 of the secret; the only form that is ever stored. */
export async function hashSecret(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret))
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

/** Constant-time string equality (length is not secret: both sides are fixed-length hashes). */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}

/** A short, non-secret identifier for logs and listings: the first 8 characters after the prefix. */
export function secretHint(secret: string): string {
  return secret.slice(0, 12)
}

/** A random record id (`k_3f9a…`): not secret, just unguessable enough never to collide. */
export function newId(prefix: string): string {
  const bytes = new Uint8Array(9)
  crypto.getRandomValues(bytes)
  return prefix + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}
