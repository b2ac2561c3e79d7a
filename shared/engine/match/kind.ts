/**
 * Kind selectors (`Pod`, `v1/Pod`, `apps/*\/Deployment`, `Pod/status`, `Pod.status`, `*\/*`) and
 * the kind check, as Kyverno's `kubeutils.ParseKindSelector` and `matchutils.CheckKind` do them.
 */
import { wildcardMatch } from '../../lib/wildcard.ts'
import { getKey, type JsonObject } from '../../lib/json.ts'

/** Group, version and kind of a resource (the group of core kinds is `""`). */
export interface GroupVersionKind {
  group: string
  version: string
  kind: string
}

/** A parsed kind selector; every part is a wildcard pattern. All parts empty matches nothing. */
export interface KindSelector extends GroupVersionKind {
  subresource: string
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9'

/** `^(v\d+((alpha|beta)\d+)?|\*)$`, by hand. */
export function isKindSelectorVersion(s: string): boolean {
  if (s === '*') return true
  if (s[0] !== 'v' || !isDigit(s[1])) return false
  let i = 1
  while (isDigit(s[i])) i++
  if (i === s.length) return true
  const rest = s.slice(i)
  const tag = rest.startsWith('alpha') ? 'alpha' : rest.startsWith('beta') ? 'beta' : null
  if (tag === null) return false
  i += tag.length
  if (!isDigit(s[i])) return false
  while (isDigit(s[i])) i++
  return i === s.length
}

/**
 * Parses a kind selector: split on `/`, then split the last segment on `.`.
 * Note `apps/Deployment` is kind `apps` with subresource `Deployment`, so it never matches a Deployment.
 *
 * @example parseKindSelector('batch/*\/CronJob') // { group: 'batch', version: '*', kind: 'CronJob', subresource: '' }
 */
const selectorCache = new Map<string, KindSelector>()

/** {@link parseKindSelector}, memoised: policies repeat the same few selectors on every request. */
function cachedKindSelector(input: string): KindSelector {
  let s = selectorCache.get(input)
  if (!s) {
    s = parseKindSelector(input)
    if (selectorCache.size > 10_000) selectorCache.clear()
    selectorCache.set(input, s)
  }
  return s
}

export function parseKindSelector(input: string): KindSelector {
  const slash = input.split('/')
  const parts = [...slash.slice(0, -1), ...(slash[slash.length - 1] as string).split('.')]
  const sel = (group: string, version: string, kind: string, subresource: string): KindSelector => ({
    group,
    version,
    kind,
    subresource,
  })
  const [a = '', b = '', c = '', d = ''] = parts
  switch (parts.length) {
    case 1:
      return sel('*', '*', a, '')
    case 2:
      if (a === '*' && b === '*') return sel('*', '*', '*', '*')
      if (a === '*' && b.toLowerCase() === b) return sel('*', '*', '*', b)
      if (isKindSelectorVersion(a)) return sel('*', a, b, '')
      return sel('*', '*', a, b)
    case 3:
      return isKindSelectorVersion(a) ? sel('*', a, b, c) : sel(a, b, c, '')
    case 4:
      return sel(a, b, c, d)
    default:
      return sel('', '', '', '')
  }
}

/** `schema.FromAPIVersionAndKind`: `apps/v1` → group `apps`; `v1` → core; more slashes → no group/version. */
export function gvkOf(apiVersion: string, kind: string): GroupVersionKind {
  const parts = apiVersion.split('/')
  if (parts.length === 1) return { group: '', version: apiVersion, kind }
  if (parts.length === 2) return { group: parts[0] as string, version: parts[1] as string, kind }
  return { group: '', version: '', kind }
}

/** The GVK of a resource object from its own `apiVersion` and `kind` (non-strings read as `""`). */
export function gvkOfObject(obj: JsonObject): GroupVersionKind {
  const apiVersion = getKey(obj, 'apiVersion')
  const kind = getKey(obj, 'kind')
  return gvkOf(typeof apiVersion === 'string' ? apiVersion : '', typeof kind === 'string' ? kind : '')
}

/**
 * True when some selector matches the GVK and subresource. An empty subresource pattern matches only
 * "no subresource". With `allowEphemeralContainers` (the classic engine's rule matching), any
 * selector whose group/version/kind match `v1/Pod` also matches its `ephemeralcontainers` subresource.
 */
export function checkKind(
  kinds: readonly string[],
  gvk: GroupVersionKind,
  subresource: string,
  allowEphemeralContainers: boolean,
): boolean {
  const isPod = gvk.group === '' && gvk.version === 'v1' && gvk.kind === 'Pod'
  return kinds.some((k) => {
    const s = cachedKindSelector(k)
    if (!wildcardMatch(s.group, gvk.group) || !wildcardMatch(s.version, gvk.version) || !wildcardMatch(s.kind, gvk.kind))
      return false
    if (wildcardMatch(s.subresource, subresource)) return true
    return allowEphemeralContainers && isPod && subresource === 'ephemeralcontainers'
  })
}
