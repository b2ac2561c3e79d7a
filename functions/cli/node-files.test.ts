import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findTestFiles, nodeFiles } from './node-files.ts'

let root = ''

function put(rel: string, text = 'x') {
  const full = join(root, rel)
  mkdirSync(join(full, '..'), { recursive: true })
  writeFileSync(full, text)
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'verdict-discovery-'))
  put('b/kyverno-test.yaml')
  put('a/sub/kyverno-test.yaml')
  put('a/kyverno-test.yaml')
  put('a/other.yaml')
  put('c/custom-test.yaml')
  put('.hidden/kyverno-test.yaml')
})

afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('findTestFiles', () => {
  it('walks directories recursively in name order, hidden ones included', () => {
    expect(findTestFiles([root], 'kyverno-test.yaml').map((f) => f.slice(root.length + 1))).toEqual([
      '.hidden/kyverno-test.yaml',
      'a/kyverno-test.yaml',
      'a/sub/kyverno-test.yaml',
      'b/kyverno-test.yaml',
    ])
  })

  it('honours --file-name', () => {
    expect(findTestFiles([root], 'custom-test.yaml')).toEqual([join(root, 'c/custom-test.yaml')])
  })

  it('keeps argument order and takes a file argument as a test file', () => {
    expect(findTestFiles([join(root, 'b'), join(root, 'a/other.yaml')], 'kyverno-test.yaml')).toEqual([
      join(root, 'b/kyverno-test.yaml'),
      join(root, 'a/other.yaml'),
    ])
  })

  it('passes a missing path through, so the run reports it instead of aborting', () => {
    const missing = join(root, 'nope')
    expect(findTestFiles([missing], 'kyverno-test.yaml')).toEqual([missing])
    expect(nodeFiles.read(missing).ok).toBe(false)
  })

  it('reads files as UTF-8', () => {
    put('u.txt', 'héllo')
    expect(nodeFiles.read(join(root, 'u.txt'))).toEqual({ ok: true, value: 'héllo' })
  })
})
