import { describe, expect, it } from 'vitest'
import type { JsonObject } from '../../lib/json.ts'
import { Rule } from '../../policy/schema.ts'
import { contentCheckBlocker, contentOnlyExpression } from './content-rules.ts'

const podRule = (more: JsonObject): Rule => Rule.parse({ name: 'r', match: { any: [{ resources: { kinds: ['Pod'] } }] }, ...more })

describe('contentOnlyExpression', () => {
  it.each([
    'request.object.spec',
    "request.object.spec.containers[].image || ''",
    "length(request.object.spec.containers[?name=='a'])",
    'sort_by(request.object.spec.containers, &name)[0].name',
    'element.securityContext.privileged',
    'elementIndex',
    'request.object.metadata.labels."app.kubernetes.io/name"',
  ])('accepts %s', (e) => expect(contentOnlyExpression(e)).toBe(true))

  it.each([
    'request.operation',
    'request.oldObject.spec',
    'request.userInfo.username',
    'request',
    'serviceAccountName',
    'images',
    '@',
    'time_now_utc()',
    "time_after(time_now(), request.object.metadata.creationTimestamp)",
    'request.object.[',
  ])('rejects %s', (e) => expect(contentOnlyExpression(e)).toBe(false))
})

describe('contentCheckBlocker', () => {
  it('accepts pattern, podSecurity, and deny/foreach over the object', () => {
    expect(contentCheckBlocker(podRule({ validate: { pattern: { spec: { hostNetwork: 'false' } } } }))).toBeNull()
    expect(contentCheckBlocker(podRule({ validate: { podSecurity: { level: 'baseline' } } }))).toBeNull()
    const foreach = {
      list: 'request.object.spec.containers',
      deny: { conditions: { any: [{ key: '{{ element.image }}', operator: 'Equals', value: 'bad' }] } },
    }
    expect(contentCheckBlocker(podRule({ validate: { message: '{{ request.object.metadata.name }} is bad', foreach: [foreach] } }))).toBeNull()
  })

  it('names what makes a rule more than a content check', () => {
    const skipDelete = { all: [{ key: '{{ request.operation }}', operator: 'NotEquals', value: 'DELETE' }] }
    expect(contentCheckBlocker(podRule({ preconditions: skipDelete, validate: { deny: {} } }))).toBe('reads {{request.operation}}')
    expect(contentCheckBlocker(podRule({ context: [{ name: 'x', variable: { value: 1 } }], validate: { deny: {} } }))).toBe('loads context entries')
    expect(contentCheckBlocker(podRule({ validate: { allowExistingViolations: false, deny: {} } }))).toBe('sets allowExistingViolations: false')
    expect(contentCheckBlocker(podRule({ mutate: { patchStrategicMerge: {} } }))).toBe('not a validate rule')
    const updateOnly = Rule.parse({ name: 'r', match: { any: [{ resources: { kinds: ['Pod'], operations: ['UPDATE'] } }] }, validate: { deny: {} } })
    expect(contentCheckBlocker(updateOnly)).toBe('matches CREATE and UPDATE differently')
    const msg = { message: 'hi {{ request.userInfo.username }}', pattern: { spec: {} } }
    expect(contentCheckBlocker(podRule({ validate: msg }))).toBe('reads {{request.userInfo.username}}')
  })
})
