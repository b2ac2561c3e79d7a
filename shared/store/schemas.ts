/**
 * zod schemas for every record the stores keep; the TypeScript types are `z.infer` of these and
 * nothing else, so a field exists in exactly one place.
 *
 * Identifiers are deliberately narrow (no `#`, no whitespace): the DynamoDB adapter builds keys by
 * joining them with `#`, and an id that could contain the separator could name another tenant's
 * partition. Both adapters enforce the same rules so the contract suite sees one behaviour.
 */
import { z } from 'zod'

/** Tenant, key, set and cluster ids: 1–128 of `[A-Za-z0-9._-]`, starting with a letter or digit. */
export const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'id: 1-128 of [A-Za-z0-9._-], starting alphanumeric')
export type Id = z.infer<typeof Id>

/** Policy names follow Kubernetes `metadata.name` (DNS-1123 subdomain). */
export const PolicyName = z.string().regex(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/, 'policy name: DNS-1123 subdomain')
export type PolicyName = z.infer<typeof PolicyName>

/** A key's secret hash as the auth layer encodes it (hex or base64/base64url); the store never sees secrets. */
export const KeyHash = z.string().regex(/^[A-Za-z0-9+/=_-]{16,256}$/, 'key hash: 16-256 of hex/base64 characters')

/** Instants are ISO-8601 UTC strings, passed in by the caller so the store never reads a clock. */
export const Instant = z.iso.datetime()

/** Who did it and when: every mutating call takes one, and it becomes the audit entry. */
export const MutationContext = z.object({
  /** The acting API key's id (`operator` for the operator root token). */
  actorKeyId: z.string().min(1).max(128),
  at: Instant,
  requestId: z.string().max(128).optional(),
})
export type MutationContext = z.infer<typeof MutationContext>

/** A customer organisation; everything else belongs to exactly one tenant. */
export const Tenant = z.object({
  tenantId: Id,
  name: z.string().min(1).max(200),
  createdAt: Instant,
})
export type Tenant = z.infer<typeof Tenant>
/** What the operator supplies to create a tenant. */
export const NewTenant = Tenant.pick({ tenantId: true, name: true })
export type NewTenant = z.infer<typeof NewTenant>

/** What a key may do; the auth layer maps routes to scopes. */
export const Scope = z.enum(['admin', 'policy:write', 'evaluate', 'webhook', 'read'])
export type Scope = z.infer<typeof Scope>

/** The full key record, hash included: only {@link KeyStore.findByHash} returns it. */
export const ApiKey = z.object({
  tenantId: Id,
  keyId: Id,
  name: z.string().min(1).max(200),
  scopes: z.array(Scope).min(1),
  hash: KeyHash,
  /** Webhook keys are bound to one cluster; every other key has `null`. */
  clusterId: Id.nullable(),
  /** Expiry is data: the auth layer compares it with its clock. */
  expiresAt: Instant.nullable(),
  revokedAt: Instant.nullable(),
  /** Set when the key was rotated; the successor's id. */
  replacedBy: Id.nullable(),
  createdAt: Instant,
  createdBy: z.string(),
})
export type ApiKey = z.infer<typeof ApiKey>

/** What listings and `get` show: everything but the hash. */
export const ApiKeyView = ApiKey.omit({ hash: true })
export type ApiKeyView = z.infer<typeof ApiKeyView>

/** Input for minting a key; `webhook` keys and only they carry a `clusterId`. */
export const NewApiKey = z
  .object({
    keyId: Id,
    name: z.string().min(1).max(200),
    scopes: z.array(Scope).min(1),
    hash: KeyHash,
    clusterId: Id.nullable().default(null),
    expiresAt: Instant.nullable().default(null),
  })
  .refine((k) => k.scopes.includes('webhook') === (k.clusterId !== null), {
    message: 'webhook keys, and only they, are bound to a cluster',
    path: ['clusterId'],
  })
export type NewApiKey = z.input<typeof NewApiKey>

/** A Kyverno policy document as JSON; the store keeps it verbatim, validation happens above. */
export const PolicyDocument = z.record(z.string(), z.json())
export type PolicyDocument = z.infer<typeof PolicyDocument>

/** A named, versioned group of policies (what a cluster or CI run evaluates against). */
export const PolicySet = z.object({
  tenantId: Id,
  setId: Id,
  /** Changes when a set is deleted and created again, so write-once snapshot keys never collide. */
  uid: z.string(),
  /** Bumped by every change to the set or its policies, restores included. */
  version: z.number().int().min(1),
  description: z.string().max(1000),
  policyCount: z.number().int().min(0),
  createdAt: Instant,
  updatedAt: Instant,
})
export type PolicySet = z.infer<typeof PolicySet>
/** Input for creating a set. */
export const NewPolicySet = z.object({ setId: Id, description: z.string().max(1000).default('') })
export type NewPolicySet = z.input<typeof NewPolicySet>

/** One policy of a set, with its own ETag. */
export const Policy = z.object({
  name: PolicyName,
  document: PolicyDocument,
  /** Opaque; new on every write of this policy. Replace and restore leave unchanged documents (and their ETags) alone. */
  etag: z.string(),
  /** The set version at which this document was last written. */
  version: z.number().int().min(1),
  updatedAt: Instant,
})
export type Policy = z.infer<typeof Policy>

/**
 * What one policy's rules may select, read from its document: admission's kind-index entry
 * (`kindReach` in shared/api/admission/compile.ts derives it; nothing else may).
 */
export const KindReach = z.object({
  /** Literal kinds its rules (own and autogen) name. */
  kinds: z.array(z.string()),
  /** Some rule may select kinds not named literally (or the document is not understood). */
  open: z.boolean(),
  /** Some rule may select by `namespaceSelector`. */
  namespaceSelector: z.boolean(),
})
export type KindReach = z.infer<typeof KindReach>

/**
 * A snapshot's kind index, precomputed when it is published so a cold reader need not scan every
 * document: one entry per policy, in order. `revision` names the derivation; a reader whose
 * derivation differs (an engine change since the publish) ignores the index and derives its own.
 */
export const KindIndex = z.object({ revision: z.number().int().min(1), entries: z.array(KindReach) })
export type KindIndex = z.infer<typeof KindIndex>

/** The complete, immutable content of a set at one version (what the KV publisher compiles). */
export const Snapshot = z.object({
  tenantId: Id,
  setId: Id,
  uid: z.string(),
  version: z.number().int().min(1),
  at: Instant,
  policies: z.array(Policy),
  /** Only on published (KV) snapshots; the stores never keep it. */
  kindIndex: KindIndex.optional(),
})
export type Snapshot = z.infer<typeof Snapshot>

/** What produced a set version. */
export const HistoryAction = z.enum(['create', 'put', 'delete', 'replace', 'restore'])
export type HistoryAction = z.infer<typeof HistoryAction>

/** One line of a set's history; the content is in the matching {@link Snapshot}. */
export const HistoryEntry = z.object({
  version: z.number().int().min(1),
  at: Instant,
  actorKeyId: z.string(),
  action: HistoryAction,
  /** The policy a `put`/`delete` touched. */
  policy: PolicyName.optional(),
  /** The version a `restore` copied. */
  restoredFrom: z.number().int().min(1).optional(),
  policyCount: z.number().int().min(0),
})
export type HistoryEntry = z.infer<typeof HistoryEntry>

/** What a cluster's webhook does when Verdict cannot answer in time. */
export const FailureMode = z.enum(['fail-open', 'fail-closed'])

/** A registered Kubernetes cluster and how its admission webhook behaves. */
export const Cluster = z.object({
  tenantId: Id,
  clusterId: Id,
  displayName: z.string().min(1).max(200),
  policySetId: Id,
  failureMode: FailureMode,
  kubernetesVersion: z.string().min(1).max(64),
  namespaceExclusions: z.array(z.string().min(1).max(253)),
  etag: z.string(),
  createdAt: Instant,
  updatedAt: Instant,
})
export type Cluster = z.infer<typeof Cluster>
/** Input for registering a cluster. */
export const NewCluster = Cluster.pick({
  clusterId: true,
  displayName: true,
  policySetId: true,
  failureMode: true,
  kubernetesVersion: true,
  namespaceExclusions: true,
})
export type NewCluster = z.infer<typeof NewCluster>
/** The fields an update may change. */
export const ClusterPatch = NewCluster.omit({ clusterId: true }).partial()
export type ClusterPatch = z.infer<typeof ClusterPatch>

/** Every action the stores audit: one per kind of mutation. */
export const AuditAction = z.enum([
  'tenant.create',
  'key.create',
  'key.revoke',
  'key.rotate',
  'set.create',
  'set.delete',
  'set.replace',
  'set.restore',
  'policy.put',
  'policy.delete',
  'cluster.create',
  'cluster.update',
  'cluster.delete',
  'cluster.namespaces.sync',
])
export type AuditAction = z.infer<typeof AuditAction>

/** One line of a tenant's audit trail. */
export const AuditEntry = z.object({
  tenantId: Id,
  /** Sorts by time (`<at>.<random>`); also the listing cursor. */
  id: z.string(),
  at: Instant,
  actorKeyId: z.string(),
  action: AuditAction,
  /** The resource path, e.g. `sets/prod/policies/require-labels`. */
  target: z.string(),
  requestId: z.string().optional(),
  /** Small facts such as the new set version; never documents or secrets. */
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
})
export type AuditEntry = z.infer<typeof AuditEntry>
