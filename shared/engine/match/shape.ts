/**
 * The request as kind-only rule matching sees it: the object matched and a key for its kind,
 * subresource and operation (see `memo.ts`), worked out once per request rather than per policy.
 */
import type { JsonObject } from '../../lib/json.ts'
import type { EvaluationInput } from '../api.ts'
import { gvkOfObject, type GroupVersionKind } from './kind.ts'
import { requestShapeKey } from './memo.ts'
import { isEmptyResource } from './resource.ts'

/** What every rule's match check of one request shares, computed once per request. */
export interface RequestShape {
  /** The object `match` looks at: the new object, else (DELETE) the old one; `null` matches nothing. */
  subject: JsonObject | null
  key: string
}

interface KeptShape extends RequestShape {
  gvk: GroupVersionKind | undefined
  group: string
  version: string
  kindName: string
  object: JsonObject | null
  oldObject: JsonObject | null
  objectEmpty: boolean
  oldObjectEmpty: boolean
  operation: string
  subresource: string | undefined
  apiVersion: unknown
  kind: unknown
}

// Every policy of a request sees the same input; the shape is worked out once for it (one slot:
// policies are evaluated one request after another), and again whenever anything it was derived
// from differs.
let lastShape: KeptShape | undefined

export function requestShape(input: EvaluationInput): RequestShape {
  const { object, oldObject } = input
  const objectEmpty = isEmptyResource(object)
  const oldObjectEmpty = isEmptyResource(oldObject)
  const gvkSource = objectEmpty ? (oldObject ?? {}) : object
  const apiVersion = gvkSource.apiVersion
  const kind = gvkSource.kind
  const kept = lastShape
  const gvk = input.gvk
  if (
    kept &&
    kept.gvk === gvk &&
    (gvk === undefined || (kept.group === gvk.group && kept.version === gvk.version && kept.kindName === gvk.kind)) &&
    kept.object === object &&
    kept.oldObject === oldObject &&
    kept.objectEmpty === objectEmpty &&
    kept.oldObjectEmpty === oldObjectEmpty &&
    kept.operation === input.operation &&
    kept.subresource === input.subresource &&
    kept.apiVersion === apiVersion &&
    kept.kind === kind
  ) {
    return kept
  }
  const subject = !objectEmpty ? object : !oldObjectEmpty ? oldObject : null
  const matchedAs = gvk ?? gvkOfObject(gvkSource)
  const key = requestShapeKey(matchedAs, input.subresource ?? '', input.operation)
  const shape: KeptShape = {
    subject,
    key,
    gvk,
    group: matchedAs.group,
    version: matchedAs.version,
    kindName: matchedAs.kind,
    object,
    oldObject,
    objectEmpty,
    oldObjectEmpty,
    operation: input.operation,
    subresource: input.subresource,
    apiVersion,
    kind,
  }
  lastShape = shape
  return shape
}
