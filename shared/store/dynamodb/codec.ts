/**
 * Records ↔ items. An item is the record's fields plus its key, a `type` tag and, for mutable
 * items, `rev` (the optimistic-lock counter). Reads parse with the record's zod schema, which drops
 * the storage-only attributes and catches drift between code and data.
 */
import type { TransactWriteItem } from '@aws-sdk/lib-dynamodb'
import { ApiKey } from '../ports.ts'
import type { AuditEntry } from '../ports.ts'
import { keys } from './table.ts'
import type { Key } from './table.ts'
import { put } from './tx.ts'
import type { Db, Item } from './tx.ts'

/** A record laid out as an item; `undefined` fields are left out (DynamoDB has no undefined). */
export function toItem(key: Key, type: string, record: object, extra: Item = {}): Item {
  const item: Item = { ...key, type }
  for (const [k, v] of Object.entries({ ...record, ...extra })) if (v !== undefined) item[k] = v
  return item
}

/** The item's optimistic-lock counter (0 for items written before one was kept). */
export function revOf(item: Item): number {
  return typeof item.rev === 'number' ? item.rev : 0
}

/** An API key is two items (by id, by hash) that every write keeps identical. */
export function keyWrites(db: Db, key: ApiKey, condition: { absent: true } | { rev: number }): TransactWriteItem[] {
  const rev = 'rev' in condition ? condition.rev + 1 : 0
  return [
    put(db, toItem(keys.apiKey(key.tenantId, key.keyId), 'key', key, { rev }), condition),
    put(db, toItem(keys.keyHash(key.hash), 'keyhash', key, { rev }), condition),
  ]
}

/** Reads a key item into its record plus `rev`. */
export function keyFromItem(item: Item): { key: ApiKey; rev: number } {
  return { key: ApiKey.parse(item), rev: revOf(item) }
}

/** The audit entry's Put; ids are random, so it never collides. */
export function auditWrite(db: Db, entry: AuditEntry): TransactWriteItem {
  return put(db, toItem(keys.audit(entry.tenantId, entry.id), 'audit', entry), { absent: true })
}
