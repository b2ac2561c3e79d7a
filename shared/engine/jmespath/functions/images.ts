/**
 * `image_normalize`: Kyverno's `GetImageInfo(image).String()` — the default registry `docker.io`
 * is added when the first path component is not a registry, the tag defaults to `latest`, and a
 * digest wins over a tag. Parsing follows `github.com/distribution/reference.Parse` and
 * `go-digest` validation, with their error texts.
 */
import { err, ok, type Result } from '../../../lib/result.ts'

const DEFAULT_REGISTRY = 'docker.io'

const ALNUM = '[a-z0-9]+'
const SEPARATOR = '(?:[._]|__|[-]+)'
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`
const REMOTE_NAME = `${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])'
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])`
const DOMAIN = `${HOST}(?::[0-9]+)?`
const NAME = `(?:${DOMAIN}/)?${REMOTE_NAME}`
const TAG = '[\\w][\\w.-]{0,127}'
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}'
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`)
const ANCHORED_NAME = new RegExp(`^(?:(${DOMAIN})/)?(${REMOTE_NAME})$`)
const DIGEST_ANCHORED = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/
const DIGEST_SIZES: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 }

function validateDigest(d: string): string | null {
  const i = d.indexOf(':')
  if (i <= 0 || i + 1 === d.length) return 'invalid checksum digest format'
  const alg = d.slice(0, i)
  const encoded = d.slice(i + 1)
  const size = Object.prototype.hasOwnProperty.call(DIGEST_SIZES, alg) ? DIGEST_SIZES[alg] : undefined
  if (size === undefined) return DIGEST_ANCHORED.test(d) ? 'unsupported digest algorithm' : 'invalid checksum digest format'
  if (encoded.length !== size) return 'invalid checksum digest length'
  return /^[a-f0-9]+$/.test(encoded) ? null : 'invalid checksum digest format'
}

/** `reference.Parse`: domain, path, tag and digest, or the library's error text. */
export function parseReference(s: string): Result<{ domain: string; path: string; tag: string; digest: string }, string> {
  const m = REFERENCE.exec(s)
  if (m === null) {
    if (s === '') return err('repository name must have at least one component')
    if (REFERENCE.test(s.toLowerCase())) return err('invalid reference format: repository name must be lowercase')
    return err('invalid reference format')
  }
  const name = m[1] as string
  const nm = ANCHORED_NAME.exec(name)
  const domain = nm?.[1] ?? ''
  const path = nm?.[2] ?? name
  if (path.length > 255) return err('repository name must not be more than 255 characters')
  const digest = m[3] ?? ''
  if (digest !== '') {
    const bad = validateDigest(digest)
    if (bad !== null) return err(bad)
  }
  return ok({ domain, path, tag: m[2] ?? '', digest })
}

function addDefaultRegistry(name: string): string {
  const i = name.indexOf('/')
  if (i === -1) return `${DEFAULT_REGISTRY}/${name}`
  const first = name.slice(0, i)
  if (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first) return `${DEFAULT_REGISTRY}/${name}`
  return name
}

/** The normalized reference, or the error text Kyverno wraps in `JMESPath function 'image_normalize': …`. */
export function normalizeImage(image: string): Result<string, string> {
  // Names over 255 characters are rejected anyway; the cap keeps the regexes linear in practice.
  if (image.length > 2048) return err(`bad image: ${image}, defaultRegistry: ${DEFAULT_REGISTRY}, enableDefaultRegistryMutation: true: invalid reference format`)
  const full = addDefaultRegistry(image)
  const r = parseReference(full)
  if (!r.ok) return err(`bad image: ${full}, defaultRegistry: ${DEFAULT_REGISTRY}, enableDefaultRegistryMutation: true: ${r.error}`)
  const { domain, path, digest } = r.value
  const tag = digest === '' && r.value.tag === '' ? 'latest' : r.value.tag
  const base = domain !== '' ? `${domain}/${path}` : path
  return ok(digest !== '' ? `${base}@${digest}` : `${base}:${tag}`)
}
