/**
 * Reading request bodies: a size limit enforced while reading (not trusting Content-Length), an
 * allow-list of content types, and bounded YAML/JSON decoding.
 */
import type { Context } from 'hono'
import { ApiError } from './errors.ts'
import { DecodeError, decodeDocuments, DEFAULT_LIMITS } from '../kube/decode.ts'
import type { JsonValue } from '../lib/json.ts'

export const MAX_BODY_BYTES = 1024 * 1024

const TYPES = ['application/json', 'application/yaml', 'application/x-yaml', 'text/yaml', 'text/plain', 'application/merge-patch+json']

/** The body as text, at most `max` bytes; 413 beyond, 415 for an unexpected content type. */
export async function readText(c: Context, max = MAX_BODY_BYTES): Promise<string> {
  const type = (c.req.header('content-type') ?? 'application/json').split(';')[0]?.trim().toLowerCase() ?? ''
  if (!TYPES.includes(type)) throw new ApiError('unsupported_media_type', `content type "${type}" is not supported; send JSON or YAML`)
  const all = await readBytes(c.req.raw, max)
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(all)
  } catch {
    throw new ApiError('bad_request', 'body is not valid UTF-8')
  }
}

/**
 * The raw body, at most `max` bytes: a declared Content-Length beyond it fails at once; without
 * one the stream is counted while reading, so a missing Content-Length cannot make us buffer more.
 */
export async function readBytes(req: Request, max = MAX_BODY_BYTES): Promise<Uint8Array<ArrayBuffer>> {
  const header = req.headers.get('content-length')
  const declared = Number(header ?? '0')
  if (declared > max) throw new ApiError('payload_too_large', `body larger than ${max} bytes`)
  if (header !== null && Number.isSafeInteger(declared) && declared >= 0 && Object.getPrototypeOf(req) !== Request.prototype) {
    // A runtime's own request object (the Node adapter's) reads a whole body straight off the socket,
    // while its `body` stream costs more than the rest of a warm admission request; a standard Request
    // (undici, workerd) is the other way round. The declared length frames the body on every transport
    // the app runs behind (HTTP/1.1, Workers, API Gateway), so the whole read is bounded; checked again.
    const all = new Uint8Array(await req.arrayBuffer())
    if (all.byteLength > max) throw new ApiError('payload_too_large', `body larger than ${max} bytes`)
    return all
  }
  const body = req.body
  if (!body) return new Uint8Array(0)
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      await reader.cancel()
      throw new ApiError('payload_too_large', `body larger than ${max} bytes`)
    }
    chunks.push(value)
  }
  const all = new Uint8Array(size)
  let off = 0
  for (const ch of chunks) {
    all.set(ch, off)
    off += ch.byteLength
  }
  return all
}

/**
 * Puts a limit on the request body for everything downstream: a declared Content-Length beyond
 * `max` fails at once; otherwise the body is wrapped so that reading past `max` bytes fails, and the
 * returned function says whether that happened. Nothing is read here, so a caller that fails
 * authentication never gets its body read. Needed because Hono's JSON validator reads bodies with
 * no limit of its own (and turns a read error into "malformed JSON": the app then answers 413).
 */
export function limitBody(c: Context, max = MAX_BODY_BYTES): () => boolean {
  const declared = Number(c.req.header('content-length') ?? '0')
  if (declared > max) throw new ApiError('payload_too_large', `body larger than ${max} bytes`)
  const body = c.req.raw.body
  if (!body) return () => false
  let size = 0
  let exceeded = false
  const limited = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.byteLength
        if (size > max) {
          exceeded = true
          controller.error(new ApiError('payload_too_large', `body larger than ${max} bytes`))
          return
        }
        controller.enqueue(chunk)
      },
    }),
  )
  // A stream body needs `duplex: 'half'` (Node); the DOM typings do not know the field yet.
  c.req.raw = new Request(c.req.raw, { body: limited, duplex: 'half' } as RequestInit)
  return () => exceeded
}

/** The body's YAML/JSON documents (multi-document streams allowed), decoded within bounds. */
export async function readDocuments(c: Context, max = MAX_BODY_BYTES): Promise<JsonValue[]> {
  const text = await readText(c, max)
  if (text.trim() === '') throw new ApiError('bad_request', 'the request body is empty')
  try {
    return decodeDocuments(text, { ...DEFAULT_LIMITS, maxBytes: max })
  } catch (e) {
    if (e instanceof DecodeError) throw new ApiError('bad_request', `invalid YAML/JSON: ${e.message}`)
    throw e
  }
}
