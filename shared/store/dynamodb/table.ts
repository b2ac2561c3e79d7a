/**
 * The single DynamoDB table behind every store, as data (infra and the tests create it from
 * {@link tableDefinition}), and the key builders the adapter uses.
 *
 * Items (PK / SK; ids never contain `#`, see `schemas.ts`, so composed keys cannot collide):
 *
 * | item               | PK                                  | SK                | written with                        |
 * |--------------------|-------------------------------------|-------------------|-------------------------------------|
 * | tenant             | `T#<tenantId>`                      | `TENANT`          | tenant dir entry, root key, audit   |
 * | tenant dir entry   | `TENANTS`                           | `T#<tenantId>`    | (operator listing only)             |
 * | API key            | `T#<tenantId>`                      | `KEY#<keyId>`     | its hash item, audit                |
 * | key hash lookup    | `KEYHASH#<hash>`                    | `KEYHASH`         | a full copy of the key record       |
 * | policy set         | `T#<tenantId>`                      | `SET#<setId>`     | snapshot + history of the version   |
 * | set snapshot       | `T#<tenantId>#SET#<setId>#<uid>`    | `SNAP#<v:10>`     | (immutable; policies as JSON text)  |
 * | set history line   | `T#<tenantId>#SET#<setId>#<uid>`    | `HIST#<v:10>`     | (immutable)                         |
 * | cluster            | `T#<tenantId>`                      | `CLUSTER#<id>`    | webhook key on create, audit        |
 * | audit entry        | `T#<tenantId>#AUDIT`                | `<at>.<random>`   | (immutable)                         |
 *
 * Access patterns (all strongly consistent; no GSI is needed):
 * - tenant by id: Get `T#t`/`TENANT`; list tenants: Query `TENANTS` (operator only, small).
 * - key by hash (authentication): Get `KEYHASH#h`/`KEYHASH` — a Get, not a GSI query, so a revoked
 *   key stops working at once and a new key works at once. The copy is kept in step with the key
 *   item by writing both in every transaction.
 * - keys / sets / clusters of a tenant: Query `T#t`, `begins_with(SK, 'KEY#' | 'SET#' | 'CLUSTER#')`.
 * - a set's current content: Get `T#t`/`SET#s` (version, uid), then Get its `SNAP#<version>`.
 * - a set's history: Query `T#t#SET#s#uid`, `begins_with(SK, 'HIST#')`, newest first.
 * - audit trail: Query `T#t#AUDIT`, newest first.
 *
 * Writes are TransactWriteItems conditioned on what was read (set `version` + `uid`, item `rev`,
 * `attribute_not_exists` for creates), so a change, its version bump, snapshot, history line and
 * audit entry commit together or not at all. Snapshots live under the set's `uid`, which is new on
 * every create, so a deleted-and-recreated set never collides with its old versions (the KV
 * publisher's write-once keys can use the same uid).
 *
 * `ttl` (epoch seconds) is set on the items that expire: the verdict log's, laid out in `log-keys.ts`.
 */
import type { CreateTableCommandInput, TimeToLiveSpecification } from '@aws-sdk/client-dynamodb'
import { versionKey } from '../rules.ts'

/** Attribute names of the primary key and the reserved TTL attribute. */
export const attributes = { pk: 'PK', sk: 'SK', ttl: 'ttl' } as const

/**
 * The table as CreateTable input minus the name. No GSIs: every port is served by the primary key
 * (the key-hash lookup is an item of its own, see above).
 */
export const tableDefinition: Omit<CreateTableCommandInput, 'TableName'> = {
  KeySchema: [
    { AttributeName: attributes.pk, KeyType: 'HASH' },
    { AttributeName: attributes.sk, KeyType: 'RANGE' },
  ],
  AttributeDefinitions: [
    { AttributeName: attributes.pk, AttributeType: 'S' },
    { AttributeName: attributes.sk, AttributeType: 'S' },
  ],
  BillingMode: 'PAY_PER_REQUEST',
}

/** UpdateTimeToLive input minus the name, to apply right after CreateTable. */
export const timeToLive: TimeToLiveSpecification = { AttributeName: attributes.ttl, Enabled: true }

/** A primary key. */
export type Key = { PK: string; SK: string }

/** Key builders: the only place that knows the layout above. */
export const keys = {
  tenant: (tenantId: string): Key => ({ PK: `T#${tenantId}`, SK: 'TENANT' }),
  tenantDirectoryPartition: 'TENANTS',
  tenantDirectory: (tenantId: string): Key => ({ PK: keys.tenantDirectoryPartition, SK: `T#${tenantId}` }),
  apiKey: (tenantId: string, keyId: string): Key => ({ PK: `T#${tenantId}`, SK: `KEY#${keyId}` }),
  keyHash: (hash: string): Key => ({ PK: `KEYHASH#${hash}`, SK: 'KEYHASH' }),
  set: (tenantId: string, setId: string): Key => ({ PK: `T#${tenantId}`, SK: `SET#${setId}` }),
  setPartition: (tenantId: string, setId: string, uid: string): string => `T#${tenantId}#SET#${setId}#${uid}`,
  snapshot: (tenantId: string, setId: string, uid: string, version: number): Key => ({
    PK: keys.setPartition(tenantId, setId, uid),
    SK: `SNAP#${versionKey(version)}`,
  }),
  history: (tenantId: string, setId: string, uid: string, version: number): Key => ({
    PK: keys.setPartition(tenantId, setId, uid),
    SK: `HIST#${versionKey(version)}`,
  }),
  cluster: (tenantId: string, clusterId: string): Key => ({ PK: `T#${tenantId}`, SK: `CLUSTER#${clusterId}` }),
  auditPartition: (tenantId: string): string => `T#${tenantId}#AUDIT`,
  audit: (tenantId: string, id: string): Key => ({ PK: keys.auditPartition(tenantId), SK: id }),
} as const

/** SK prefixes for the tenant-partition listings. */
export const prefixes = { key: 'KEY#', set: 'SET#', cluster: 'CLUSTER#', tenant: 'T#', history: 'HIST#' } as const
