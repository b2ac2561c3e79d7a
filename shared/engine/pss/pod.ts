/**
 * Read-only accessors over a pod's JSON with Go's decoding semantics: a pointer field is "set"
 * when its key is present with a non-null value, booleans are true only when literally `true`,
 * and every read is an own-property read (no prototype keys).
 */
import { getKey, isObject, type JsonObject, type JsonValue } from '../../lib/json.ts'

/** The three container lists, in the order pod-security-admission visits them. */
export const CONTAINER_KINDS = ['initContainers', 'containers', 'ephemeralContainers'] as const
/** Which container list a container sits in. */
export type ContainerKind = (typeof CONTAINER_KINDS)[number]

/** One container with where it sits, for details (`name`) and field errors (`path`). */
export interface ContainerRef {
  c: JsonObject
  name: string
  kind: ContainerKind
  index: number
  /** `spec.<kind>[<index>]` */
  path: string
}

/** The value at `path` under `o`, each step an own key of an object; `undefined` when absent. */
export function valueAt(o: JsonValue | undefined, ...path: string[]): JsonValue | undefined {
  let cur: JsonValue | undefined = o
  for (const key of path) {
    if (!isObject(cur)) return undefined
    cur = getKey(cur, key)
  }
  return cur
}

/** The object at `path`, or `undefined` when absent, null or not an object (a nil pointer in Go). */
export function objAt(o: JsonValue | undefined, ...path: string[]): JsonObject | undefined {
  const v = valueAt(o, ...path)
  return isObject(v) ? v : undefined
}

/** The array at `path`, or `[]`. */
export function arrAt(o: JsonValue | undefined, ...path: string[]): JsonValue[] {
  const v = valueAt(o, ...path)
  return Array.isArray(v) ? v : []
}

/** A Go string field: the string, or `""` when absent or of another type. */
export function str(v: JsonValue | undefined): string {
  return typeof v === 'string' ? v : ''
}

/** A Go `*string` is set when present and non-null. */
export function isSet(v: JsonValue | undefined): v is Exclude<JsonValue, null> {
  return v !== undefined && v !== null
}

/** The strings of a JSON string list (other entries are ignored, as they cannot decode into Go). */
export function strings(v: JsonValue | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
}

/** The spec whose containers the checks now running share, and those containers once listed. */
let shared: { spec: JsonObject; refs: readonly ContainerRef[] | undefined } | undefined

/**
 * Runs `fn` (every check of one evaluation, one after another) with {@link containersOf} of `spec`
 * listed once instead of once per check.
 */
export function withSharedContainers<T>(spec: JsonObject, fn: () => T): T {
  const outer = shared
  shared = { spec, refs: undefined }
  try {
    return fn()
  } finally {
    shared = outer
  }
}

/** Every container of the pod: init, then regular, then ephemeral. Callers only read the list. */
export function containersOf(spec: JsonObject): readonly ContainerRef[] {
  if (shared && shared.spec === spec) return (shared.refs ??= listContainers(spec))
  return listContainers(spec)
}

function listContainers(spec: JsonObject): ContainerRef[] {
  const out: ContainerRef[] = []
  for (const kind of CONTAINER_KINDS) {
    arrAt(spec, kind).forEach((c, index) => {
      if (isObject(c)) out.push({ c, name: str(getKey(c, 'name')), kind, index, path: `spec.${kind}[${index}]` })
    })
  }
  return out
}

/** The container's `securityContext`, when set. */
export function containerSC(ref: ContainerRef): JsonObject | undefined {
  return objAt(ref.c, 'securityContext')
}

/** The pod's `spec.securityContext`, when set. */
export function podSC(spec: JsonObject): JsonObject | undefined {
  return objAt(spec, 'securityContext')
}

/** `spec.os.name == "windows"`. */
export function isWindowsPod(spec: JsonObject): boolean {
  return valueAt(spec, 'os', 'name') === 'windows'
}

/** `spec.hostUsers` explicitly false (unset is not a user-namespace pod). */
export function isUserNamespacePod(spec: JsonObject): boolean {
  return getKey(spec, 'hostUsers') === false
}

/** The pod's string annotations, in key order of the object. */
export function annotationsOf(meta: JsonObject): Array<[string, string]> {
  const a = objAt(meta, 'annotations')
  if (!a) return []
  return Object.keys(a).flatMap((k): Array<[string, string]> => {
    const v = getKey(a, k)
    return typeof v === 'string' ? [[k, v]] : []
  })
}

/** One annotation's value, when present as a string. */
export function annotation(meta: JsonObject, key: string): string | undefined {
  const v = valueAt(meta, 'annotations', key)
  return typeof v === 'string' ? v : undefined
}
