/** lookup, items, object_from_lists, label_match, parse_json/yaml, semver_compare, image_normalize. */
import { describe, expect, it } from 'vitest'
import { err, ok } from '../../../lib/result.ts'
import { failure, value } from '../testing/helpers.ts'

const digest = 'sha256:' + 'a'.repeat(64)

describe('data functions', () => {
  it.each([
    ["lookup(`{\"a\": 1}`, 'a')", 1],
    ["lookup(`{\"a\": 1}`, 'b')", null],
    ["lookup(`{\"a\": null}`, 'a')", null],
    ['lookup(`[1, 2]`, `1`)', 2],
    ['lookup(`[1, 2]`, `5`)', null],
    ['lookup(`[1, 2]`, `-1`)', null],
    ["items(`{\"b\": 2, \"a\": 1}`, 'k', 'v')", [{ k: 'a', v: 1 }, { k: 'b', v: 2 }]],
    ["items(`[\"x\", \"y\"]`, 'i', 'v')", [{ i: 0, v: 'x' }, { i: 1, v: 'y' }]],
    ["items(`{\"a\": 1}`, 'k', 'k')", [{ k: 1 }]],
    ['object_from_lists(`["a", "b"]`, `[1]`)', { a: 1, b: null }],
    ['object_from_lists(`["a"]`, `[1, 2]`)', { a: 1 }],
    ['object_from_lists(`[1.5, true, 1234567890]`, `[1, 2, 3]`)', { '1.5': 1, true: 2, '1234568000': 3 }],
    ["label_match(`{\"app\": \"a\"}`, `{\"app\": \"a\", \"x\": \"y\"}`)", true],
    ["label_match(`{\"app\": \"b\"}`, `{\"app\": \"a\"}`)", false],
    ["label_match(`{\"app\": \"a\"}`, `{}`)", false],
    ['label_match(`{}`, `{}`)', true],
    ["parse_json('{\"a\": [1, 2]}')", { a: [1, 2] }],
    ["parse_json('\"s\"')", 's'],
    ["semver_compare('1.2.3', '>=1.0.0 <2.0.0')", true],
    ["semver_compare('2.0.0', '>=1.0.0 <2.0.0')", false],
    ["semver_compare('3.0.0', '<2.0.0 || >=3.0.0')", true],
    ["semver_compare('junk', '>=0.0.0')", true],
    ["semver_compare('junk', '>=0.0.1')", false],
    ["image_normalize('nginx')", 'docker.io/nginx:latest'],
    ["image_normalize('nginx:1.2')", 'docker.io/nginx:1.2'],
    ["image_normalize('library/nginx')", 'docker.io/library/nginx:latest'],
    ["image_normalize('ghcr.io/a/b:v1')", 'ghcr.io/a/b:v1'],
    ["image_normalize('localhost:5000/app')", 'localhost:5000/app:latest'],
    ["image_normalize('localhost/app')", 'localhost/app:latest'],
    [`image_normalize('nginx@${digest}')`, `docker.io/nginx@${digest}`],
    [`image_normalize('nginx:1.2@${digest}')`, `docker.io/nginx@${digest}`],
    ["image_normalize('Registry/app')", 'Registry/app:latest'],
  ])('%s', (expr, expected) => expect(value(expr)).toEqual(expected))

  it.each([
    ["lookup(`{\"a\": 1}`, `1`)", "JMESPath function 'lookup': argument #2 is not of type String"],
    ["lookup(`[1]`, 'a')", "JMESPath function 'lookup': argument #2 is not of type Number"],
    ['lookup(`[1]`, `1.5`)', "JMESPath function 'lookup': argument #2: expected an integer number but got: 1.5"],
    ['object_from_lists(`[{}]`, `[1]`)', "JMESPath function 'object_from_lists': argument #1 is not of type StringArray"],
    ["parse_json('{')", 'unexpected end of JSON input'],
    ["parse_json('[1,]')", "invalid character ']' looking for beginning of value"],
    ["semver_compare('1.0.0', 'junk')", expect.stringMatching(/.+/)],
    ["image_normalize('Nginx')", "JMESPath function 'image_normalize': bad image: docker.io/Nginx, defaultRegistry: docker.io, enableDefaultRegistryMutation: true: invalid reference format: repository name must be lowercase"],
    ["image_normalize('nginx:')", "JMESPath function 'image_normalize': bad image: docker.io/nginx:, defaultRegistry: docker.io, enableDefaultRegistryMutation: true: invalid reference format"],
    ["image_normalize('nginx@sha256:abc')", "JMESPath function 'image_normalize': bad image: docker.io/nginx@sha256:abc, defaultRegistry: docker.io, enableDefaultRegistryMutation: true: invalid reference format"],
    [`image_normalize('nginx@md5:${'a'.repeat(32)}')`, expect.stringContaining(': unsupported digest algorithm')],
    [`image_normalize('nginx@sha256:${'a'.repeat(63)}B')`, expect.stringContaining(': invalid checksum digest format')],
    [`image_normalize('nginx@sha256:${'a'.repeat(66)}')`, expect.stringContaining(': invalid checksum digest length')],
  ])('%s fails', (expr, message) => expect(failure(expr).message).toEqual(message))

  it('reports the offline-impossible functions as unsupported', () => {
    for (const f of ['random', 'x509_decode', 'is_external_url']) {
      expect(failure(`${f}('x')`)).toMatchObject({ kind: 'unsupported', message: `function ${f} is not supported by Verdict` })
    }
  })

  it('parses YAML only through an injected parser', () => {
    expect(failure("parse_yaml('a: 1')")).toMatchObject({ kind: 'unsupported', message: 'function parse_yaml is not supported by Verdict: no YAML parser was provided' })
    const parseYaml = (t: string) => (t === 'a: 1' ? ok({ a: 1 }) : err('yaml: bad'))
    expect(value("parse_yaml('a: 1')", {}, { parseYaml })).toEqual({ a: 1 })
    expect(failure("parse_yaml('[')", {}, { parseYaml }).message).toBe('yaml: bad')
  })

  it('keeps image parsing fast on hostile names', () => {
    const start = Date.now()
    expect(failure(`image_normalize('${'a-'.repeat(900)}!')`).kind).toBe('function')
    expect(Date.now() - start).toBeLessThan(1000)
  })
})
