/**
 * Loading what a decoded Test points at, relative to the test file's directory (matching spec
 * §5.2): policies (each through the engine's `loadPolicy`), resources, values and user info.
 * A file that cannot be read or decoded fails the Test, except resource files that cannot be read,
 * which Kyverno silently skips. Policy statuses are collected even when something else fails,
 * so failure rows can still tell unsupported and invalid policies apart.
 */
import type { DottedValues, RequestUser } from '../engine/api.ts'
import { err, ok, type Result } from '../lib/result.ts'
import type { Engine, PolicyLike } from './engine.ts'
import type { PolicyStatus } from './check.ts'
import { joinPath, type TestFiles } from './files.ts'
import { dedupeResources, normaliseResources, type TestResource } from './resources.ts'
import type { TestDocument, ValuesSpec } from './schema.ts'
import { decodeUserInfoFile, decodeValuesFile } from './side-files.ts'
import { checkOperations } from './values.ts'
import { parseYamlObjects } from './yaml.ts'

/** The policies of a Test: those to evaluate, and the names of those Kyverno rejects or Verdict cannot run. */
export interface LoadedPolicies<P extends PolicyLike> {
  valid: P[]
  status: PolicyStatus
  /** The first reason the policies could not all be loaded. */
  error?: string
}

/** Everything a Test points at, loaded and ready to evaluate. */
export interface LoadedTest<P extends PolicyLike> {
  policies: P[]
  status: PolicyStatus
  resources: TestResource[]
  values?: ValuesSpec
  user?: RequestUser
}

/** The engine and file access loading needs. */
export interface LoadDeps<P extends PolicyLike> {
  engine: Engine<P>
  files: TestFiles
}

function describeLoadFailure(kind: string, name: string, issues: ReadonlyArray<{ path: string; message: string }>): string {
  const detail = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')
  return `${kind} ${name} is invalid${detail ? `: ${detail}` : ''}`
}

/** Loads the Test's policy files; keeps going after a failure so every policy's status is known. */
export function loadPolicies<P extends PolicyLike>(paths: readonly string[], dir: string, deps: LoadDeps<P>): LoadedPolicies<P> {
  const out: LoadedPolicies<P> = { valid: [], status: { invalid: new Map(), unsupported: new Map() } }
  const fail = (message: string) => {
    out.error ??= `failed to load policies: ${message}`
  }
  for (const path of paths) {
    const full = joinPath(dir, path)
    const text = deps.files.read(full)
    if (!text.ok) {
      fail(text.error)
      continue
    }
    const docs = parseYamlObjects(text.value)
    if (!docs.ok) {
      fail(`${full}: ${docs.error}`)
      continue
    }
    for (const doc of docs.value) {
      let loaded: ReturnType<Engine<P>['loadPolicy']>
      try {
        loaded = deps.engine.loadPolicy(doc)
      } catch (e) {
        fail(`${full}: ${e instanceof Error ? e.message : String(e)}`)
        continue
      }
      if (loaded.status === 'ok') out.valid.push(loaded.policy)
      else if (loaded.status === 'invalid') out.status.invalid.set(loaded.name, describeLoadFailure(loaded.kind, loaded.name, loaded.issues))
      else if (loaded.status === 'unsupported') out.status.unsupported.set(loaded.name, loaded.feature)
      else fail(`${full}: a document is not a Kyverno policy (policy type not supported)`)
    }
  }
  return out
}

/** Reads and normalises one resource file; `undefined` when the file cannot be read at all. */
export function readResourceFile(full: string, deps: LoadDeps<PolicyLike>): Result<TestResource[]> | undefined {
  const text = deps.files.read(full)
  if (!text.ok) return undefined
  const docs = parseYamlObjects(text.value)
  if (!docs.ok) return err(`${full}: ${docs.error}`)
  const resources = normaliseResources(docs.value, (a, k) => deps.engine.isClusterScopedKind(a, k))
  return resources.ok ? resources : err(`${full}: ${resources.error}`)
}

/** Loads the resource files: unreadable files are skipped, undecodable ones fail the Test. */
export function loadResources(paths: readonly string[], dir: string, deps: LoadDeps<PolicyLike>): Result<TestResource[]> {
  const all: TestResource[] = []
  for (const path of paths) {
    const loaded = readResourceFile(joinPath(dir, path), deps)
    if (loaded === undefined) continue
    if (!loaded.ok) return err(`failed to load resources: ${loaded.error}`)
    all.push(...loaded.value)
  }
  return ok(dedupeResources(all))
}

function loadValues(test: TestDocument, dir: string, files: TestFiles, set: DottedValues): Result<ValuesSpec | undefined> {
  let spec = test.values
  // Inline values win; the file is only read without them, as Kyverno does.
  if (spec === undefined && test.variables) {
    const text = files.read(joinPath(dir, test.variables))
    if (!text.ok) return err(`failed to load values: ${text.error}`)
    const decoded = decodeValuesFile(text.value)
    if (!decoded.ok) return err(`failed to load values ${test.variables}: ${decoded.error}`)
    spec = decoded.value
  }
  const ops = checkOperations(spec, set)
  return ops.ok ? ok(spec) : ops
}

function loadUser(test: TestDocument, dir: string, files: TestFiles): Result<RequestUser | undefined> {
  if (!test.userinfo) return ok(undefined)
  const text = files.read(joinPath(dir, test.userinfo))
  if (!text.ok) return err(`failed to load userinfo: ${text.error}`)
  const user = decodeUserInfoFile(text.value)
  return user.ok ? user : err(`failed to load userinfo ${test.userinfo}: ${user.error}`)
}

/** Loads everything a Test needs; on failure the policy statuses still come back for the failure rows. */
export function loadTest<P extends PolicyLike>(
  test: TestDocument,
  dir: string,
  deps: LoadDeps<P> & { set: DottedValues },
): { ok: true; value: LoadedTest<P> } | { ok: false; error: string; status: PolicyStatus } {
  const policies = loadPolicies(test.policies ?? [], dir, deps)
  const fail = (error: string) => ({ ok: false as const, error, status: policies.status })
  const values = loadValues(test, dir, deps.files, deps.set)
  if (!values.ok) return fail(values.error)
  const user = loadUser(test, dir, deps.files)
  if (!user.ok) return fail(user.error)
  if (policies.error) return fail(policies.error)
  const resources = loadResources(test.resources ?? [], dir, deps)
  if (!resources.ok) return fail(resources.error)
  const value: LoadedTest<P> = { policies: policies.valid, status: policies.status, resources: resources.value }
  if (values.value) value.values = values.value
  if (user.value) value.user = user.value
  return { ok: true, value }
}
