/**
 * Kyverno's `match` / `exclude` blocks (kyverno.io/v1 `MatchResources`) as strict zod schemas,
 * Kubernetes' label-selector compilation (`metav1.LabelSelectorAsSelector`), and the match-block
 * checks Kyverno's own policy validation enforces.
 *
 * Optional fields are `.optional()` like the rest of the policy schema: an explicit `null` (which Go
 * would decode as "absent") is rejected with its path.
 *
 * @see https://kyverno.io/docs/writing-policies/match-exclude/
 */
import { z } from 'zod'
import { hasWildcard } from '../lib/wildcard.ts'
import { err, ok, type Result } from '../lib/result.ts'

const StringList = z.array(z.string())
// zod silently strips a `__proto__` key from records; it is never a valid label or annotation key,
// so it is rejected with its path instead of quietly changing what the filter means.
const StringMap = z
  .unknown()
  .superRefine((v, ctx) => {
    if (typeof v === 'object' && v !== null && Object.prototype.hasOwnProperty.call(v, '__proto__'))
      ctx.addIssue({ code: 'custom', path: ['__proto__'], message: 'reserved key' })
  })
  .pipe(z.record(z.string(), z.string()))

/** Admission operations a ResourceDescription can filter on. */
export const AdmissionOperation = z.enum(['CREATE', 'UPDATE', 'DELETE', 'CONNECT'])
export type AdmissionOperation = z.infer<typeof AdmissionOperation>

/** One `matchExpressions` entry. */
export const LabelSelectorRequirement = z.strictObject({
  key: z.string(),
  operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
  values: StringList.optional(),
})
export type LabelSelectorRequirement = z.infer<typeof LabelSelectorRequirement>

/** `metav1.LabelSelector`; Kyverno lets `matchLabels` keys and values carry `*` / `?`. */
export const LabelSelector = z.strictObject({
  matchLabels: StringMap.optional(),
  matchExpressions: z.array(LabelSelectorRequirement).optional(),
})
export type LabelSelector = z.infer<typeof LabelSelector>

/** `rbacv1.Subject` restricted to the three kinds Kyverno matches on. */
export const Subject = z.strictObject({
  kind: z.enum(['User', 'Group', 'ServiceAccount']),
  name: z.string(),
  namespace: z.string().optional(),
  apiGroup: z.string().optional(),
})
export type Subject = z.infer<typeof Subject>

const userInfoShape = {
  roles: StringList.optional(),
  clusterRoles: StringList.optional(),
  subjects: z.array(Subject).optional(),
}

/** Who made the request: namespaced roles (`ns:name`), cluster roles, subjects. */
export const UserInfo = z.strictObject(userInfoShape)
export type UserInfo = z.infer<typeof UserInfo>

/** What a filter selects: kinds, names, namespaces, annotations, label selectors, operations. */
export const ResourceDescription = z.strictObject({
  kinds: StringList.optional(),
  name: z.string().optional(),
  names: StringList.optional(),
  namespaces: StringList.optional(),
  annotations: StringMap.optional(),
  selector: LabelSelector.optional(),
  namespaceSelector: LabelSelector.optional(),
  operations: z.array(AdmissionOperation).optional(),
})
export type ResourceDescription = z.infer<typeof ResourceDescription>

/** One entry of `any` / `all`: a resource description plus user info. */
export const ResourceFilter = z.strictObject({ resources: ResourceDescription.optional(), ...userInfoShape })
export type ResourceFilter = z.infer<typeof ResourceFilter>

/** A `match` or `exclude` block: `any`, `all`, or the deprecated flat form (`resources` + user info). */
export const MatchResources = z.strictObject({
  any: z.array(ResourceFilter).optional(),
  all: z.array(ResourceFilter).optional(),
  resources: ResourceDescription.optional(),
  ...userInfoShape,
})
export type MatchResources = z.infer<typeof MatchResources>

/** Go's `DeepEqual(rd, ResourceDescription{})`: every field absent (an empty list or map counts as present). */
export function isEmptyDescription(rd: ResourceDescription | null | undefined): boolean {
  return rd == null || Object.values(rd).every((v) => v == null)
}

/** Go's `DeepEqual(ui, UserInfo{})` over the user-info part of a filter or block. */
export function isEmptyUserInfo(ui: UserInfo): boolean {
  return ui.roles == null && ui.clusterRoles == null && ui.subjects == null
}

/** The legacy flat form of a block as one filter (`match.resources` + top-level user info). */
export function legacyFilter(block: MatchResources): ResourceFilter {
  return { resources: block.resources, roles: block.roles, clusterRoles: block.clusterRoles, subjects: block.subjects }
}

/** A compiled selector requirement; `matchLabels` entries become `In` with their single value. */
export interface SelectorRequirement {
  key: string
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'
  values: readonly string[]
}

const isAlnum = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
const isLowerAlnum = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')

// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`, checked by hand so user text never meets a backtracking regex.
function isQualifiedPart(s: string, allowEmpty: boolean): boolean {
  if (s.length === 0) return allowEmpty
  if (s.length > 63 || !isAlnum(s[0] as string) || !isAlnum(s[s.length - 1] as string)) return false
  for (const c of s) if (!isAlnum(c) && c !== '-' && c !== '_' && c !== '.') return false
  return true
}

function isDns1123Subdomain(s: string): boolean {
  if (s.length === 0 || s.length > 253) return false
  return s.split('.').every((label) => {
    if (label.length === 0 || !isLowerAlnum(label[0] as string) || !isLowerAlnum(label[label.length - 1] as string)) return false
    for (const c of label) if (!isLowerAlnum(c) && c !== '-') return false
    return true
  })
}

/** `validation.IsQualifiedName`: `[prefix/]name`, prefix a DNS-1123 subdomain, name ≤ 63 chars. */
export function isValidLabelKey(key: string): boolean {
  const parts = key.split('/')
  if (parts.length > 2) return false
  if (parts.length === 2 && !isDns1123Subdomain(parts[0] as string)) return false
  return isQualifiedPart(parts[parts.length - 1] as string, false)
}

/** `validation.IsValidLabelValue`: empty, or ≤ 63 chars of the qualified-name alphabet. */
export function isValidLabelValue(value: string): boolean {
  return isQualifiedPart(value, true)
}

/**
 * `metav1.LabelSelectorAsSelector`: validates keys, values and operator arity and returns the
 * requirements (all must hold; none means "everything"). `matchLabels` may be passed already
 * wildcard-expanded as a Map.
 */
export function compileLabelSelector(
  selector: LabelSelector,
  matchLabels: ReadonlyMap<string, string> = new Map(Object.entries(selector.matchLabels ?? {})),
): Result<SelectorRequirement[], string> {
  const reqs: SelectorRequirement[] = []
  const add = (key: string, operator: SelectorRequirement['operator'], values: readonly string[]): string | null => {
    if (!isValidLabelKey(key)) return `invalid label key "${key}"`
    if ((operator === 'In' || operator === 'NotIn') && values.length === 0)
      return `for 'in', 'notin' operators, values set can't be empty`
    if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length !== 0)
      return 'values set must be empty for exists and does not exist'
    const bad = values.find((v) => !isValidLabelValue(v))
    if (bad !== undefined) return `invalid label value "${bad}"`
    reqs.push({ key, operator, values })
    return null
  }
  for (const [k, v] of matchLabels) {
    const e = add(k, 'In', [v])
    if (e) return err(e)
  }
  for (const x of selector.matchExpressions ?? []) {
    const e = add(x.key, x.operator, x.values ?? [])
    if (e) return err(e)
  }
  return ok(reqs)
}

/** `labels.Selector.Matches`: every requirement holds for the label set. */
export function selectorMatches(reqs: readonly SelectorRequirement[], labels: ReadonlyMap<string, string>): boolean {
  return reqs.every((r) => {
    const v = labels.get(r.key)
    switch (r.operator) {
      case 'In':
        return v !== undefined && r.values.includes(v)
      case 'NotIn':
        return v === undefined || !r.values.includes(v)
      case 'Exists':
        return v !== undefined
      case 'DoesNotExist':
        return v === undefined
    }
  })
}

/** True when any part of the selector carries `*` or `?` (Kyverno then skips selector validation). */
export function selectorHasWildcard(s: LabelSelector): boolean {
  const labels = Object.entries(s.matchLabels ?? {}).some(([k, v]) => hasWildcard(k) || hasWildcard(v))
  const exprs = (s.matchExpressions ?? []).some(
    (x) => hasWildcard(x.key) || hasWildcard(x.operator) || (x.values ?? []).some(hasWildcard),
  )
  return labels || exprs
}

/** A policy-validation finding inside a match/exclude block; `path` is relative to the block. */
export interface MatchBlockIssue {
  path: (string | number)[]
  message: string
}

export interface MatchBlockOptions {
  /** `match` requires every filter to describe resources; `exclude` does not. */
  block: 'match' | 'exclude'
  /** A namespaced `Policy`: `namespaces` filters and cluster-scoped kinds are forbidden. */
  namespaced?: boolean
  /** Which kind selectors are cluster-scoped (Kyverno asks discovery, matching `Kind` and `group/version/Kind`). */
  isClusterScoped?: (kind: string) => boolean
  /** `spec.background` (Kyverno's default is true): `*` kinds are rejected in background mode. */
  background?: boolean
}

type Path = (string | number)[]

function userInfoIssues(f: ResourceFilter, at: Path): MatchBlockIssue[] {
  const out: MatchBlockIssue[] = []
  ;(f.subjects ?? []).forEach((s, j) => {
    if (s.name === '') out.push({ path: [...at, 'subjects', j, 'name'], message: 'Required value' })
    if (s.kind === 'ServiceAccount' && !s.namespace)
      out.push({ path: [...at, 'subjects', j, 'namespace'], message: 'namespace is required when Kind is ServiceAccount' })
  })
  ;(f.roles ?? []).forEach((r, j) => {
    if (r.split(':').length !== 2)
      out.push({ path: [...at, 'roles', j], message: 'Role is expected to be in namespace:name format' })
  })
  return out
}

function descriptionIssues(rd: ResourceDescription, at: Path, opts: MatchBlockOptions): MatchBlockIssue[] {
  const out: MatchBlockIssue[] = []
  const kinds = rd.kinds ?? []
  if (rd.name && (rd.names ?? []).length > 0)
    out.push({ path: at, message: 'Both name and names can not be specified together' })
  if (rd.selector != null && !selectorHasWildcard(rd.selector)) {
    const compiled = compileLabelSelector(rd.selector)
    if (!compiled.ok) out.push({ path: [...at, 'selector'], message: compiled.error })
    else if (compiled.value.length === 0)
      out.push({ path: [...at, 'selector'], message: 'The requirements are not specified in selector' })
  }
  if (opts.namespaced) {
    if ((rd.namespaces ?? []).length > 0)
      out.push({ path: [...at, 'namespaces'], message: 'Filtering namespaces not allowed in namespaced policies' })
    kinds.forEach((k, i) => {
      if (opts.isClusterScoped?.(k))
        out.push({ path: [...at, 'kinds', i], message: `Cluster wide resource '${k}' not allowed in namespaced policy` })
    })
  }
  if (kinds.includes('*') && (opts.background ?? true))
    out.push({ path: [...at, 'kinds'], message: 'wildcard policy not allowed in background mode' })
  if (kinds.includes('*') && kinds.length > 1)
    out.push({ path: [...at, 'kinds'], message: 'wildcard policy can not deal with more than one kind' })
  return out
}

/**
 * The checks Kyverno's policy validation applies to one `match` or `exclude` block
 * (`MatchResources.Validate`, `validateResources`, `validateWildcard`). Rule-type restrictions on
 * `*` kinds and discovery-based kind checks need the whole rule and are left to the policy validator.
 *
 * @example validateMatchBlock({ any: [{ resources: { name: 'a', names: ['b'] } }] }, { block: 'match' })
 * // → [{ path: ['any', 0, 'resources'], message: 'Both name and names can not be specified together' }]
 */
export function validateMatchBlock(block: MatchResources, opts: MatchBlockOptions): MatchBlockIssue[] {
  const out: MatchBlockIssue[] = []
  const any = block.any ?? []
  const all = block.all ?? []
  if (any.length > 0 && all.length > 0) out.push({ path: [], message: "Can't specify any and all together" })
  if ((any.length > 0 || all.length > 0) && !isEmptyDescription(block.resources))
    out.push({ path: ['resources'], message: `can't specify any/all together with ${opts.block} resources` })
  const filters: [ResourceFilter, Path][] = [
    ...any.map((f, i): [ResourceFilter, Path] => [f, ['any', i]]),
    ...all.map((f, i): [ResourceFilter, Path] => [f, ['all', i]]),
    [legacyFilter(block), []],
  ]
  for (const [f, at] of filters) {
    out.push(...userInfoIssues(f, at))
    if (f.resources != null) out.push(...descriptionIssues(f.resources, [...at, 'resources'], opts))
  }
  if (opts.block === 'match') {
    const checked: [ResourceFilter, Path][] =
      any.length > 0 ? filters.filter(([, p]) => p[0] === 'any') : all.length > 0 ? filters.filter(([, p]) => p[0] === 'all') : [[legacyFilter(block), []]]
    for (const [f, at] of checked)
      if (isEmptyDescription(f.resources)) out.push({ path: [...at, 'resources'], message: 'match resources not specified' })
  }
  return out
}
