/** Setting up a tenant through the app's own API (in process): an admin key, a policy set, a cluster and its webhook key. */
import type { createApp } from '../../../shared/api/app.ts'
import type { JsonObject } from '../../../shared/lib/json.ts'
import { setBody } from './policies.ts'

type App = ReturnType<typeof createApp>

/** Creates tenant `tenant` whose one cluster uses a set of `docs`; answers the cluster's webhook key. */
export async function tenantWithSet(app: App, rootToken: string, tenant: string, docs: readonly JsonObject[]): Promise<string> {
  const call = async (method: string, path: string, auth: string, body: string, type = 'application/json') => {
    const res = await app.request(path, { method, headers: { authorization: `Bearer ${auth}`, 'content-type': type }, body })
    const text = await res.text()
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`)
    return JSON.parse(text) as Record<string, unknown>
  }
  const admin = String((await call('POST', '/v1/tenants', rootToken, JSON.stringify({ tenantId: tenant, name: tenant }))).secret)
  await call('PUT', '/v1/policysets/bench', admin, setBody(docs), 'application/yaml')
  const cluster = await call(
    'POST',
    '/v1/clusters',
    admin,
    JSON.stringify({ clusterId: 'c', displayName: 'c', policySetId: 'bench', failureMode: 'fail-closed', kubernetesVersion: '1.30', namespaceExclusions: [] }),
  )
  return String(cluster.secret)
}
