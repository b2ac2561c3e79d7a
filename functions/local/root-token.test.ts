import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { hashSecret, mintSecret } from '../../shared/api/auth/secrets.ts'
import { resolveRootToken, ROOT_TOKEN_FILE } from './root-token.ts'

describe('resolveRootToken', () => {
  let dir = ''
  afterEach(() => rmSync(dir, { recursive: true, force: true }))
  const fresh = () => (dir = mkdtempSync(join(tmpdir(), 'verdict-root-token-')))

  it('generates a token once, keeps only its hash (0600), and reads the hash back later', async () => {
    fresh()
    const first = await resolveRootToken(dir, undefined)
    if (first.source !== 'generated') throw new Error(`expected a generated token, got ${first.source}`)
    const file = join(dir, ROOT_TOKEN_FILE)
    expect(readFileSync(file, 'utf8')).toBe(`${await hashSecret(first.token)}\n`)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const again = await resolveRootToken(dir, undefined)
    expect(again).toEqual({ source: 'file', hash: first.hash, file })
  })

  it('prefers VERDICT_ROOT_TOKEN and writes nothing', async () => {
    fresh()
    const token = mintSecret('root')
    expect(await resolveRootToken(dir, token)).toEqual({ source: 'env', hash: await hashSecret(token) })
    expect(existsSync(join(dir, ROOT_TOKEN_FILE))).toBe(false)
  })

  it('refuses a damaged hash file and says how to reset it', async () => {
    writeFileSync(join(fresh(), ROOT_TOKEN_FILE), 'not a hash\n')
    await expect(resolveRootToken(dir, undefined)).rejects.toThrow(/delete it to generate a new root token/)
  })
})
