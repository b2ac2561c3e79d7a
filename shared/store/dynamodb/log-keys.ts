/**
 * Where the verdict log lives in the single table (see `table.ts` for the rest). Ids never contain
 * `#` (`schemas.ts`); policy, rule and resource names can, so they are URI-encoded in keys.
 *
 * | item                     | PK                                   | SK                                 |
 * |--------------------------|--------------------------------------|------------------------------------|
 * | raw record               | `T#<t>#V#<s>`                        | `<record id>` (time-ordered)       |
 * | its source-timeline copy | `T#<t>#VS#<source>#<s>`              | `<record id>`                      |
 * | its policy-timeline copy | `T#<t>#VP#<policy>#<s>` (each policy with a non-pass result) | `<record id>` |
 * | uid marker (idempotency) | `T#<t>#VU#<source>#<sha256(uid)>`    | `U`                                |
 * | hour / day rollup        | `T#<t>#RH#<r>` / `T#<t>#RD#<r>`      | `<bucket>#<source>#<set>#<group>`  |
 * | workload day             | `T#<t>#RW#<day>`                     | `<source>#<set>#<ns>#<kind>#<name>`|
 * | heartbeat day            | `T#<t>#HB#<r>`                       | `<day>#<clusterId>`                |
 * | latest state             | `T#<t>#VL#<clusterId>`               | `<ns>#<kind>#<apiVersion>#<name>`  |
 * | log settings             | `T#<t>`                              | `LOGSETTINGS`                      |
 *
 * Hot keys. Raw records spread over {@link RAW_SHARDS} partitions by id (time-ordered keys in one
 * partition would all land on its newest end). Counters live in small items (a set's rules hashed
 * into {@link RULE_GROUPS} groups) and are written to shard 0 of {@link ROLLUP_SHARDS} until a
 * transaction collides with a concurrent one on the same item: the retry moves to a random shard.
 * So a quiet source keeps one item per bucket (cheap to read) and a busy one spreads out.
 */
import { sourceKey } from '../verdict-log-rollup.ts'
import type { Key } from './table.ts'

export const RAW_SHARDS = 4
export const ROLLUP_SHARDS = 8
export const RULE_GROUPS = 8

/** The partition families of a tenant's records (each split into {@link RAW_SHARDS}). */
export type Timeline = { kind: 'all' } | { kind: 'source'; source: string } | { kind: 'policy'; policy: string }

const enc = encodeURIComponent

/** A small, stable string hash (FNV-1a), for shard and group choice. */
export function hash32(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

export const rawShardOf = (id: string): number => hash32(id) % RAW_SHARDS

export function timelinePartition(tenantId: string, t: Timeline, shard: number): string {
  switch (t.kind) {
    case 'all':
      return `T#${tenantId}#V#${shard}`
    case 'source':
      return `T#${tenantId}#VS#${t.source}#${shard}`
    case 'policy':
      return `T#${tenantId}#VP#${enc(t.policy)}#${shard}`
  }
}

export const logKeys = {
  marker: (tenantId: string, source: string, uidHash: string): Key => ({ PK: `T#${tenantId}#VU#${source}#${uidHash}`, SK: 'U' }),
  rollupPartition: (tenantId: string, granularity: 'hour' | 'day', shard: number): string => `T#${tenantId}#${granularity === 'hour' ? 'RH' : 'RD'}#${shard}`,
  rollup: (tenantId: string, granularity: 'hour' | 'day', shard: number, bucket: string, source: string, set: string, group: number): Key => ({
    PK: logKeys.rollupPartition(tenantId, granularity, shard),
    SK: `${bucket}#${source}#${enc(set)}#${group}`,
  }),
  workloadPartition: (tenantId: string, day: string): string => `T#${tenantId}#RW#${day}`,
  heartbeatPartition: (tenantId: string, shard: number): string => `T#${tenantId}#HB#${shard}`,
  heartbeat: (tenantId: string, shard: number, day: string, clusterId: string): Key => ({ PK: logKeys.heartbeatPartition(tenantId, shard), SK: `${day}#${clusterId}` }),
  latestPartition: (tenantId: string, clusterId: string): string => `T#${tenantId}#VL#${clusterId}`,
  settings: (tenantId: string): Key => ({ PK: `T#${tenantId}`, SK: 'LOGSETTINGS' }),
} as const

/** The timelines a record is written to: all, its source, and each policy with a non-pass result. */
export function timelinesOf(policies: readonly string[], source: Parameters<typeof sourceKey>[0]): Timeline[] {
  return [{ kind: 'all' }, { kind: 'source', source: sourceKey(source) }, ...policies.map((policy) => ({ kind: 'policy' as const, policy }))]
}

/** A rollup counter's attribute name: `r|<policy>|<rule>|<status>` (names encoded, so `|` only separates). */
export const counterName = (policy: string, rule: string, status: string): string => `r|${enc(policy)}|${enc(rule)}|${status}`

/** The inverse of {@link counterName}, or `null` for any other attribute. */
export function parseCounterName(name: string): { policy: string; rule: string; status: string } | null {
  const parts = name.split('|')
  if (parts.length !== 4 || parts[0] !== 'r') return null
  return { policy: decodeURIComponent(parts[1] as string), rule: decodeURIComponent(parts[2] as string), status: parts[3] as string }
}

/** The group a rule's counters live in within a rollup cell. */
export const ruleGroupOf = (policy: string, rule: string): number => hash32(`${policy}\u001f${rule}`) % RULE_GROUPS
