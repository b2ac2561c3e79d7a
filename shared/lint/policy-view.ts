/**
 * A read-only view of a raw policy document for the checks: its rules with their paths and matched
 * kinds, and walks over every string and every pattern key. Works on whatever JSON it is given;
 * fields of the wrong type are simply not there.
 */
import { isObject, type JsonObject, type JsonValue } from '../lib/json.ts'
import { bareKind } from '../policy/autogen-raw.ts'
import { AUTOGEN_CONTROLLERS } from '../policy/autogen.ts'
import type { Segment } from './finding.ts'

/** Where a `kinds` list is written and the kinds in it (without group/version). */
export interface KindsAt {
  at: Segment[]
  kinds: string[]
}

export interface RuleView {
  index: number
  name: string
  raw: JsonObject
  at: Segment[]
  /** Every `kinds` list of the rule's `match` block. */
  kindLists: KindsAt[]
  /** The union of those kinds. */
  kinds: Set<string>
}

export const CONTROLLERS: ReadonlySet<string> = new Set(AUTOGEN_CONTROLLERS)
/** Controllers whose Pod lives at `spec.template` (CronJob's is at `spec.jobTemplate.spec.template`). */
export const TEMPLATE_CONTROLLERS: ReadonlySet<string> = new Set(AUTOGEN_CONTROLLERS.filter((k) => k !== 'CronJob'))

export const obj = (v: JsonValue | undefined): JsonObject | undefined => (isObject(v) ? v : undefined)
export const list = (v: JsonValue | undefined): JsonValue[] => (Array.isArray(v) ? v : [])

function kindListsOf(match: JsonObject | undefined, at: Segment[]): KindsAt[] {
  if (!match) return []
  const out: KindsAt[] = []
  const add = (resources: JsonValue | undefined, where: Segment[]) => {
    const kinds = list(obj(resources)?.kinds).filter((k): k is string => typeof k === 'string')
    if (kinds.length > 0) out.push({ at: [...where, 'resources', 'kinds'], kinds: kinds.map(bareKind) })
  }
  add(match.resources, at)
  for (const block of ['any', 'all'] as const) list(match[block]).forEach((f, i) => add(obj(f)?.resources, [...at, block, i]))
  return out
}

/** The rules of a policy, in order. */
export function rulesOf(doc: JsonObject): RuleView[] {
  return list(obj(doc.spec)?.rules).flatMap((r, index) => {
    const raw = obj(r)
    if (!raw) return []
    const at: Segment[] = ['spec', 'rules', index]
    const kindLists = kindListsOf(obj(raw.match), [...at, 'match'])
    return [{ index, name: typeof raw.name === 'string' ? raw.name : '', raw, at, kindLists, kinds: new Set(kindLists.flatMap((k) => k.kinds)) }]
  })
}

/** Every string value under `value`, with its path (keys are not visited). */
export function* strings(value: JsonValue | undefined, at: Segment[]): Generator<{ text: string; at: Segment[] }> {
  if (typeof value === 'string') yield { text: value, at }
  else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* strings(value[i], [...at, i])
  else if (isObject(value)) for (const k of Object.keys(value)) yield* strings(value[k], [...at, k])
}

/** A pattern key without its anchor: `=(securityContext)` → `securityContext`. */
export function anchorKey(key: string): { key: string; anchored: boolean } {
  const m = /^(?:[=X^+<]?\()(.*)\)$/.exec(key)
  return m ? { key: m[1] as string, anchored: true } : { key, anchored: false }
}

/** Every key of a pattern tree, with its path and the anchor-free keys leading to it from the pattern root. */
export function* patternKeys(
  pattern: JsonValue | undefined,
  at: Segment[],
  trail: string[] = [],
): Generator<{ key: string; bare: string; anchored: boolean; at: Segment[]; trail: string[] }> {
  if (Array.isArray(pattern)) {
    for (let i = 0; i < pattern.length; i++) yield* patternKeys(pattern[i], [...at, i], trail)
    return
  }
  if (!isObject(pattern)) return
  for (const key of Object.keys(pattern)) {
    const { key: bare, anchored } = anchorKey(key)
    const here = [...at, key]
    yield { key, bare, anchored, at: here, trail }
    yield* patternKeys(pattern[key], here, [...trail, bare])
  }
}

/** The patterns of a rule: validate.pattern, anyPattern[i], and those of foreach entries (nested). */
export function patternsOf(rule: RuleView): Array<{ pattern: JsonValue; at: Segment[]; elementScoped: boolean }> {
  const v = obj(rule.raw.validate)
  if (!v) return []
  const out: Array<{ pattern: JsonValue; at: Segment[]; elementScoped: boolean }> = []
  const base = [...rule.at, 'validate']
  if (v.pattern !== undefined) out.push({ pattern: v.pattern, at: [...base, 'pattern'], elementScoped: false })
  list(v.anyPattern).forEach((p, i) => out.push({ pattern: p, at: [...base, 'anyPattern', i], elementScoped: false }))
  const walk = (entries: JsonValue | undefined, at: Segment[]) =>
    list(entries).forEach((fe, i) => {
      const e = obj(fe)
      if (!e) return
      const here = [...at, i]
      if (e.pattern !== undefined) out.push({ pattern: e.pattern, at: [...here, 'pattern'], elementScoped: true })
      list(e.anyPattern).forEach((p, j) => out.push({ pattern: p, at: [...here, 'anyPattern', j], elementScoped: true }))
      walk(e.foreach, [...here, 'foreach'])
    })
  walk(v.foreach, [...base, 'foreach'])
  return out
}
