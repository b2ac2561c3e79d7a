import { describe, expect, it } from 'vitest'
import { cleanPath, dirName, joinPath, memoryFiles } from './files.ts'
import { pathGet } from './json-path.ts'
import { parseYamlObjects } from './yaml.ts'

describe('parseYamlObjects', () => {
  it('returns the non-empty documents of a stream, with YAML 1.1 scalars', () => {
    expect(parseYamlObjects('a: yes\n---\n---\nb: "on"\n')).toEqual({ ok: true, value: [{ a: true }, { b: 'on' }] })
  })

  it('turns a syntax error or an alias bomb into an error result instead of throwing', () => {
    expect(parseYamlObjects('a: [1, 2\n').ok).toBe(false)
    const bomb = ['a: &a [x,x,x,x,x,x,x,x,x,x]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n')
    expect(parseYamlObjects(bomb).ok).toBe(false)
  })

  it('pathGet reads nested keys without throwing', () => {
    expect(pathGet({ a: { b: 'x' } }, 'a', 'b')).toBe('x')
    expect(pathGet({ a: 'flat' }, 'a', 'b')).toBeUndefined()
  })
})

describe('paths', () => {
  it.each([
    ['a/./b//c/', 'a/b/c'],
    ['a/../../b', '../b'],
    ['/a/../../b', '/b'],
    ['', '.'],
  ])('cleanPath(%s) = %s', (p, want) => expect(cleanPath(p)).toBe(want))

  it('joins like filepath.Join', () => {
    expect(joinPath('tests/x/.kyverno-test', '../policy.yaml')).toBe('tests/x/policy.yaml')
    expect(joinPath('/abs/dir', 'r.yaml')).toBe('/abs/dir/r.yaml')
    expect(dirName('a/b/kyverno-test.yaml')).toBe('a/b')
    expect(dirName('kyverno-test.yaml')).toBe('.')
  })

  it('memoryFiles reads what it holds and errors otherwise', () => {
    const files = memoryFiles({ 'a.yaml': 'x' })
    expect(files.read('a.yaml')).toEqual({ ok: true, value: 'x' })
    expect(files.read('b.yaml').ok).toBe(false)
  })
})
