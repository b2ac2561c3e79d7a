/**
 * @module library — the built-in policy library: versioned sets of Kyverno policies (seccomp and
 * AppArmor profiles, the Pod Security Standards) that tenants list, read and install. Pure data
 * bundled into every runtime; `install.ts` turns a set into the documents a tenant's set receives.
 */
import { decodeDocuments } from '../kube/decode.ts'
import { isObject, type JsonObject } from '../lib/json.ts'
import { err, ok, type Result } from '../lib/result.ts'
import { compareSemver, parseSemver } from '../lib/semver.ts'
import { POLICY_TEXTS } from './bundle.generated.ts'
import { CATALOG, policyPath, type CatalogSet } from './catalog.ts'

export { CATALOG, policyPath, type CatalogSet, type CatalogVersion } from './catalog.ts'
export { LIBRARY_ANNOTATION, installedFrom, planInstall, prepareDocuments, type InstallOptions, type InstallPlan, type InstallRefusal } from './install.ts'

/** One policy of a library set version: its YAML as shipped (comments kept) and the decoded document. */
export interface LibraryPolicy {
  name: string
  text: string
  document: JsonObject
}

/** A set at one version, with its policies. */
export interface LibrarySetVersion {
  name: string
  title: string
  description: string
  version: string
  notes: string
  /** Every version offered, oldest first. */
  versions: string[]
  latest: string
  policies: LibraryPolicy[]
}

/** What a listing shows of a set. */
export interface LibrarySummary {
  name: string
  title: string
  description: string
  latest: string
  versions: Array<{ version: string; notes: string; policies: string[] }>
}

const bySemver = (a: string, b: string): number => {
  const x = parseSemver(a)
  const y = parseSemver(b)
  return x && y ? compareSemver(x, y) : a < b ? -1 : a > b ? 1 : 0
}

function versionsOf(set: CatalogSet): string[] {
  return set.versions.map((v) => v.version).sort(bySemver)
}

/** Every set, with its versions oldest first and its latest version. */
export function listLibrary(): LibrarySummary[] {
  return CATALOG.map((s) => {
    const versions = versionsOf(s)
    return {
      name: s.name,
      title: s.title,
      description: s.description,
      latest: versions.at(-1) ?? '',
      versions: versions.map((v) => {
        const cv = s.versions.find((x) => x.version === v)
        return { version: v, notes: cv?.notes ?? '', policies: [...(cv?.policies ?? [])] }
      }),
    }
  })
}

const decoded = new Map<string, JsonObject>()

function documentOf(path: string, text: string): JsonObject {
  let doc = decoded.get(path)
  if (!doc) {
    const [first] = decodeDocuments(text)
    if (!isObject(first)) throw new Error(`library file ${path} is not one YAML object`)
    doc = first
    decoded.set(path, doc)
  }
  return doc
}

/** A set at `version` (default: its latest), or why not. */
export function findLibrarySet(name: string, version?: string): Result<LibrarySetVersion, 'unknownSet' | 'unknownVersion'> {
  const set = CATALOG.find((s) => s.name === name)
  if (!set) return err('unknownSet')
  const versions = versionsOf(set)
  const latest = versions.at(-1) ?? ''
  const wanted = set.versions.find((v) => v.version === (version ?? latest))
  if (!wanted) return err('unknownVersion')
  const policies = wanted.policies.map((p) => {
    const path = policyPath(set.name, wanted.version, p)
    const text = POLICY_TEXTS[path]
    // The bundle test keeps catalog and bundle in step; a gap here is a build defect, not user input.
    if (text === undefined) throw new Error(`library bundle lacks ${path}`)
    return { name: p, text, document: documentOf(path, text) }
  })
  return ok({ name: set.name, title: set.title, description: set.description, version: wanted.version, notes: wanted.notes, versions, latest, policies })
}
