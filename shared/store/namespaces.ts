/**
 * The namespace-labels port: per cluster, what Verdict knows of each namespace's labels, so that
 * rules matching by `namespaceSelector` can be evaluated at admission (an AdmissionReview names the
 * namespace but does not carry its labels; Kyverno reads them from its informer, a hosted service
 * has to be told). Two writers feed it: a full sync from `kubectl get ns` (`replace`) and the
 * admission stream's Namespace requests (`record`/`forget`).
 *
 * Contract, for every adapter (checked by `test/stores/contract/namespaces.ts`):
 * - **Tenant-scoped**, like every store; a cluster the tenant does not have is `notFound` for
 *   `replace` and `list`. `record`/`forget` come from a live webhook key bound to the cluster, so
 *   they do not check it again.
 * - **Last writer wins**, deliberately, unlike the other ports' optimistic concurrency: every
 *   writer reports what the cluster itself said, and no caller holds an ETag it could present.
 * - **Whole entries.** An entry's labels are always one complete label set from one writer.
 *   `replace` writes only what differs from what is stored; it is idempotent, atomic in memory,
 *   and atomic in DynamoDB when at most {@link namespaceLimits.atomicChanges} entries change
 *   (beyond that it applies entry by entry: a failure part way leaves each entry either old or new,
 *   and a retry of the same body completes it).
 */
import { z } from 'zod'
import type { Result } from '../lib/result.ts'
import type { Page, PageRequest } from './ports.ts'
import type { MutationContext } from './schemas.ts'

/** Bounds both adapters and the API enforce. */
export const namespaceLimits = {
  /** Namespaces in one sync. */
  perSync: 10_000,
  /** Labels on one namespace (Kubernetes sets no count limit; this keeps an item far below 400 KB). */
  labelsPerNamespace: 256,
  /** Changed entries DynamoDB writes in one transaction (100 items) beside the audit entry and the cluster check. */
  atomicChanges: 98,
} as const

/** A namespace name: a DNS-1123 label, as Kubernetes requires. */
export const NamespaceName = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'namespace name: DNS-1123 label (1-63 of [a-z0-9-])')

const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$/
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/

/** Whether `key` is a valid label key: `[prefix/]name`, prefix a DNS subdomain ≤ 253, name ≤ 63. */
export function isLabelKey(key: string): boolean {
  const slash = key.indexOf('/')
  if (slash < 0) return key.length <= 63 && LABEL_NAME.test(key)
  const prefix = key.slice(0, slash)
  const name = key.slice(slash + 1)
  return prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix) && name.length <= 63 && LABEL_NAME.test(name)
}

export const LabelKey = z.string().refine(isLabelKey, 'label key: [prefix/]name, prefix a DNS subdomain of at most 253 characters, name at most 63 of [A-Za-z0-9-_.] starting and ending alphanumeric')
export const LabelValue = z.string().regex(/^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/, 'label value: at most 63 of [A-Za-z0-9-_.], starting and ending alphanumeric, or empty')

/** A namespace's labels, within Kubernetes' syntax limits. */
export const NamespaceLabels = z
  .record(LabelKey, LabelValue)
  .refine((l) => Object.keys(l).length <= namespaceLimits.labelsPerNamespace, `at most ${namespaceLimits.labelsPerNamespace} labels`)
export type NamespaceLabels = z.infer<typeof NamespaceLabels>

/** One namespace as a writer reports it. */
export const NamespaceInput = z.strictObject({ name: NamespaceName, labels: NamespaceLabels })
export type NamespaceInput = z.infer<typeof NamespaceInput>

/** Where an entry's labels came from: the sync route, or a Namespace admission request. */
export const NamespaceSource = z.enum(['sync', 'admission'])

/** What the store keeps per namespace. */
export const NamespaceEntry = z.object({
  name: NamespaceName,
  labels: NamespaceLabels,
  source: NamespaceSource,
  /** When the entry was last written (a sync leaves entries whose labels it would not change alone). */
  updatedAt: z.iso.datetime(),
})
export type NamespaceEntry = z.infer<typeof NamespaceEntry>

/** What a sync changed: entries now known, written (new or different labels), and removed. */
export type SyncOutcome = { count: number; written: number; removed: number }

export interface NamespaceStore {
  /** The entry for one namespace, or `notFound` (never seen, never synced, or deleted). */
  get(tenantId: string, clusterId: string, name: string): Promise<Result<NamespaceEntry, 'notFound'>>
  /** Entries ordered by name; `notFound` when the tenant has no such cluster. */
  list(tenantId: string, clusterId: string, page?: PageRequest): Promise<Result<Page<NamespaceEntry>, 'notFound'>>
  /**
   * Makes `namespaces` (unique names, at most {@link namespaceLimits.perSync}) the cluster's whole
   * known set, with one `cluster.namespaces.sync` audit entry. Throws on input the schemas refuse.
   */
  replace(tenantId: string, clusterId: string, namespaces: readonly NamespaceInput[], ctx: MutationContext): Promise<Result<SyncOutcome, 'notFound'>>
  /** Creates or overwrites one entry from an admitted Namespace CREATE/UPDATE (not audited: the cluster did it). */
  record(tenantId: string, clusterId: string, namespace: NamespaceInput, at: string): Promise<void>
  /** Drops one entry after an admitted Namespace DELETE; absent entries are fine. */
  forget(tenantId: string, clusterId: string, name: string): Promise<void>
}

/** The input of a sync, validated (unique names, within limits); shared by both adapters. */
export function syncInput(namespaces: readonly NamespaceInput[]): Map<string, NamespaceLabels> {
  const list = z.array(NamespaceInput).max(namespaceLimits.perSync).parse(namespaces)
  const out = new Map<string, NamespaceLabels>()
  for (const ns of list) {
    if (out.has(ns.name)) throw new Error(`namespace ${ns.name} appears twice`)
    out.set(ns.name, ns.labels)
  }
  return out
}

/** Two label sets are the same when they hold the same pairs (order does not matter). */
export function sameLabels(a: NamespaceLabels, b: NamespaceLabels): boolean {
  const ka = Object.keys(a)
  if (ka.length !== Object.keys(b).length) return false
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && b[k] === a[k])
}
