/**
 * Kyverno's `podSecurity.exclude[]` semantics (pkg/pss `ApplyPodSecurityExclusion`), reproduced on
 * field errors:
 *
 * - Without `images`, the checks are re-run on a copy of the pod whose only container is a bare
 *   `fake` one: the violations that copy still has are the pod-level ones, and those are forgiven.
 * - With `images`, the checks are re-run on a pod holding only the containers whose image matches
 *   (wildcards) and nothing else; a violation found there is forgiven for that same container only.
 * - `restrictedField` keeps only probe errors at that path (indexes written `[*]`), and `values`
 *   keeps only those whose every bad value matches one of the patterns (wildcards).
 *
 * Each probe error forgives at most one original error at the same path (and container); a check
 * left with no errors is forgiven entirely.
 */
import { getKey, isObject, setKey, type JsonObject, type JsonValue } from '../../lib/json.ts'
import { wildcardMatch } from '../../lib/wildcard.ts'
import { badValuesOf, wildcardIndexes } from './field-errors.ts'
import { arrAt, CONTAINER_KINDS, str, type ContainerKind } from './pod.ts'
import { applicableChecksOfControl } from './registry.ts'
import { probeOf } from './memo.ts'
import { runAll } from './run.ts'
import type { PodView, PssFieldError, PssLevel } from './types.ts'
import { boundedMemo } from '../../lib/memo.ts'

/** One `podSecurity.exclude[]` entry. */
export interface PssExclude {
  controlName: string
  images?: string[] | undefined
  restrictedField?: string | undefined
  values?: string[] | undefined
}

/** The failing checks' remaining field errors by check ID; exclusions remove from it. */
export type ViolationMap = Map<string, PssFieldError[]>

interface ParsedField {
  /** The path with every index written `*`. */
  wild: string
  container?: { kind: ContainerKind; index: number }
}

function isContainerKind(s: string | undefined): s is ContainerKind {
  return CONTAINER_KINDS.some((k) => k === s)
}

/** Field paths come from checks (and so from pod data), so the memo of their parses is bounded. */
const MAX_PARSED_FIELDS = 4096
const parsedFields = [
  boundedMemo((field: string) => parseFieldText(field, false), MAX_PARSED_FIELDS),
  boundedMemo((field: string) => parseFieldText(field, true), MAX_PARSED_FIELDS),
] as const

/** {@link parseFieldText}, remembered: exclusions compare every probe error with every violation. */
function parseField(field: string, containerMode: boolean): ParsedField {
  return parsedFields[containerMode ? 1 : 0](field)
}

// Kyverno's parseField: the second run of letters names the list, the first run of digits is the index.
function parseFieldText(field: string, containerMode: boolean): ParsedField {
  const wild = wildcardIndexes(field)
  if (!containerMode) return { wild }
  const kind = field.match(/[a-zA-Z]+/g)?.[1]
  const digits = field.match(/[0-9]+/)?.[0]
  if (!isContainerKind(kind) || digits === undefined) return { wild }
  return { wild, container: { kind, index: Number(digits) } }
}

function containerNameAt(spec: JsonObject, at: { kind: ContainerKind; index: number }): string | undefined {
  const c = arrAt(spec, at.kind)[at.index]
  return isObject(c) ? str(getKey(c, 'name')) : undefined
}

/** The pod with one bare container named `fake` in place of all its containers. */
function podLevelProbe(pod: PodView): PodView {
  const spec: JsonObject = {}
  for (const k of Object.keys(pod.spec)) {
    const v: JsonValue | undefined = getKey(pod.spec, k)
    if (v !== undefined && !isContainerKind(k)) setKey(spec, k, v)
  }
  spec.containers = [{ name: 'fake' }]
  return { meta: pod.meta, spec }
}

/** A pod made of the containers whose image matches, and nothing else (no metadata, no pod fields). */
function containerProbe(spec: JsonObject, images: readonly string[]): PodView {
  const probe: JsonObject = {}
  for (const kind of CONTAINER_KINDS) {
    probe[kind] = arrAt(spec, kind).filter((c) => isObject(c) && images.some((p) => wildcardMatch(p, str(getKey(c, 'image')))))
  }
  return { meta: {}, spec: probe }
}

// Go's `remove`: the last element takes the removed one's place (order is observable in messages).
function swapRemove<T>(list: T[], i: number): void {
  const last = list.pop()
  if (last !== undefined && i < list.length) list[i] = last
}

function applyOne(violations: ViolationMap, ex: PssExclude, pod: PodView, level: PssLevel, minor: number): void {
  const checks = applicableChecksOfControl(level, minor, ex.controlName)
  // Only violations of the control's own checks can be forgiven; with none left there is nothing to
  // probe. (A control none of whose checks runs at this level and version forgives nothing.)
  if (!checks.some((c) => violations.has(c.def.id))) return
  const images = ex.images ?? []
  const containerMode = images.length > 0
  const probe = containerMode
    ? probeOf(pod, JSON.stringify(images), () => containerProbe(pod.spec, images))
    : probeOf(pod, 'pod', () => podLevelProbe(pod))
  const restrictedField = ex.restrictedField ?? ''
  const values = ex.values ?? []
  // The checks are pure, so running only the control's own checks on the probe changes nothing.
  for (const { def, result } of runAll(checks, probe)) {
    if (result.allowed) continue
    for (const e of result.fieldErrors) {
      const ef = parseField(e.field, containerMode)
      if (restrictedField !== '' && restrictedField !== ef.wild) continue
      // An error without bad values (Required, or a "" value) passes any `values` list, as in Kyverno.
      if (values.length > 0 && !badValuesOf(e).every((v) => values.some((p) => wildcardMatch(p, v)))) continue
      const list = violations.get(def.id)
      if (!list) continue
      const name = ef.container ? containerNameAt(probe.spec, ef.container) : undefined
      const i = list.findIndex((d) => {
        const df = parseField(d.field, containerMode)
        return df.wild === ef.wild && (!df.container || containerNameAt(pod.spec, df.container) === name)
      })
      if (i >= 0) swapRemove(list, i)
      if (list.length === 0) violations.delete(def.id)
    }
  }
}

/** Applies every exclusion, in order, to the violations of `pod` at `level`/`v1.<minor>`. */
export function applyExclusions(
  violations: ViolationMap,
  excludes: readonly PssExclude[],
  pod: PodView,
  level: PssLevel,
  minor: number,
): void {
  for (const ex of excludes) applyOne(violations, ex, pod, level, minor)
}
