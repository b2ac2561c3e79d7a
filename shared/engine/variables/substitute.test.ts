/** `{{ }}` substitution (spec §2, checklist §9 items 1, 3, 4, 5, 6) and its bounds. */
import { afterAll, describe, expect, it } from 'vitest'
import { Int64, type JsonObject, type JsonValue } from '../../lib/json.ts'
import { SubstitutionError, substituteAll, substituteString } from './index.ts'

const ctx = (): JsonObject =>
  ({
    a: 3,
    s: 'str',
    o: { a: 1, html: '<b>' },
    n: null,
    empty: '',
    tier: 'app',
    x: '{{y}}',
    y: 'YY',
    tmpl: { msg: '{{s}}-{{a}}' },
    request: {
      operation: 'CREATE',
      object: { metadata: { name: 'new', labels: { app: 'web' } }, spec: { replicas: 3, containers: [{ image: 'nginx' }] } },
      oldObject: { metadata: { name: 'old' } },
    },
    elementIndex: new Int64(0) as unknown as JsonValue,
  }) as JsonObject

const sub = (doc: unknown, opts = {}): unknown => {
  const r = substituteAll(doc as JsonValue, ctx(), opts)
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}
const subErr = (doc: unknown, opts = {}, c = ctx()): SubstitutionError => {
  const r = substituteAll(doc as JsonValue, c, opts)
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`)
  return r.error
}

describe('whole value vs interpolation (checklist 1)', () => {
  it.each([
    ['{{a}}', 3],
    ['{{ a }}', 3],
    [' {{a}}', ' 3'],
    ['{{a}} ', '3 '],
    ['{{n}}', null],
    ['n-{{n}}', 'n-null'],
    ['{{o}}', { a: 1, html: '<b>' }],
    ['n-{{o}}', 'n-{"a":1,"html":"\\u003cb\\u003e"}'],
    ['b-{{ `true` }}', 'b-true'],
    ['{{s}}', 'str'],
    ['{{a}}{{a}}', '33'],
    ['{{a}}-{{s}}-{{a}}', '3-str-3'],
    ['{{ {x: a, y: s} }}', { x: 3, y: 'str' }],
    ['{{ request.object.spec.containers[0].image }}', 'nginx'],
    ['no variables', 'no variables'],
  ])('%j → %j', (doc, expected) => expect(sub(doc)).toEqual(expected))

  it('keeps boxed ints from the context', () => {
    const v = sub('{{elementIndex}}')
    expect(v).toBeInstanceOf(Int64)
    expect(sub('i-{{elementIndex}}')).toBe('i-0')
  })
})

describe('defaults and missing data (checklist 3, spec 2.4)', () => {
  it.each([
    ["{{ nope || 'x' }}", 'x'],
    ["{{ empty || 'x' }}", 'x'],
    ["{{ request.object.metadata.namespace || 'default' }}", 'default'],
    ['{{ to_string(nope) }}', 'null'],
  ])('%j → %j', (doc, expected) => expect(sub(doc)).toEqual(expected))

  it('reports a missing key with Kyverno’s message shape', () => {
    const e = subErr({ spec: { ns: '{{request.object.metadata.namespace}}' } })
    expect(e.message).toBe('failed to resolve request.object.metadata.namespace at path /spec/ns: JMESPath query failed: Unknown key "namespace" in path')
    expect(e.variable).toBe('request.object.metadata.namespace')
    expect(e.path).toBe('/spec/ns')
    expect(e).toBeInstanceOf(SubstitutionError)
  })

  it('reports syntax errors and empty variables', () => {
    expect(subErr(['{{ a. }}']).message).toBe('failed to resolve a. at path /0: incorrect query a.: SyntaxError: Expected identifier, lbracket, or lbrace')
    expect(subErr('{{}}').message).toBe('failed to resolve  at path : invalid query (nil)')
    expect(subErr('x {{ add(elementIndex, `1`) }}').message).toBe(
      "failed to resolve add(elementIndex, `1`) at path : JMESPath query failed: JMESPath function 'add': invalid operands",
    )
  })
})

describe('nesting, escaping, shallow (checklist 4)', () => {
  it.each([
    ['{{ request.object.metadata.labels.{{tier}} }}', 'web'],
    ['v-{{ request.object.metadata.labels.{{tier}} }}', 'v-web'],
    ['\\{{a}}', '{{a}}'],
    ['keep \\{{a}} but {{a}}', 'keep {{a}} but 3'],
    ['a-{{x}}', 'a-YY'],
    ['a-{{- x}}', 'a-{{y}}'],
    ['{{- x}}', '{{y}}'],
    ['a-{{- x}} {{a}}', 'a-{{y}} 3'],
  ])('%j → %j', (doc, expected) => expect(sub(doc)).toEqual(expected))

  it('re-expands maps that a whole-value variable returns', () => {
    expect(sub({ m: '{{tmpl}}' })).toEqual({ m: { msg: 'str-3' } })
  })

  it('does not re-expand a plain string a whole-value variable returns', () => {
    expect(sub('{{x}}')).toBe('{{y}}')
  })

  it('requires a string for shallow substitution', () => {
    expect(subErr('a-{{- o}}').message).toBe('failed to resolve o at path : shallow substitution needs a string result')
  })
})

describe('DELETE requests (checklist 5)', () => {
  it('reads request.oldObject for request.object', () => {
    expect(sub('{{request.object.metadata.name}}', { operation: 'DELETE' })).toBe('old')
    expect(sub('{{request.object.metadata.name}}', { operation: 'UPDATE' })).toBe('new')
  })
  it('falls back to request.operation in the context', () => {
    const c = ctx()
    ;(c.request as JsonObject).operation = 'DELETE'
    const r = substituteAll('{{request.object.metadata.name}}', c)
    expect(r.ok && r.value).toBe('old')
  })
  it('names the rewritten variable in errors', () => {
    expect(subErr('{{request.object.spec}}', { operation: 'DELETE' }).message).toBe(
      'failed to resolve request.oldObject.spec at path : JMESPath query failed: Unknown key "spec" in path',
    )
  })
})

describe('elementIndex (checklist 6)', () => {
  it('is an int64 that never equals a JSON number', () => {
    expect(sub('{{ elementIndex == `0` }}')).toBe(false)
    expect(subErr('{{ add(elementIndex, `1`) }}').message).toMatch(/invalid operands$/)
  })
})

describe('{{@}}', () => {
  it('expands to the leaf’s path under request.object, or target when present', () => {
    const doc = { validate: { pattern: { metadata: { labels: { app: '{{@}}' } } } } }
    expect(sub(doc)).toEqual({ validate: { pattern: { metadata: { labels: { app: 'web' } } } } })
    const c = { ...ctx(), target: { metadata: { labels: { app: 'tgt' } } } }
    const r = substituteAll(doc, c)
    expect(r.ok && r.value).toEqual({ validate: { pattern: { metadata: { labels: { app: 'tgt' } } } } })
  })
})

describe('map keys', () => {
  it('substitutes keys and keeps their values’ paths', () => {
    expect(sub({ '{{s}}': '{{a}}', plain: 1 })).toEqual({ str: 3, plain: 1 })
  })
  it('keeps a key whose variable is null, and rejects non-string keys', () => {
    expect(sub({ '{{n}}': 1 })).toEqual({ '{{n}}': 1 })
    expect(subErr({ '{{a}}': 1 }).message).toBe('expected string after substituting variables in key "{{a}}"')
  })
})

describe('substituteString', () => {
  it('is substituteAll on one string', () => {
    const r = substituteString('{{a}}', ctx())
    expect(r).toEqual({ ok: true, value: 3 })
  })
})

describe('bounds', () => {
  it('rejects results over 1 MB', () => {
    const c = { ...ctx(), big: 'x'.repeat(600_000) }
    expect(subErr('{{big}}-{{big}}', {}, c).message).toMatch(/result larger than 1000000 bytes$/)
    expect(subErr(['{{big}}', '{{big}}'], {}, c).message).toMatch(/result larger than 1000000 bytes$/)
  })
  it('stops self-referencing variables instead of looping forever', () => {
    const c = { ...ctx(), loop: 'a{{loop}}' }
    expect(subErr('{{loop}}-', {}, c).message).toMatch(/nested substitution passes$/)
  })
  it('bounds results that share sub-trees, whole or interpolated', () => {
    let d: JsonValue = 'x'.repeat(100)
    for (let i = 0; i < 14; i++) d = [d, d]
    const c = { ...ctx(), dag: d }
    expect(subErr('{{dag}}', {}, c).message).toMatch(/result larger than 1000000 bytes$/)
    expect(subErr('x-{{dag}}', {}, c).message).toMatch(/result larger than 1000000 bytes$/)
  })
  it('reports values Go cannot marshal', () => {
    const c = { ...ctx(), inf: 1e308 }
    expect(subErr('x-{{ multiply(inf, `10`) }}', {}, c).message).toBe(
      'failed to resolve multiply(inf, `10`) at path : failed to marshal float64: json: unsupported value: +Inf',
    )
  })
})

describe('purity and prototype safety', () => {
  it('does not modify the input document or context', () => {
    const doc = { a: ['{{a}}', { k: '{{s}}' }] }
    const before = JSON.stringify(doc)
    const c = ctx()
    substituteAll(doc, c)
    expect(JSON.stringify(doc)).toBe(before)
    expect(c.a).toBe(3)
  })
  it('treats prototype names as ordinary, absent keys', () => {
    expect(subErr('{{constructor}}').message).toBe('failed to resolve constructor at path : JMESPath query failed: Unknown key "constructor" in path')
    expect(subErr('{{ toString }}').message).toMatch(/Unknown key "toString"/)
  })
  it('builds __proto__ keys as own properties', () => {
    const c = { ...ctx(), k: '__proto__', evil: { polluted: true } }
    const r = substituteAll(JSON.parse('{"{{k}}": "{{evil}}", "__proto__": {"x": "{{a}}"}}'), c)
    expect(r.ok).toBe(true)
    const v = (r.ok ? r.value : {}) as object
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype)
    expect(Object.keys(v)).toEqual(['__proto__'])
  })
  afterAll(() => expect(({} as Record<string, unknown>).polluted).toBeUndefined())
})
