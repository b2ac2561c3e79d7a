import { describe, expect, it } from 'vitest'
import type { JsonObject } from '../../lib/json.ts'
import { podSpecOf } from './resource.ts'

const meta = { annotations: { a: '1' } }
const spec = { containers: [{ name: 'c', image: 'i' }] }

describe('podSpecOf', () => {
  it('reads a Pod', () => {
    expect(podSpecOf({ kind: 'Pod', metadata: meta, spec })).toEqual({ meta, spec })
  })

  it.each(['DaemonSet', 'Deployment', 'Job', 'StatefulSet', 'ReplicaSet', 'ReplicationController'])('reads the pod template of a %s', (kind) => {
    expect(podSpecOf({ kind, metadata: { name: 'outer' }, spec: { template: { metadata: meta, spec } } })).toEqual({ meta, spec })
  })

  it('reads a CronJob’s pod spec, with the job template’s metadata as Kyverno does', () => {
    const cron: JsonObject = {
      kind: 'CronJob',
      spec: { jobTemplate: { metadata: { annotations: { job: 'y' } }, spec: { template: { metadata: meta, spec } } } },
    }
    expect(podSpecOf(cron)).toEqual({ meta: { annotations: { job: 'y' } }, spec })
  })

  it('treats missing levels as empty, like Go zero values', () => {
    expect(podSpecOf({ kind: 'Deployment' })).toEqual({ meta: {}, spec: {} })
    expect(podSpecOf({ kind: 'Pod', metadata: null })).toEqual({ meta: {}, spec: {} })
  })

  it('returns null for other kinds and for levels that cannot decode', () => {
    expect(podSpecOf({ kind: 'Service', spec })).toBeNull()
    expect(podSpecOf({ spec })).toBeNull()
    expect(podSpecOf({ kind: 'Pod', spec: [] })).toBeNull()
    expect(podSpecOf({ kind: 'Deployment', spec: { template: 'x' } })).toBeNull()
  })

  it('never reads inherited keys', () => {
    expect(podSpecOf(JSON.parse('{"kind":"Pod","spec":{"__proto__":{"containers":[]}}}') as JsonObject)?.spec).not.toHaveProperty('containers')
  })
})
