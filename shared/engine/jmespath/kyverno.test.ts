/**
 * The Kyverno fork's semantics (spec §3): where a missing map key is an error, where it reads as
 * null, falsy values, Go deep equality with boxed int64, ordering comparators.
 */
import { describe, expect, it } from 'vitest'
import { Int64 } from '../../lib/json.ts'
import { failure, value } from './testing/helpers.ts'

const ctx = {
  request: {
    object: {
      metadata: { name: 'pod', labels: null, annotations: { a: '1' } },
      spec: {
        containers: [
          { name: 'a', image: 'nginx', securityContext: { privileged: true } },
          { name: 'b', image: 'busybox' },
          { name: 'c', image: 'redis', securityContext: { privileged: false } },
        ],
      },
    },
  },
  elementIndex: new Int64(0),
  elementIndex0: new Int64(0),
  n: 0,
}

describe('missing keys', () => {
  it.each([
    'request.object.metadata.namespace',
    'request.object.nope.deeper',
    'request.object.spec.containers[0].securityContext.capabilities',
    'nope[0]',
    "'' || nope",
  ])('%s is an Unknown key error', (expr) => {
    const e = failure(expr, ctx)
    expect(e.kind).toBe('notFound')
    expect(e.message).toMatch(/^Unknown key "(namespace|nope|capabilities)" in path$/)
  })

  it.each([
    ["request.object.metadata.namespace || 'none'", 'none'],
    ['request.object.metadata.labels', null], // present with null: no error
    ['request.object.metadata.labels.app', null], // field of null: null
    ['request.object.metadata.name.first', null], // field of a string: null
    ['request.object.spec.containers[].securityContext.privileged', [true, false]],
    ['request.object.spec.containers[*].securityContext.privileged', [true, false]],
    ['request.object.spec.containers[?securityContext.privileged].name', ['a']],
    ['request.object.spec.containers[?!securityContext].name', ['b']],
    ['request.object.nope[*].x', null],
    ['request.object.nope[]', null],
    ['request.object.nope[?x]', null],
    ['request.object.nope.*', null],
    ['request.object.nope[0:2]', null],
    ['to_string(request.object.nope)', 'null'],
    ['not_null(request.object.nope, `"d"`)', 'd'],
    ['request.object.nope && `true`', null],
    ['`true` && request.object.nope', null],
    ['!(request.object.nope)', true],
    ['!request.object.nope', null], // `!` binds tighter than `.`: (!request).object.nope
    ['nope.a || `1`', 1],
    ['request.object.nope == `null`', true],
    ['request.object.nope != `null`', false],
    ['request.object.nope | length(@ || `[]`)', 0],
    ['[request.object.nope, n]', [null, 0]],
    ['{a: request.object.nope}', { a: null }],
  ])('%s → %j', (expr, expected) => expect(value(expr, ctx)).toEqual(expected))
})

describe('falsiness and comparisons', () => {
  it.each([
    ['`false` || `"x"`', 'x'],
    ['`null` || `"x"`', 'x'],
    ['`""` || `"x"`', 'x'],
    ['`[]` || `"x"`', 'x'],
    ['`{}` || `"x"`', 'x'],
    ['`0` || `"x"`', 0],
    ['`" "` || `"x"`', ' '],
    ['`[0]` && `"y"`', 'y'],
  ])('%s → %j', (expr, expected) => expect(value(expr, {})).toEqual(expected))

  it('keeps int64 and float64 apart under ==, as Go reflect.DeepEqual does', () => {
    expect(value('elementIndex == `0`', ctx)).toBe(false)
    expect(value('elementIndex != `0`', ctx)).toBe(true)
    expect(value('elementIndex == elementIndex0', ctx)).toBe(true)
    expect(value('n == `0`', ctx)).toBe(true)
    expect(value('`[1, {"a": null}]` == `[1, {"a": null}]`', {})).toBe(true)
    expect(value('`{"a": 1}` == `{"a": 1, "b": 2}`', {})).toBe(false)
  })

  it('needs two float64s for ordering, else null', () => {
    expect(value('elementIndex < `1`', ctx)).toBeNull()
    expect(value("'a' < 'b'", {})).toBeNull()
    expect(value('`true` > `false`', {})).toBeNull()
    expect(value('`1` < `2`', {})).toBe(true)
    expect(value('n >= `0`', ctx)).toBe(true)
  })

  it('rejects int64 in arithmetic: add(elementIndex, `1`) is an error', () => {
    expect(failure('add(elementIndex, `1`)', ctx).message).toBe("JMESPath function 'add': invalid operands")
  })

  it('passes boxed ints through unchanged', () => {
    const v = value('elementIndex', ctx)
    expect(v).toBeInstanceOf(Int64)
    expect((v as Int64).value).toBe(0)
  })

  it('returns strings.Compare as a Go int (never == a JSON number)', () => {
    expect(value("compare('a', 'b')", {})).toEqual(new Int64(-1))
    expect(value("compare('a', 'b') == `-1`", {})).toBe(false)
  })
})

describe('literals are not shared', () => {
  it('returns a fresh copy of a literal object each time', () => {
    const a = value('`{"a": [1]}`') as { a: number[] }
    a.a.push(2)
    expect(value('`{"a": [1]}`')).toEqual({ a: [1] })
  })
})

describe('expression references as results', () => {
  it('come back as {} (Go marshals an expref struct to an empty object)', () => {
    expect(value('&a')).toEqual({})
    expect(value('[&a, `1`]')).toEqual([{}, 1])
    expect(value('to_string(&a)')).toBe('{}')
  })
})
