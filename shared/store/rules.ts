/**
 * Small invariants both adapters apply the same way: id checks, page sizes, random tokens, audit
 * entries, snapshot size. Kept apart from the adapters so the contract suite tests one behaviour.
 */
import { AuditEntry, Id, KeyHash, NewApiKey, PolicyName, limits } from './ports.ts'
import type { ApiKey, ApiKeyView, AuditAction, MutationContext, PageRequest, Policy } from './ports.ts'

// Workers and Node ≥ 19 both have Web Crypto as a global. Declaring the one member used keeps the
// store independent of which runtime lib a tsconfig pulls in.
declare const crypto: { randomUUID(): string }

/** A fresh 128-bit random token (ETags, set uids, audit ids). */
export function newToken(): string {
  return crypto.randomUUID().replace(/-/g, '')
}

/** Ids that fail the schema cannot name a stored record, so lookups treat them as missing. */
export const isId = (s: string): boolean => Id.safeParse(s).success
export const isPolicyName = (s: string): boolean => PolicyName.safeParse(s).success
export const isKeyHash = (s: string): boolean => KeyHash.safeParse(s).success

/** Set versions as sort keys and history cursors: zero-padded, so string order is numeric order. */
export function versionKey(version: number): string {
  return String(version).padStart(10, '0')
}

/** The page size a request asks for, clamped to 1…{@link limits.maxPageSize}. */
export function pageLimit(page: PageRequest | undefined): number {
  const n = page?.limit ?? limits.pageSize
  return Math.max(1, Math.min(limits.maxPageSize, Math.floor(n)))
}

/** Builds the audit entry of a mutation (the id sorts by time, then at random). */
export function auditEntry(
  tenantId: string,
  ctx: MutationContext,
  action: AuditAction,
  target: string,
  detail?: AuditEntry['detail'],
): AuditEntry {
  const entry: AuditEntry = { tenantId, id: `${ctx.at}.${newToken()}`, at: ctx.at, actorKeyId: ctx.actorKeyId, action, target }
  if (ctx.requestId !== undefined) entry.requestId = ctx.requestId
  if (detail !== undefined) entry.detail = detail
  return AuditEntry.parse(entry)
}

/** The stored record of a newly minted key (validates the input; throws on a bad one). */
export function keyRecord(tenantId: string, input: NewApiKey, ctx: MutationContext): ApiKey {
  const key = NewApiKey.parse(input)
  return { tenantId, ...key, revokedAt: null, replacedBy: null, createdAt: ctx.at, createdBy: ctx.actorKeyId }
}

/** Drops the hash: what every read but `findByHash` returns. */
export function keyView(key: ApiKey): ApiKeyView {
  const { hash: _hash, ...view } = key
  return view
}

/** Whether a key still authenticates at `at` (neither revoked nor expired). */
export function isLive(key: ApiKeyView, at: string): boolean {
  return key.revokedAt === null && (key.expiresAt === null || key.expiresAt > at)
}

/** The earlier of an existing expiry and a new one (`null` = never). */
export function earlierExpiry(current: string | null, next: string): string {
  return current !== null && current < next ? current : next
}

/** Two documents are "the same" when they serialise identically (key order included). */
export function sameDocument(a: Policy['document'], b: Policy['document']): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** UTF-8 byte length without TextEncoder (not in the shared lib typings). */
export function utf8Length(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4 // a surrogate pair is one 4-byte code point
      i++
    } else n += 3 // includes lone surrogates, which encoders replace with U+FFFD (3 bytes)
  }
  return n
}

/** The snapshot encoding both adapters use (and size-check): policies sorted by name, as JSON. */
export function encodePolicies(policies: readonly Policy[]): string {
  return JSON.stringify(policies)
}

/** The inverse of {@link encodePolicies}; the store trusts what it wrote itself. */
export function decodePolicies(json: string): Policy[] {
  return JSON.parse(json) as Policy[]
}

/** Deep copy through JSON, so callers never share mutable state with a store. */
export function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}
