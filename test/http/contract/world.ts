/**
 * A tenant set up entirely through the API, as a customer would: the operator creates it, its
 * admin mints scoped keys, uploads a policy set and registers a cluster. Everything a later
 * request needs (secrets, ids, ETags) is kept.
 */
import { expect } from 'vitest'
import type { JsonObject } from '../../../shared/lib/json.ts'
import type { FailureMode } from '../../../shared/store/ports.ts'
import type { z } from 'zod'
import type { Harness, Reply } from './helpers.ts'
import { SECCOMP, SECCOMP_POLICY } from './fixtures.ts'

export type Key = { id: string; secret: string }

export interface TenantWorld {
  tenantId: string
  admin: Key
  evaluate: Key
  read: Key
  write: Key
  setId: string
  setVersion: number
  policyName: string
  policyEtag: string
  policyDocument: JsonObject
  clusterId: string
  clusterEtag: string
  webhook: Key
  webhookConfiguration: string
}

export type TenantOptions = {
  policyYaml?: string
  policyName?: string
  failureMode?: z.infer<typeof FailureMode>
  namespaceExclusions?: string[]
}

function created<T>(r: Reply, what: string): T {
  expect(r.status, `${what}: ${r.text.slice(0, 300)}`).toBe(201)
  return r.json<T>()
}

/** Creates tenant `tenantId` with one set (`<tenant>-prod`) and one cluster (`<tenant>-c1`). */
export async function setupTenant(h: Harness, tenantId: string, o: TenantOptions = {}): Promise<TenantWorld> {
  const t = created<{ secret: string; adminKey: { keyId: string } }>(
    await h.call('POST', '/v1/tenants', { key: h.root, json: { tenantId, name: `Tenant ${tenantId}` } }),
    'create tenant',
  )
  const admin = { id: t.adminKey.keyId, secret: t.secret }
  const mint = async (scope: string): Promise<Key> => {
    const k = created<{ key: { keyId: string }; secret: string }>(await h.call('POST', '/v1/keys', { key: admin.secret, json: { name: `${scope} key`, scopes: [scope] } }), `create ${scope} key`)
    return { id: k.key.keyId, secret: k.secret }
  }
  const evaluate = await mint('evaluate')
  const read = await mint('read')
  const write = await mint('policy:write')

  const setId = `${tenantId}-prod`
  const put = await h.call('PUT', `/v1/policysets/${setId}`, { key: write.secret, yaml: o.policyYaml ?? SECCOMP_POLICY })
  const set = created<{ set: { version: number }; policies: Array<{ name: string; etag: string }> }>(put, 'put policy set')
  const policyName = o.policyName ?? SECCOMP
  const policy = set.policies.find((p) => p.name === policyName)
  expect(policy, `policy ${policyName} in the set`).toBeDefined()
  const doc = await h.call('GET', `/v1/policysets/${setId}/policies/${policyName}`, { key: read.secret })
  expect(doc.status).toBe(200)

  const clusterId = `${tenantId}-c1`
  const reg = created<{ cluster: { etag: string }; webhookKey: { keyId: string }; secret: string; webhookConfiguration: string }>(
    await h.call('POST', '/v1/clusters', {
      key: admin.secret,
      json: { clusterId, displayName: `${tenantId} production`, policySetId: setId, failureMode: o.failureMode ?? 'fail-closed', kubernetesVersion: '1.30', namespaceExclusions: o.namespaceExclusions ?? ['kube-system'] },
    }),
    'register cluster',
  )
  return {
    tenantId,
    admin,
    evaluate,
    read,
    write,
    setId,
    setVersion: set.set.version,
    policyName,
    policyEtag: policy?.etag ?? '',
    policyDocument: doc.json<JsonObject>(),
    clusterId,
    clusterEtag: reg.cluster.etag,
    webhook: { id: reg.webhookKey.keyId, secret: reg.secret },
    webhookConfiguration: reg.webhookConfiguration,
  }
}
