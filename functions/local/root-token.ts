/**
 * @module functions/local/root-token — the operator root token of a local server. Only its hash is
 * ever written down: a token generated on first start is shown once and cannot be recovered, the
 * same contract as API keys.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { hashSecret, mintSecret } from '../../shared/api/auth/secrets.ts'

/** Where the hash of a generated root token is kept, inside the data directory. */
export const ROOT_TOKEN_FILE = 'root-token.sha256'

/** The hash the app checks, and where the token came from (`token` only when just generated). */
export type RootToken =
  | { source: 'env'; hash: string }
  | { source: 'file'; hash: string; file: string }
  | { source: 'generated'; hash: string; file: string; token: string }

const HEX_SHA256 = /^[0-9a-f]{64}$/

/**
 * `VERDICT_ROOT_TOKEN` when given (its shape checked by `readLocalConfig`; nothing is written);
 * else the stored hash; else a new token, whose hash file is created exclusively (`wx`) so two
 * first starts cannot both believe they minted the token.
 */
export async function resolveRootToken(dataDir: string, fromEnv: string | undefined): Promise<RootToken> {
  if (fromEnv) return { source: 'env', hash: await hashSecret(fromEnv) }
  const file = join(dataDir, ROOT_TOKEN_FILE)
  const stored = readHash(file)
  if (stored) return { source: 'file', hash: stored, file }
  const token = mintSecret('root')
  const hash = await hashSecret(token)
  writeFileSync(file, `${hash}\n`, { flag: 'wx', mode: 0o600 })
  return { source: 'generated', hash, file, token }
}

function readHash(file: string): string | undefined {
  let text: string
  try {
    text = readFileSync(file, 'utf8').trim()
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw e
  }
  if (!HEX_SHA256.test(text)) throw new Error(`${file} does not hold a SHA-256 hex digest; delete it to generate a new root token`)
  return text
}
