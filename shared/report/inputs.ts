/**
 * Turning an evaluation body into resources: multi-document YAML, a JSON object or array, a
 * `v1 List`, or AdmissionReviews, each checked once here so evaluation only sees well-formed
 * objects. Every rejection names the document (and item) and the field, because it becomes a 400
 * (or a CLI usage error) that a person has to act on.
 */
import { isClusterScopedKind } from '../engine/match/index.ts'
import { DEFAULT_LIMITS, DecodeError, decodeDocuments, flattenItems, type DecodeLimits } from '../kube/decode.ts'
import { isObject, type JsonObject, type JsonValue } from '../lib/json.ts'
import { err, ok, type Result } from '../lib/result.ts'
import { Operation, type ReportResourceRef, type ResourceSource } from './schema.ts'

/** One resource ready for evaluation, with the request around it. */
export interface InputResource {
  /** The resource as written (namespace '' when none), and where it came from. */
  ref: ReportResourceRef
  operation: Operation
  /** The new object; `null` for DELETE. */
  object: JsonObject | null
  /** The previous object: an AdmissionReview's `oldObject` for UPDATE and DELETE, else `null`. */
  oldObject: JsonObject | null
  subresource?: string
  /**
   * The namespace to evaluate in: as written, else the review's `request.namespace`, else
   * `default` for namespaced kinds (where the API server would put it), '' for cluster-scoped ones.
   */
  evaluationNamespace: string
}

/** Why a body was rejected. `document`/`item` are 0-based; the message counts from 1, as people do. */
export interface InputError {
  message: string
  document?: number
  item?: number
  /** Dotted path of the offending field, e.g. `metadata.name` or `request.object`. */
  field?: string
  file?: string
}

export interface InputOptions {
  /** Recorded in each resource's `source` and named in errors. */
  file?: string
  limits?: DecodeLimits
  /** Resources after flattening Lists; bounds the evaluation work one body can ask for. */
  maxResources?: number
}

type Problem = { field: string; message: string }

function text(v: JsonValue | undefined): string {
  return typeof v === 'string' ? v : ''
}

function shapeOf(v: JsonValue | undefined): string {
  if (v === undefined) return 'missing'
  if (v === null) return 'null'
  return Array.isArray(v) ? 'an array' : `a ${typeof v}`
}

/** Checks the fields every Kubernetes object needs; `at` prefixes field paths inside a review. */
function checkObject(v: JsonValue | undefined, at: string, fallbackName: string): Result<JsonObject, Problem> {
  if (!isObject(v)) return err({ field: at || '(document)', message: `expected an object, got ${shapeOf(v)}` })
  const f = (name: string) => (at ? `${at}.${name}` : name)
  for (const key of ['apiVersion', 'kind'] as const) {
    if (text(v[key]) === '') return err({ field: f(key), message: `${f(key)} must be a non-empty string, got ${shapeOf(v[key])}` })
  }
  const meta = v.metadata
  // A CONNECT review's object is an options kind (PodExecOptions) with no metadata; request.name names the target.
  if (meta === undefined && fallbackName !== '') return ok(v)
  if (!isObject(meta)) return err({ field: f('metadata'), message: `${f('metadata')} must be an object, got ${shapeOf(meta)}` })
  if (meta.namespace !== undefined && meta.namespace !== null && typeof meta.namespace !== 'string') {
    return err({ field: f('metadata.namespace'), message: `${f('metadata.namespace')} must be a string, got ${shapeOf(meta.namespace)}` })
  }
  // generateName stands in for the name: the API server only fills the name in after admission.
  if (text(meta.name) === '' && text(meta.generateName) === '' && fallbackName === '') {
    return err({ field: f('metadata.name'), message: `${f('metadata.name')} must be a non-empty string, got ${shapeOf(meta.name)}` })
  }
  return ok(v)
}

function refOf(o: JsonObject, fallbackName: string, source: ResourceSource): ReportResourceRef {
  const meta = isObject(o.metadata) ? o.metadata : {}
  return {
    apiVersion: text(o.apiVersion),
    kind: text(o.kind),
    namespace: text(meta.namespace),
    name: text(meta.name) || fallbackName || text(meta.generateName),
    source,
  }
}

function isReview(v: JsonObject): boolean {
  return v.kind === 'AdmissionReview' && text(v.apiVersion).startsWith('admission.k8s.io/')
}

/** The resource an AdmissionReview asks about: `request.object`, or `request.oldObject` for DELETE. */
function fromReview(review: JsonObject, source: ResourceSource): Result<InputResource, Problem> {
  const req = review.request
  if (!isObject(req)) return err({ field: 'request', message: `request must be an object, got ${shapeOf(req)}` })
  const op = req.operation === undefined ? ok<Operation>('CREATE') : parseOperation(req.operation)
  if (!op.ok) return op
  const name = text(req.name)
  const subjectField = op.value === 'DELETE' ? 'request.oldObject' : 'request.object'
  const subject = checkObject(op.value === 'DELETE' ? req.oldObject : req.object, subjectField, name)
  if (!subject.ok) return subject
  let oldObject: JsonObject | null = null
  if (op.value === 'DELETE') oldObject = subject.value
  else if (op.value === 'UPDATE' && req.oldObject !== undefined && req.oldObject !== null) {
    const old = checkObject(req.oldObject, 'request.oldObject', name)
    if (!old.ok) return old
    oldObject = old.value
  }
  if (req.subResource !== undefined && typeof req.subResource !== 'string') {
    return err({ field: 'request.subResource', message: `request.subResource must be a string, got ${shapeOf(req.subResource)}` })
  }
  const ref = refOf(subject.value, name, source)
  const resource: InputResource = {
    ref,
    operation: op.value,
    object: op.value === 'DELETE' ? null : subject.value,
    oldObject,
    evaluationNamespace: evaluationNamespace(ref, text(req.namespace)),
  }
  if (req.subResource) resource.subresource = req.subResource
  return ok(resource)
}

function parseOperation(v: JsonValue): Result<Operation, Problem> {
  const parsed = Operation.safeParse(v)
  if (parsed.success) return ok(parsed.data)
  return err({ field: 'request.operation', message: `request.operation must be one of ${Operation.options.join(', ')}, got ${JSON.stringify(v)}` })
}

function evaluationNamespace(ref: ReportResourceRef, requestNamespace: string): string {
  if (ref.namespace !== '') return ref.namespace
  if (isClusterScopedKind(ref.apiVersion, ref.kind)) return ''
  return requestNamespace || 'default'
}

function fromDocument(v: JsonValue, source: ResourceSource): Result<InputResource, Problem> {
  if (isObject(v) && isReview(v)) return fromReview(v, source)
  const checked = checkObject(v, '', '')
  if (!checked.ok) return checked
  const ref = refOf(checked.value, '', source)
  return ok({ ref, operation: 'CREATE', object: checked.value, oldObject: null, evaluationNamespace: evaluationNamespace(ref, '') })
}

/** `file, document 2, item 3: message`: where first, as compilers do. */
export function formatInputError(e: InputError): string {
  const where = [e.file, e.document !== undefined ? `document ${e.document + 1}` : undefined, e.item !== undefined ? `item ${e.item + 1}` : undefined]
  const prefix = where.filter((x) => x !== undefined).join(', ')
  return prefix ? `${prefix}: ${e.message}` : e.message
}

/**
 * Decodes a body and checks every resource in it. Bad input never throws: bounds (size, depth,
 * aliases, document and resource counts) and malformed documents come back as an {@link InputError}.
 */
export function parseResources(body: string, opts: InputOptions = {}): Result<InputResource[], InputError> {
  const at = (e: Omit<InputError, 'file'>): InputError => (opts.file === undefined ? e : { ...e, file: opts.file })
  let docs: JsonValue[]
  try {
    docs = decodeDocuments(body, opts.limits ?? DEFAULT_LIMITS)
  } catch (e) {
    if (e instanceof DecodeError) return err(at({ message: e.message }))
    throw e
  }
  const max = opts.maxResources ?? DEFAULT_LIMITS.maxDocuments
  const out: InputResource[] = []
  for (const [document, doc] of docs.entries()) {
    const listed = Array.isArray(doc) || (isObject(doc) && doc.kind === 'List' && Array.isArray(doc.items))
    const items = listed ? flattenItems([doc]) : [doc]
    for (const [i, item] of items.entries()) {
      const source: ResourceSource = listed ? { document, item: i } : { document }
      if (opts.file !== undefined) source.file = opts.file
      const r = fromDocument(item, source)
      if (!r.ok) return err(at({ ...r.error, document, ...(listed ? { item: i } : {}) }))
      if (out.length >= max) return err(at({ message: `more than ${max} resources` }))
      out.push(r.value)
    }
  }
  return ok(out)
}
