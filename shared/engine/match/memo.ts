/**
 * Most rules select by kind (and perhaps operation) alone. For those, whether `match` and
 * `exclude` hold depends only on the request's GVK, subresource and operation, so the verdict is
 * computed once per rule and such request shape, by the full matcher, and then looked up.
 */
import type { MatchResources, ResourceDescription, ResourceFilter } from '../../policy/match.ts'
import type { RuleSelection } from './rule.ts'
import type { GroupVersionKind } from './kind.ts'

/** Distinct request shapes remembered per rule; kinds come from requests, so the memo is bounded. */
const MAX_SHAPES = 64

function kindOnlyDescription(rd: ResourceDescription | undefined): boolean {
  if (rd == null) return true
  for (const k of Object.keys(rd) as Array<keyof ResourceDescription>) {
    if (k !== 'kinds' && k !== 'operations' && rd[k] != null) return false
  }
  return true
}

function noUserInfo(f: { roles?: unknown; clusterRoles?: unknown; subjects?: unknown }): boolean {
  return f.roles == null && f.clusterRoles == null && f.subjects == null
}

function kindOnlyFilter(f: ResourceFilter): boolean {
  return noUserInfo(f) && kindOnlyDescription(f.resources)
}

function kindOnlyBlock(b: MatchResources): boolean {
  return noUserInfo(b) && kindOnlyDescription(b.resources) && (b.any ?? []).every(kindOnlyFilter) && (b.all ?? []).every(kindOnlyFilter)
}

/** What is remembered about one rule's matching. */
export interface RuleMatchMemo {
  /**
   * True when no part of the rule's `match`/`exclude` looks at anything but kinds and operations:
   * no names, namespaces, annotations, selectors or user info anywhere.
   */
  readonly kindOnly: boolean
  /** For a kind-only rule: its verdict by request shape key. */
  readonly verdicts: Map<string, boolean>
}

const memos = new WeakMap<RuleSelection, RuleMatchMemo>()

/** The memo of a rule (treat the rule as immutable). */
export function ruleMatchMemo(rule: RuleSelection): RuleMatchMemo {
  let memo = memos.get(rule)
  if (!memo) {
    memo = { kindOnly: kindOnlyBlock(rule.match) && (rule.exclude == null || kindOnlyBlock(rule.exclude)), verdicts: new Map() }
    memos.set(rule, memo)
  }
  return memo
}

/** A collision-free key for one request shape (length-prefixed, since any part may hold any text). */
export function requestShapeKey(gvk: GroupVersionKind, subresource: string, operation: string): string {
  const parts = [operation, subresource, gvk.group, gvk.version, gvk.kind]
  let key = ''
  for (const p of parts) key += `${p.length}:${p}`
  return key
}

/** Remembers (and returns) the verdict of a kind-only rule for a request shape. */
export function rememberVerdict(memo: RuleMatchMemo, shapeKey: string, verdict: boolean): boolean {
  if (memo.verdicts.size >= MAX_SHAPES) memo.verdicts.clear()
  memo.verdicts.set(shapeKey, verdict)
  return verdict
}
