/** Autogen output matched by the engine: generated kinds are fully qualified. */
import { describe, expect, it } from 'vitest'
import type { JsonObject } from '../../lib/json.ts'
import { computeRules } from '../../policy/autogen.ts'
import { MatchResources } from '../../policy/match.ts'
import { matchesRule } from './rule.ts'
import { obj } from './testing.ts'

const policy: JsonObject = {
  metadata: { name: 'p' },
  spec: {
    rules: [
      {
        name: 'check-image',
        match: { any: [{ resources: { kinds: ['Pod'] } }] },
        exclude: { any: [{ resources: { kinds: ['Pod'], namespaces: ['kube-system'] } }] },
        validate: { pattern: { spec: { containers: [{ image: '!*:latest' }] } } },
      },
    ],
  },
}

function applies(resource: JsonObject): string[] {
  const kind = String(resource.kind)
  return computeRules(policy, kind)
    .filter((r) => {
      const match = MatchResources.parse(r.match)
      const exclude = r.exclude === undefined ? undefined : MatchResources.parse(r.exclude)
      return matchesRule({ match, exclude }, { resource, operation: 'CREATE' })
    })
    .map((r) => String(r.name))
}

describe('generated rules under the matcher', () => {
  it('an apps/v1 Deployment is matched by autogen-check-image only', () => {
    expect(applies(obj('apps/v1', 'Deployment', { name: 'web', namespace: 'default' }))).toEqual(['autogen-check-image'])
  })
  it('an extensions/v1beta1 Deployment is matched by nothing', () => {
    expect(applies(obj('extensions/v1beta1', 'Deployment', { name: 'web', namespace: 'default' }))).toEqual([])
  })
  it('a batch/v1beta1 CronJob is not matched either; batch/v1 is', () => {
    expect(applies(obj('batch/v1beta1', 'CronJob', { name: 'c', namespace: 'default' }))).toEqual([])
    expect(applies(obj('batch/v1', 'CronJob', { name: 'c', namespace: 'default' }))).toEqual(['autogen-cronjob-check-image'])
  })
  it('the generated exclude still excludes kube-system', () => {
    expect(applies(obj('apps/v1', 'Deployment', { name: 'web', namespace: 'kube-system' }))).toEqual([])
    expect(applies(obj('v1', 'Pod', { name: 'web', namespace: 'default' }))).toEqual(['check-image'])
  })
})
