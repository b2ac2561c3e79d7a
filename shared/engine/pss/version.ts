/**
 * `podSecurity.version` parsing: `latest` or `v1.N` (pod-security-admission's own grammar), capped at
 * the newest version any check defines. Invalid input is an error value, never a throw.
 */
import { err, ok, type Result } from '../../lib/result.ts'

/** The newest `MinimumVersion` of any check (the `N` of `v1.N`); `latest` evaluates as this. */
export const LATEST_PSS_VERSION = 37

const INT64_MAX = 9223372036854775807n

/** The message Kyverno returns when the version does not parse (`api.ParseVersion`'s error, wrapped). */
export const VERSION_ERROR = 'failed to parse pod security api version: must be "latest" or "v1.x"'

/**
 * The minor version to evaluate at. `undefined` and `""` mean latest, as in Kyverno (`version` is
 * optional there and defaults to latest); anything above {@link LATEST_PSS_VERSION} evaluates as latest.
 */
export function parsePssVersion(version: string | undefined): Result<number> {
  if (version === undefined || version === '' || version === 'latest') return ok(LATEST_PSS_VERSION)
  if (!version.startsWith('v1.')) return err(VERSION_ERROR)
  const digits = version.slice(3)
  const wellFormed = digits === '0' || (digits.length > 0 && digits[0] !== '0' && [...digits].every((d) => d >= '0' && d <= '9'))
  // strconv.Atoi rejects what overflows int64, so Go errors there too.
  if (!wellFormed || BigInt(digits) > INT64_MAX) return err(VERSION_ERROR)
  return ok(Math.min(Number(digits), LATEST_PSS_VERSION))
}
