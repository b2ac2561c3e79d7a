/**
 * Decoding untrusted manifests: multi-document YAML or JSON, with bounds on size, nesting depth and
 * YAML aliases so that a "billion laughs" document or a 10,000-level nest fails cleanly instead of
 * exhausting memory or the stack.
 *
 * YAML 1.1 rules are used because Kubernetes (sigs.k8s.io/yaml, go-yaml v2) reads manifests that
 * way: `yes`/`on` are booleans and `<<` merge keys work, exactly as `kubectl apply` would see them.
 */
import { parseAllDocuments } from 'yaml'
import { isObject, setKey, type JsonObject, type JsonValue } from '../lib/json.ts'

export interface DecodeLimits {
  /** Bytes of input text. */
  maxBytes: number
  /** Nesting depth of any decoded value. */
  maxDepth: number
  /** Documents in one stream. */
  maxDocuments: number
  /** Alias nodes resolved per document (YAML's own counter, which also weighs what each alias expands to). */
  maxAliasCount: number
}

export const DEFAULT_LIMITS: DecodeLimits = { maxBytes: 5 * 1024 * 1024, maxDepth: 100, maxDocuments: 5_000, maxAliasCount: 100 }

export class DecodeError extends Error {
  constructor(
    message: string,
    /** 0-based index of the document that failed, when known. */
    readonly document?: number,
  ) {
    super(message)
    this.name = 'DecodeError'
  }
}

/** Re-creates a value as plain own-property objects (no `__proto__` setter surprises) and checks depth. */
function sanitize(v: unknown, depth: number, limits: DecodeLimits, doc: number): JsonValue {
  if (depth > limits.maxDepth) throw new DecodeError(`document nested deeper than ${limits.maxDepth} levels`, doc)
  if (v === null || v === undefined) return null
  if (typeof v === 'string' || typeof v === 'boolean') return v
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new DecodeError('numbers must be finite', doc)
    return v
  }
  if (typeof v === 'bigint') return Number(v)
  if (v instanceof Date) return v.toISOString()
  if (Array.isArray(v)) return v.map((x) => sanitize(x, depth + 1, limits, doc))
  if (v instanceof Map) {
    const out: JsonObject = {}
    for (const [k, x] of v) setKey(out, String(k), sanitize(x, depth + 1, limits, doc))
    return out
  }
  if (typeof v === 'object') {
    const out: JsonObject = {}
    for (const k of Object.keys(v)) setKey(out, k, sanitize((v as Record<string, unknown>)[k], depth + 1, limits, doc))
    return out
  }
  throw new DecodeError(`unsupported value of type ${typeof v}`, doc)
}

/**
 * Decodes a YAML or JSON stream into its documents (empty documents dropped). Throws
 * {@link DecodeError} with a message fit for a 400 response.
 */
export function decodeDocuments(text: string, limits: DecodeLimits = DEFAULT_LIMITS): JsonValue[] {
  if (text.length > limits.maxBytes) throw new DecodeError(`input larger than ${limits.maxBytes} bytes`)
  let docs: ReturnType<typeof parseAllDocuments>
  try {
    docs = parseAllDocuments(text, {
      version: '1.1',
      merge: true,
      uniqueKeys: false,
      prettyErrors: false,
      // Keep `10:30` and `2021-01-01` as the strings Kubernetes' decoder leaves them as, not base-60
      // numbers or Dates.
      customTags: (tags) => tags.filter((t) => typeof t === 'string' || (t.format !== 'TIME' && t.tag !== 'tag:yaml.org,2002:timestamp')),
    })
  } catch (err) {
    // The parser recurses per nesting level; a stack overflow means a hostile nest, not a bug.
    if (err instanceof RangeError) throw new DecodeError(`document nested deeper than ${limits.maxDepth} levels`)
    throw new DecodeError(`cannot parse: ${(err as Error).message.split('\n')[0]}`)
  }
  const list = Array.isArray(docs) ? docs : [docs]
  if (list.length > limits.maxDocuments) throw new DecodeError(`more than ${limits.maxDocuments} documents`)
  const out: JsonValue[] = []
  list.forEach((doc, i) => {
    const e = doc.errors[0]
    if (e && /call stack/i.test(e.message)) throw new DecodeError(`document nested deeper than ${limits.maxDepth} levels`, i)
    if (e) throw new DecodeError(`document ${i + 1}: ${e.message.split('\n')[0]}`, i)
    if (doc.contents === null) return
    let js: unknown
    try {
      js = doc.toJS({ maxAliasCount: limits.maxAliasCount, mapAsMap: true })
    } catch (err) {
      if (err instanceof RangeError) throw new DecodeError(`document nested deeper than ${limits.maxDepth} levels`, i)
      throw new DecodeError(`document ${i + 1}: ${(err as Error).message.split('\n')[0]}`, i)
    }
    if (js === null || js === undefined) return
    out.push(sanitize(js, 0, limits, i))
  })
  return out
}

/** Flattens `v1 List` documents and JSON arrays into their items. */
export function flattenItems(docs: JsonValue[]): JsonValue[] {
  const out: JsonValue[] = []
  for (const d of docs) {
    if (Array.isArray(d)) out.push(...flattenItems(d))
    else if (isObject(d) && d.kind === 'List' && Array.isArray(d.items)) out.push(...flattenItems(d.items))
    else out.push(d)
  }
  return out
}
