/**
 * The route table of the issue, as data: every method × path the API serves, who may call it, what
 * a well-formed request against one tenant's resources looks like, and what another tenant must
 * get for it. The isolation, scope and bad-input suites are generated from this table, and a test
 * checks it against the app's OpenAPI document, so a new route cannot go untested.
 */
import type { Scope } from '../../../shared/store/ports.ts'
import type { CallOptions, Method } from './helpers.ts'
import { admissionPath, labelPolicy, pod, review, TEAM_LABEL_POLICY } from './fixtures.ts'
import { namespaceReview, namespacesPath } from './namespaces.ts'
import type { TenantWorld } from './world.ts'

/** The ids and ETags a request names (a tenant's real ones, or ids that exist nowhere). */
export type Target = Pick<TenantWorld, 'setId' | 'setVersion' | 'policyName' | 'policyEtag' | 'policyDocument' | 'clusterId' | 'clusterEtag'> & {
  /** A non-admin API key of the tenant (revoked/rotated by the key routes). */
  keyId: string
  /** Another one, so that revoking the first does not hide a rotation leak. */
  otherKeyId: string
  webhookSecret: string
}

/** Who may call a route: a tenant scope, the operator, the cluster's webhook key, or anyone. */
export type Caller = Scope | 'operator' | 'public'

/** How the route takes a body, for the bad-input suite. */
export type BodyKind = 'json' | 'documents' | 'review'

/** What tenant B's admin key must get when the request names tenant A's resources. */
export type Foreign =
  | { status: number }
  /** A listing: 200, and nothing of A's in it. */
  | 'list'

export interface RouteCase {
  method: Method
  /** The path as the OpenAPI document spells it. */
  path: string
  caller: Caller
  body?: BodyKind
  /** True when a successful call changes state (the scope matrix only sends reads with allowed keys). */
  mutates: boolean
  request(t: Target): { path: string; options: CallOptions }
  foreign: Foreign
}

const NOT_FOUND = { status: 404 }
const ifMatch = (v: string | number) => ({ 'if-match': `"${v}"` })

export const ROUTES: RouteCase[] = [
  {
    method: 'GET',
    path: '/healthz',
    caller: 'public',
    mutates: false,
    request: () => ({ path: '/healthz', options: {} }),
    foreign: { status: 200 },
  },
  {
    method: 'POST',
    path: '/v1/tenants',
    caller: 'operator',
    body: 'json',
    mutates: true,
    request: () => ({ path: '/v1/tenants', options: { json: { tenantId: 'newcomer', name: 'Newcomer' } } }),
    // Tenant keys, admin included, are not the operator's token.
    foreign: { status: 401 },
  },
  { method: 'GET', path: '/v1/keys', caller: 'admin', mutates: false, request: () => ({ path: '/v1/keys', options: {} }), foreign: 'list' },
  {
    method: 'POST',
    path: '/v1/keys',
    caller: 'admin',
    body: 'json',
    mutates: true,
    request: () => ({ path: '/v1/keys', options: { json: { name: 'ci', scopes: ['evaluate'] } } }),
    // Names nothing of A's: it creates a key in the caller's own tenant.
    foreign: { status: 201 },
  },
  { method: 'DELETE', path: '/v1/keys/{id}', caller: 'admin', mutates: true, request: (t) => ({ path: `/v1/keys/${t.keyId}`, options: {} }), foreign: NOT_FOUND },
  {
    method: 'POST',
    path: '/v1/keys/{id}/rotate',
    caller: 'admin',
    body: 'json',
    mutates: true,
    request: (t) => ({ path: `/v1/keys/${t.otherKeyId}/rotate`, options: { json: { overlapSeconds: 60 } } }),
    foreign: NOT_FOUND,
  },
  { method: 'GET', path: '/v1/policysets', caller: 'read', mutates: false, request: () => ({ path: '/v1/policysets', options: {} }), foreign: 'list' },
  { method: 'GET', path: '/v1/policysets/{set}', caller: 'read', mutates: false, request: (t) => ({ path: `/v1/policysets/${t.setId}`, options: {} }), foreign: NOT_FOUND },
  {
    method: 'PUT',
    path: '/v1/policysets/{set}',
    caller: 'policy:write',
    body: 'documents',
    mutates: true,
    request: (t) => ({ path: `/v1/policysets/${t.setId}`, options: { yaml: TEAM_LABEL_POLICY, headers: ifMatch(t.setVersion) } }),
    foreign: NOT_FOUND,
  },
  {
    method: 'DELETE',
    path: '/v1/policysets/{set}',
    caller: 'policy:write',
    mutates: true,
    request: (t) => ({ path: `/v1/policysets/${t.setId}`, options: { headers: ifMatch(t.setVersion) } }),
    foreign: NOT_FOUND,
  },
  {
    method: 'GET',
    path: '/v1/policysets/{set}/policies',
    caller: 'read',
    mutates: false,
    request: (t) => ({ path: `/v1/policysets/${t.setId}/policies`, options: {} }),
    foreign: NOT_FOUND,
  },
  {
    method: 'GET',
    path: '/v1/policysets/{set}/policies/{name}',
    caller: 'read',
    mutates: false,
    request: (t) => ({ path: `/v1/policysets/${t.setId}/policies/${t.policyName}`, options: {} }),
    foreign: NOT_FOUND,
  },
  {
    method: 'PUT',
    path: '/v1/policysets/{set}/policies/{name}',
    caller: 'policy:write',
    body: 'documents',
    mutates: true,
    request: (t) => ({
      path: `/v1/policysets/${t.setId}/policies/${t.policyName}`,
      options: { json: t.policyDocument, headers: ifMatch(t.policyEtag) },
    }),
    foreign: NOT_FOUND,
  },
  {
    method: 'DELETE',
    path: '/v1/policysets/{set}/policies/{name}',
    caller: 'policy:write',
    mutates: true,
    request: (t) => ({ path: `/v1/policysets/${t.setId}/policies/${t.policyName}`, options: { headers: ifMatch(t.policyEtag) } }),
    foreign: NOT_FOUND,
  },
  {
    method: 'GET',
    path: '/v1/policysets/{set}/versions',
    caller: 'read',
    mutates: false,
    request: (t) => ({ path: `/v1/policysets/${t.setId}/versions`, options: {} }),
    foreign: NOT_FOUND,
  },
  {
    method: 'POST',
    path: '/v1/policysets/{set}/versions/{n}/restore',
    caller: 'policy:write',
    mutates: true,
    request: (t) => ({ path: `/v1/policysets/${t.setId}/versions/1/restore`, options: { headers: ifMatch(t.setVersion) } }),
    foreign: NOT_FOUND,
  },
  { method: 'GET', path: '/v1/clusters', caller: 'admin', mutates: false, request: () => ({ path: '/v1/clusters', options: {} }), foreign: 'list' },
  {
    method: 'POST',
    path: '/v1/clusters',
    caller: 'admin',
    body: 'json',
    mutates: true,
    request: (t) => ({
      path: '/v1/clusters',
      options: { json: { clusterId: t.clusterId, displayName: 'another', policySetId: t.setId, failureMode: 'fail-open', kubernetesVersion: '1.31', namespaceExclusions: [] } },
    }),
    // The caller has no set by that id: the same 400 as for a set that exists nowhere.
    foreign: { status: 400 },
  },
  { method: 'GET', path: '/v1/clusters/{id}', caller: 'admin', mutates: false, request: (t) => ({ path: `/v1/clusters/${t.clusterId}`, options: {} }), foreign: NOT_FOUND },
  {
    method: 'PUT',
    path: '/v1/clusters/{id}',
    caller: 'admin',
    body: 'json',
    mutates: true,
    request: (t) => ({ path: `/v1/clusters/${t.clusterId}`, options: { json: { displayName: 'renamed', failureMode: 'fail-open' }, headers: ifMatch(t.clusterEtag) } }),
    foreign: NOT_FOUND,
  },
  {
    method: 'DELETE',
    path: '/v1/clusters/{id}',
    caller: 'admin',
    mutates: true,
    request: (t) => ({ path: `/v1/clusters/${t.clusterId}`, options: { headers: ifMatch(t.clusterEtag) } }),
    foreign: NOT_FOUND,
  },
  {
    method: 'GET',
    path: '/v1/clusters/{id}/webhook',
    caller: 'admin',
    mutates: false,
    request: (t) => ({ path: `/v1/clusters/${t.clusterId}/webhook`, options: {} }),
    foreign: NOT_FOUND,
  },
  {
    method: 'POST',
    path: '/v1/clusters/{id}/webhook/rotate',
    caller: 'admin',
    mutates: true,
    request: (t) => ({ path: `/v1/clusters/${t.clusterId}/webhook/rotate`, options: {} }),
    foreign: NOT_FOUND,
  },
  { method: 'GET', path: '/v1/audit', caller: 'admin', mutates: false, request: () => ({ path: '/v1/audit', options: {} }), foreign: 'list' },
  // The library is the same for every tenant; an install names a set of the caller's own (created if absent).
  { method: 'GET', path: '/v1/library', caller: 'read', mutates: false, request: () => ({ path: '/v1/library', options: {} }), foreign: 'list' },
  {
    method: 'GET',
    path: '/v1/library/{name}',
    caller: 'read',
    mutates: false,
    request: () => ({ path: '/v1/library/runtime-security-profiles', options: {} }),
    foreign: { status: 200 },
  },
  {
    method: 'POST',
    path: '/v1/library/{name}/install',
    caller: 'policy:write',
    body: 'json',
    mutates: true,
    // A set id of its own: an install creates the set, and B's copy must not shadow A's id for the routes after it.
    request: (t) => ({ path: '/v1/library/runtime-security-profiles/install', options: { json: { policySet: `${t.setId}-library`, failureAction: 'Audit' } } }),
    // B installs into a set of its own named after A's: created in B's tenant, as for any id.
    foreign: { status: 201 },
  },
  // The verdict log and reports: reads of the caller's own log (B sees its own, empty or not), and
  // the two that name A's resources answer B as they answer ids that exist nowhere.
  { method: 'GET', path: '/v1/verdicts', caller: 'read', mutates: false, request: () => ({ path: '/v1/verdicts', options: {} }), foreign: { status: 200 } },
  { method: 'GET', path: '/v1/reports/summary', caller: 'read', mutates: false, request: () => ({ path: '/v1/reports/summary', options: {} }), foreign: { status: 200 } },
  { method: 'GET', path: '/v1/reports/export', caller: 'read', mutates: false, request: () => ({ path: '/v1/reports/export?format=csv', options: {} }), foreign: { status: 200 } },
  {
    method: 'GET',
    path: '/v1/reports/what-if',
    caller: 'read',
    mutates: false,
    request: (t) => ({ path: `/v1/reports/what-if?policySet=${t.setId}&policy=${t.policyName}`, options: {} }),
    foreign: NOT_FOUND,
  },
  { method: 'GET', path: '/v1/reports/settings', caller: 'read', mutates: false, request: () => ({ path: '/v1/reports/settings', options: {} }), foreign: { status: 200 } },
  {
    method: 'PUT',
    path: '/v1/reports/settings',
    caller: 'admin',
    body: 'json',
    mutates: true,
    request: () => ({ path: '/v1/reports/settings', options: { json: { retentionDays: 30 } } }),
    // Names nothing of A's: it sets the caller's own retention.
    foreign: { status: 200 },
  },
  {
    method: 'GET',
    path: '/v1/clusters/{id}/policyreport',
    caller: 'read',
    mutates: false,
    request: (t) => ({ path: `/v1/clusters/${t.clusterId}/policyreport`, options: {} }),
    foreign: NOT_FOUND,
  },
  // Namespace labels: the admin's sync and listing name A's cluster; the learning webhook's credential is its path.
  {
    method: 'GET',
    path: '/v1/clusters/{id}/namespaces',
    caller: 'admin',
    mutates: false,
    request: (t) => ({ path: `/v1/clusters/${t.clusterId}/namespaces`, options: {} }),
    foreign: NOT_FOUND,
  },
  {
    method: 'PUT',
    path: '/v1/clusters/{id}/namespaces',
    caller: 'admin',
    body: 'json',
    mutates: true,
    request: (t) => ({ path: `/v1/clusters/${t.clusterId}/namespaces`, options: { json: { namespaces: [{ name: 'default', labels: { env: 'dev' } }] } } }),
    foreign: NOT_FOUND,
  },
  {
    method: 'POST',
    path: '/v1/admission/{webhookKey}/namespaces',
    caller: 'webhook',
    body: 'review',
    mutates: true,
    request: (t) => ({ path: namespacesPath(t.webhookSecret), options: { json: namespaceReview('UPDATE', 'default', { env: 'dev' }) } }),
    foreign: { status: 401 },
  },
  {
    method: 'POST',
    path: '/v1/evaluate',
    caller: 'evaluate',
    body: 'documents',
    // Evaluation records nothing: it is a read as far as scopes go.
    mutates: false,
    request: (t) => ({ path: `/v1/evaluate?policySet=${t.setId}&format=json`, options: { yaml: JSON.stringify(pod('ci')) } }),
    foreign: NOT_FOUND,
  },
  {
    method: 'POST',
    path: '/v1/admission/{webhookKey}/validate',
    caller: 'webhook',
    body: 'review',
    mutates: false,
    request: (t) => ({ path: admissionPath(t.webhookSecret), options: { json: review(pod('web')) } }),
    // The credential is the path: an API key there is no webhook key (answered as an AdmissionReview).
    foreign: { status: 401 },
  },
]

/** A target naming ids that exist in no tenant (the answer B must get for A's ids, too). */
export function ghostTarget(): Target {
  return {
    setId: 'ghost-set',
    setVersion: 2,
    policyName: 'ghost-policy',
    policyEtag: '0123456789abcdef0123456789abcdef',
    policyDocument: labelPolicy('ghost-policy'),
    clusterId: 'ghost-cluster',
    clusterEtag: '0123456789abcdef0123456789abcdef',
    keyId: 'k_000000000000000000',
    otherKeyId: 'k_111111111111111111',
    webhookSecret: 'vwh_' + 'A'.repeat(43),
  }
}

export function targetOf(w: TenantWorld): Target {
  return { ...w, keyId: w.evaluate.id, otherKeyId: w.read.id, webhookSecret: w.webhook.secret }
}

export const routeName = (r: RouteCase): string => `${r.method} ${r.path}`
