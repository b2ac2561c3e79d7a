/**
 * The two side files a Test can point at, a values file (`variables:`) and a `userinfo:` file,
 * decoded strictly. Both must carry `apiVersion` and `kind`: older files without them use a
 * deprecated schema, which Kyverno's CLI refuses.
 */
import type { RequestUser } from '../engine/api.ts'
import { err, ok, type Result } from '../lib/result.ts'
import { describeIssues, UserInfoFile, ValuesFile, type ValuesSpec } from './schema.ts'
import { parseYamlObjects } from './yaml.ts'

function singleDocument(text: string, what: string): Result<unknown> {
  const docs = parseYamlObjects(text)
  if (!docs.ok) return err(`failed to parse ${what}: ${docs.error}`)
  return ok(docs.value[0] ?? {})
}

/** Decodes a Values file into the spec it carries. */
export function decodeValuesFile(text: string): Result<ValuesSpec> {
  const doc = singleDocument(text, 'values file')
  if (!doc.ok) return doc
  const parsed = ValuesFile.safeParse(doc.value)
  if (!parsed.success) return err(`failed to decode values file: ${describeIssues(parsed.error)}`)
  const { apiVersion, kind, metadata: _metadata, ...spec } = parsed.data
  if (!apiVersion || !kind) return err('values file uses a deprecated schema (apiVersion and kind are required)')
  return ok(spec)
}

/** Decodes a UserInfo file into the request user the engine matches `roles`/`subjects` against. */
export function decodeUserInfoFile(text: string): Result<RequestUser> {
  const doc = singleDocument(text, 'userinfo file')
  if (!doc.ok) return doc
  const parsed = UserInfoFile.safeParse(doc.value)
  if (!parsed.success) return err(`failed to decode userinfo file: ${describeIssues(parsed.error)}`)
  const u = parsed.data
  if (!u.apiVersion || !u.kind) return err('userinfo file uses a deprecated schema (apiVersion and kind are required)')
  const user: RequestUser = {
    username: u.userInfo?.username ?? '',
    groups: u.userInfo?.groups ?? [],
    roles: u.roles ?? [],
    clusterRoles: u.clusterRoles ?? [],
  }
  if (u.userInfo?.uid !== undefined) user.uid = u.userInfo.uid
  if (u.userInfo?.extra !== undefined) user.extra = u.userInfo.extra
  return ok(user)
}
