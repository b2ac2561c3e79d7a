/**
 * Matching the user-info part of a filter (`roles`, `clusterRoles`, `subjects`) against the
 * requesting user, as `doesResourceMatchConditionBlock` and `matchutils.CheckSubjects` do.
 */
import type { RequestUser } from '../api.ts'
import { wildcardMatch } from '../../lib/wildcard.ts'
import type { Subject, UserInfo } from '../../policy/match.ts'

/** The zero user Kyverno compares against when there is no request info. */
export const NO_USER: RequestUser = { username: '', groups: [], roles: [], clusterRoles: [] }

/**
 * Kyverno's "no request info" test (`DeepEqual(admissionInfo, RequestInfo{})`): an absent user, or
 * one whose every field is empty.
 */
export function hasRequestInfo(user: RequestUser | undefined): user is RequestUser {
  if (user === undefined) return false
  return (
    user.username !== '' ||
    (user.uid ?? '') !== '' ||
    user.groups.length > 0 ||
    user.roles.length > 0 ||
    user.clusterRoles.length > 0 ||
    Object.keys(user.extra ?? {}).length > 0
  )
}

/** `CheckSubjects`: some subject names the user (ServiceAccount, User) or one of its groups, by wildcard. */
export function checkSubjects(subjects: readonly Subject[], user: RequestUser): boolean {
  return subjects.some((s) => {
    switch (s.kind) {
      case 'ServiceAccount':
        return wildcardMatch(`system:serviceaccount:${s.namespace ?? ''}:${s.name}`, user.username)
      case 'Group':
        return user.groups.some((g) => wildcardMatch(s.name, g))
      case 'User':
        return wildcardMatch(s.name, user.username)
    }
  })
}

/** Every present part holds: roles and cluster roles by exact (non-wildcard) overlap, subjects as above. */
export function checkUserInfo(info: UserInfo, user: RequestUser): boolean {
  const overlaps = (want: readonly string[], have: readonly string[]): boolean => have.some((h) => want.includes(h))
  if ((info.roles ?? []).length > 0 && !overlaps(info.roles ?? [], user.roles)) return false
  if ((info.clusterRoles ?? []).length > 0 && !overlaps(info.clusterRoles ?? [], user.clusterRoles)) return false
  if ((info.subjects ?? []).length > 0 && !checkSubjects(info.subjects ?? [], user)) return false
  return true
}
