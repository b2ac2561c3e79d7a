/**
 * The write gate: a policy Verdict would not enforce exactly as Kyverno does, or that would make
 * the service reach out at evaluation time, is refused with a 400 naming the field, and a refused
 * write leaves nothing behind.
 */
import { expect } from 'vitest'
import type { JsonObject } from '../../../shared/lib/json.ts'
import { limits } from '../../../shared/store/ports.ts'
import type { ContractTest } from '../contract.ts'
import { expectError, expectIssue, type Harness } from './helpers.ts'
import { labelPolicy } from './fixtures.ts'

const SET = 'gated'

async function admin(h: Harness): Promise<string> {
  const r = await h.call('POST', '/v1/tenants', { key: h.root, json: { tenantId: 'acme', name: 'Acme' } })
  expect(r.status).toBe(201)
  const key = r.json<{ secret: string }>().secret
  expect((await h.call('PUT', `/v1/policysets/${SET}`, { key, json: { policies: [] } })).status).toBe(201)
  return key
}

/** `labelPolicy` with its one rule changed by `edit`. */
function withRule(name: string, edit: (rule: JsonObject) => void): JsonObject {
  const p = labelPolicy(name)
  const rule = ((p.spec as JsonObject).rules as JsonObject[])[0] as JsonObject
  edit(rule)
  return p
}

const validateOf = (rule: JsonObject) => rule.validate as JsonObject

/** Each refused policy, where the gate must point, and what it must say. */
const REFUSED: Array<{ what: string; doc: JsonObject; path: string; message: RegExp }> = [
  {
    what: 'an add anchor in a validate pattern (invalid in Kyverno)',
    doc: withRule('p', (r) => (validateOf(r).pattern = { spec: { containers: [{ '+(image)': 'nginx' }] } })),
    path: 'spec.rules[0].validate.pattern.spec.containers[0].+(image)',
    message: /mutate/,
  },
  { what: 'an unknown field', doc: withRule('p', (r) => (validateOf(r).patern = { a: 1 })), path: 'spec.rules[0].validate.patern', message: /unknown field "patern"/ },
  {
    what: 'a mutate rule',
    doc: withRule('p', (r) => {
      delete r.validate
      r.mutate = { patchStrategicMerge: { metadata: { labels: { a: 'b' } } } }
    }),
    path: 'spec.rules[0].mutate',
    message: /not enforced/,
  },
  {
    what: 'a generate rule',
    doc: withRule('p', (r) => {
      delete r.validate
      r.generate = { apiVersion: 'v1', kind: 'ConfigMap', name: 'x', namespace: 'default', data: { data: { a: 'b' } } }
    }),
    path: 'spec.rules[0].generate',
    message: /not enforced/,
  },
  {
    what: 'a verifyImages rule',
    doc: withRule('p', (r) => {
      delete r.validate
      r.verifyImages = [{ imageReferences: ['ghcr.io/*'], attestors: [{ entries: [{ keys: { publicKeys: 'KEY' } }] }] }]
    }),
    path: 'spec.rules[0].verifyImages',
    message: /not enforced/,
  },
  {
    what: 'validate.cel',
    doc: withRule('p', (r) => (r.validate = { cel: { expressions: [{ expression: 'object.metadata.name != ""' }] } })),
    path: 'spec.rules[0].validate.cel',
    message: /not enforced/,
  },
  {
    what: 'an apiCall context',
    doc: withRule('p', (r) => (r.context = [{ name: 'ns', apiCall: { urlPath: '/api/v1/namespaces', jmesPath: 'items' } }])),
    path: 'spec.rules[0].context[0].apiCall',
    message: /SSRF/,
  },
  {
    what: 'an imageRegistry context',
    doc: withRule('p', (r) => (r.context = [{ name: 'img', imageRegistry: { reference: 'ghcr.io/acme/app:1' } }])),
    path: 'spec.rules[0].context[0].imageRegistry',
    message: /SSRF/,
  },
  {
    what: 'a configMap context',
    doc: withRule('p', (r) => (r.context = [{ name: 'cm', configMap: { name: 'settings', namespace: 'default' } }])),
    path: 'spec.rules[0].context[0].configMap',
    message: /data from the cluster/,
  },
  {
    what: 'an apiCall context inside foreach',
    doc: withRule('p', (r) => (r.validate = { foreach: [{ list: 'request.object.spec.containers', context: [{ name: 'x', apiCall: { service: { url: 'http://169.254.169.254/' } } }], pattern: { image: '?*' } }] })),
    path: 'spec.rules[0].validate.foreach[0].context[0].apiCall',
    message: /SSRF/,
  },
]

export function gateContract(test: ContractTest): void {
  test('each refused policy gets a 400 naming the field and the reason', async (kit) => {
    const h = await kit.harness()
    const key = await admin(h)
    for (const c of REFUSED) {
      const r = await h.call('PUT', `/v1/policysets/${SET}/policies/p`, { key, json: c.doc })
      const error = expectError(r, 400, 'bad_request')
      expectIssue(error, c.path, c.message)
    }
    // Nothing was written by any of them.
    const list = await h.call('GET', `/v1/policysets/${SET}/policies`, { key })
    expect(list.json()).toMatchObject({ set: { version: 1, policyCount: 0 }, items: [] })
  })

  test('a policy whose metadata.name differs from the URL is refused', async (kit) => {
    const h = await kit.harness()
    const key = await admin(h)
    const error = expectError(await h.call('PUT', `/v1/policysets/${SET}/policies/expected`, { key, json: labelPolicy('other') }), 400, 'bad_request')
    expectIssue(error, 'metadata.name', /expected/)
    expectError(await h.call('GET', `/v1/policysets/${SET}/policies/expected`, { key }), 404)
    expectError(await h.call('PUT', `/v1/policysets/${SET}/policies/p`, { key, json: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'p' } } }), 400)
    expectError(await h.call('PUT', `/v1/policysets/${SET}/policies/p`, { key, yaml: `${JSON.stringify(labelPolicy('p'))}\n---\n${JSON.stringify(labelPolicy('p'))}` }), 400)
  })

  test('a refused set PUT writes nothing: a new set stays absent, an existing one keeps its version', async (kit) => {
    const h = await kit.harness()
    const key = await admin(h)
    const bad = withRule('bad', (r) => {
      delete r.validate
      r.mutate = { patchStrategicMerge: { metadata: { labels: { a: 'b' } } } }
    })
    const created = await h.call('PUT', '/v1/policysets/fresh', { key, json: { policies: [labelPolicy('good'), bad] } })
    expectIssue(expectError(created, 400, 'bad_request'), 'policies[1].spec.rules[0].mutate')
    expectError(await h.call('GET', '/v1/policysets/fresh', { key }), 404)

    const dup = await h.call('PUT', '/v1/policysets/fresh', { key, json: { policies: [labelPolicy('same'), labelPolicy('same')] } })
    expect(expectError(dup, 400).message).toMatch(/duplicate policy name "same"/)
    expectError(await h.call('GET', '/v1/policysets/fresh', { key }), 404)

    const replaced = await h.call('PUT', `/v1/policysets/${SET}`, { key, json: { policies: [labelPolicy('good'), bad] }, headers: { 'if-match': '"1"' } })
    expectError(replaced, 400)
    const set = await h.call('GET', `/v1/policysets/${SET}`, { key })
    expect(set.headers.get('etag')).toBe('"1"')
    expect(set.json()).toMatchObject({ set: { version: 1, policyCount: 0 } })
  })

  test('a new set the store refuses as too large is not left behind half-made', async (kit) => {
    const h = await kit.harness()
    const key = await admin(h)
    // Just under the snapshot limit as sent, just over it once the store adds each policy's ETag,
    // version and timestamp: the create succeeds and the fill fails, which must undo the create.
    const doc = labelPolicy('big', '')
    const base = new TextEncoder().encode(JSON.stringify([{ name: 'big', document: doc }])).byteLength
    const padded = labelPolicy('big', 'x'.repeat(limits.snapshotBytes - 20 - base))
    const r = await h.call('PUT', '/v1/policysets/huge', { key, json: { policies: [padded] } })
    expectError(r, 413, 'payload_too_large')
    expectError(await h.call('GET', '/v1/policysets/huge', { key }), 404)
    // Too large as sent (multi-byte text counts in bytes): refused before any write.
    const euros = await h.call('PUT', '/v1/policysets/huge', { key, json: { policies: [labelPolicy('big', '€'.repeat(120_000))] } })
    expectError(euros, 413, 'payload_too_large')
    expectError(await h.call('GET', '/v1/policysets/huge', { key }), 404)
  })
}
