/**
 * Whether a rule's `match` and `exclude` blocks select a request (Kyverno's
 * `MatchesResourceDescription`), and the engine's retry on the old object for DELETE.
 */
import type { Operation, RequestUser } from '../api.ts'
import type { JsonObject } from '../../lib/json.ts'
import {
  isEmptyDescription,
  isEmptyUserInfo,
  legacyFilter,
  type MatchResources,
  type ResourceFilter,
  type UserInfo,
} from '../../policy/match.ts'
import { matchesFilter, type FilterContext } from './filter.ts'
import { gvkOfObject, type GroupVersionKind } from './kind.ts'
import { isEmptyResource, metaString } from './resource.ts'
import { hasRequestInfo, NO_USER } from './user.ts'

/** The two blocks of a rule that decide whether it applies. */
export interface RuleSelection {
  match: MatchResources
  exclude?: MatchResources | null
}

/** One resource as seen by rule matching. */
export interface MatchRequest {
  /** The object matched; `null` (or `{}`) never matches. */
  resource: JsonObject | null
  operation: Operation
  /** `""` (the default) means no subresource. */
  subresource?: string
  /** Overrides the GVK read from `resource.apiVersion`/`kind` (the values file's `subresources` parent mapping). */
  gvk?: GroupVersionKind
  /** Absent (or all-empty) means "no request info", as `kyverno test` without `userinfo`. */
  user?: RequestUser
  /** Labels of the resource's namespace, for `namespaceSelector`; absent means none. */
  namespaceLabels?: Readonly<Record<string, string>>
  /** The raw `metadata.namespace` of a namespaced `Policy`; when non-empty it must equal the resource's. */
  policyNamespace?: string
}

const NO_USER_INFO: UserInfo = {}

function filters(block: MatchResources): { mode: 'any' | 'all'; list: ResourceFilter[] } {
  if ((block.any ?? []).length > 0) return { mode: 'any', list: block.any ?? [] }
  if ((block.all ?? []).length > 0) return { mode: 'all', list: block.all ?? [] }
  // The legacy flat form is one filter; `all` over one element is that element.
  return { mode: 'all', list: [legacyFilter(block)] }
}

function matched(block: MatchResources, ctx: FilterContext, requestInfo: boolean): boolean {
  const one = (f: ResourceFilter): boolean => {
    // Without request info, match filters lose their user info, so a user-info-only filter is empty.
    const info = requestInfo ? f : NO_USER_INFO
    if (isEmptyDescription(f.resources) && isEmptyUserInfo(info)) return false
    return matchesFilter(f.resources, info, ctx)
  }
  const { mode, list } = filters(block)
  return mode === 'any' ? list.some(one) : list.every(one)
}

function excluded(block: MatchResources, ctx: FilterContext): boolean {
  // User info is kept here even without request info, so it is checked against the zero user.
  const fires = (f: ResourceFilter): boolean =>
    !(isEmptyDescription(f.resources) && isEmptyUserInfo(f)) && matchesFilter(f.resources, f, ctx)
  const { mode, list } = filters(block)
  return mode === 'any' ? list.some(fires) : list.every(fires)
}

/**
 * True when `match` selects the resource and `exclude` (checked only after a match) does not.
 *
 * @example
 * matchesRule({ match: { any: [{ resources: { kinds: ['Pod'], namespaces: ['prod-*'] } }] } },
 *   { resource: podInProdEu, operation: 'CREATE' }) // true
 */
export function matchesRule(rule: RuleSelection, req: MatchRequest): boolean {
  const resource = req.resource
  if (isEmptyResource(resource)) return false
  if (req.policyNamespace && req.policyNamespace !== metaString(resource, 'namespace')) return false
  const user = hasRequestInfo(req.user) ? req.user : undefined
  const ctx: FilterContext = {
    resource,
    gvk: req.gvk ?? gvkOfObject(resource),
    subresource: req.subresource ?? '',
    operation: req.operation,
    namespaceLabels: new Map(Object.entries(req.namespaceLabels ?? {})),
    user: user ?? NO_USER,
  }
  if (!matched(rule.match, ctx, user !== undefined)) return false
  return rule.exclude == null || !excluded(rule.exclude, ctx)
}

/** A request with both objects, as the engine sees it. */
export interface RuleMatchInput extends Omit<MatchRequest, 'resource'> {
  /** The new object; `null` for DELETE. */
  object: JsonObject | null
  /** The previous object (UPDATE, DELETE). */
  oldObject: JsonObject | null
}

/**
 * `matchesRule` on the new object, retried on the old object when the new one is empty (DELETE).
 * The GVK comes from whichever object is present unless given.
 */
export function ruleApplies(rule: RuleSelection, input: RuleMatchInput): boolean {
  const { object, oldObject, ...rest } = input
  const gvk = rest.gvk ?? gvkOfObject(isEmptyResource(object) ? (oldObject ?? {}) : object)
  if (matchesRule(rule, { ...rest, gvk, resource: object })) return true
  return isEmptyResource(object) && !isEmptyResource(oldObject) && matchesRule(rule, { ...rest, gvk, resource: oldObject })
}
