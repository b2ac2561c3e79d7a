/**
 * @module functions/local/config — the local server's settings, read from the environment once
 * and checked up front, so a typo fails at start with the variable's name instead of later.
 */
import { resolve } from 'node:path'
import { looksLikeSecret } from '../../shared/api/auth/secrets.ts'

/** Everything `functions/node.ts` needs to know from its environment. */
export type LocalConfig = {
  /** 0 asks the OS for a free port. */
  port: number
  /** DynamoDB Local's files and the root-token hash. */
  dataDir: string
  tableName: string
  rootToken: string | undefined
  publicUrl: string | undefined
}

export const DEFAULT_PORT = 8787
/** The server only ever binds loopback: it is a development server with an operator token. */
export const HOST = '127.0.0.1'

/** Reads `PORT`, `VERDICT_DATA_DIR`, `VERDICT_TABLE`, `VERDICT_ROOT_TOKEN` and `VERDICT_PUBLIC_URL`. */
export function readLocalConfig(env: NodeJS.ProcessEnv, cwd: string): LocalConfig {
  return {
    port: parsePort(env.PORT),
    dataDir: resolve(cwd, env.VERDICT_DATA_DIR || '.verdict'),
    tableName: env.VERDICT_TABLE || 'verdict',
    rootToken: parseRootToken(env.VERDICT_ROOT_TOKEN),
    publicUrl: env.VERDICT_PUBLIC_URL || undefined,
  }
}

function parsePort(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_PORT
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN
  if (!(port >= 0 && port <= 65535)) throw new Error(`PORT must be a number from 0 to 65535 (0 picks a free port), not "${text}"`)
  return port
}

/** The auth layer rejects any other shape, so an odd token would lock the operator out silently. */
function parseRootToken(text: string | undefined): string | undefined {
  if (!text) return undefined
  if (!looksLikeSecret(text, 'root')) throw new Error('VERDICT_ROOT_TOKEN must be "vrt_" followed by 43 base64url characters (unset it to have one generated)')
  return text
}
