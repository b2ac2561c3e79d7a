/**
 * `verdict evaluate --remote URL --policy-set NAME`: the files are checked locally (so a bad file
 * is named here, where its path is known), sent as one YAML stream to `POST /v1/evaluate`, and the
 * JSON answer is validated against the report schema and rendered locally. Rendering here rather
 * than asking the server for SARIF or JUnit keeps the exit code tied to a checked verdict, makes
 * remote and offline output identical, and lets SARIF point at the user's files, which the server
 * never sees.
 */
import { decodeDocuments, DecodeError } from '../../shared/kube/decode.ts'
import { err, ok, type Result } from '../../shared/lib/result.ts'
// Module by module, not the report index: the remote mode never loads the engine.
import { oneLine } from '../../shared/report/format/index.ts'
import { formatInputError, parseResources } from '../../shared/report/inputs.ts'
import { EvaluationReport } from '../../shared/report/schema.ts'
import { readInputs, type InputText } from './evaluate-files.ts'
import { CLI_LIMITS, emitReport, fail, type EvaluateDeps, type EvaluateFlags } from './evaluate-io.ts'

export const API_KEY_VARIABLE = 'VERDICT_API_KEY'
const SEPARATOR = '\n---\n'
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/** `<base>/v1/evaluate?policySet=NAME&format=json`, keeping any path prefix of the base URL. */
export function evaluateUrl(base: string, policySet: string): Result<URL, string> {
  let url: URL
  try {
    url = new URL(base)
  } catch {
    return err(`--remote ${JSON.stringify(base)} is not a URL`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return err(`--remote must be an http(s) URL, got ${url.protocol}`)
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/evaluate`
  url.search = ''
  url.hash = ''
  url.searchParams.set('policySet', policySet)
  url.searchParams.set('format', 'json')
  return ok(url)
}

/** Per input, how many documents it holds, so the server's document numbers can be mapped back to files. */
function documentCounts(inputs: readonly InputText[], body: string): number[] | undefined {
  const counts = inputs.map((i) => decodeDocuments(i.text, CLI_LIMITS).length)
  // Concatenation can only merge or split documents in odd streams (directives); then leave sources unmapped.
  const total = decodeDocuments(body, CLI_LIMITS).length
  return total === counts.reduce((a, b) => a + b, 0) ? counts : undefined
}

/** Rewrites `source.document` (an index into the whole body) as a file and an index within it. */
export function mapSources(report: EvaluationReport, inputs: readonly Pick<InputText, 'file'>[], counts: readonly number[]): void {
  for (const { resource } of report.resources) {
    const src = resource.source
    if (!src) continue
    let offset = 0
    for (const [i, count] of counts.entries()) {
      if (src.document < offset + count) {
        src.document -= offset
        const file = inputs[i]?.file
        if (file !== undefined) src.file = file
        break
      }
      offset += count
    }
  }
}

function describeFailure(e: unknown): string {
  const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : ''
  if (e instanceof Error && e.name === 'TimeoutError') return 'timed out'
  return `${e instanceof Error ? e.message : String(e)}${cause}`
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

/** The server's error envelope message if there is one, else the start of the body; made safe for a terminal. */
function errorText(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body)
    const m = (parsed as { error?: { message?: unknown } } | null)?.error?.message
    if (typeof m === 'string') return oneLine(m)
  } catch {
    // Not JSON: show the text itself.
  }
  return oneLine(body.slice(0, 500))
}

/** Runs a remote evaluation and returns the exit code. */
export async function runRemoteEvaluate(paths: readonly string[], flags: EvaluateFlags, deps: EvaluateDeps): Promise<number> {
  const { io } = deps
  const key = deps.env[API_KEY_VARIABLE]
  if (!key) return fail(io, `${API_KEY_VARIABLE} is not set: --remote sends it as the API key (Authorization: Bearer); export it first`)
  const url = evaluateUrl(flags.remote ?? '', flags.policySet ?? '')
  if (!url.ok) return fail(io, url.error)
  const seconds = Number(flags.timeout)
  if (!Number.isFinite(seconds) || seconds <= 0) return fail(io, `--timeout must be a positive number of seconds, got ${JSON.stringify(flags.timeout)}`)
  if (url.value.protocol === 'http:' && !LOOPBACK.has(url.value.hostname)) io.err(`Warning: sending the API key over plain http to ${url.value.host}\n`)

  const inputs = await readInputs(paths, deps.readStdin)
  if (!inputs.ok) return fail(io, inputs.error)
  let resources = 0
  for (const input of inputs.value) {
    const parsed = parseResources(input.text, { limits: CLI_LIMITS })
    if (!parsed.ok) return fail(io, formatInputError({ ...parsed.error, file: input.label }))
    resources += parsed.value.length
  }
  if (resources === 0) return fail(io, `no resources found in ${paths.join(', ')}`)
  const body = inputs.value.map((i) => i.text).join(SEPARATOR)
  let counts: number[] | undefined
  try {
    counts = documentCounts(inputs.value, body)
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e
    return fail(io, `the files do not join into one YAML stream: ${e.message}`)
  }
  const json = inputs.value.length === 1 && isJson(body)

  let response: Response
  try {
    response = await deps.fetch(url.value, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': json ? 'application/json' : 'application/yaml', accept: 'application/json' },
      body,
      // A redirect would resend the key to wherever it points; the user should name the final URL.
      redirect: 'error',
      signal: AbortSignal.timeout(seconds * 1000),
    })
  } catch (e) {
    return fail(io, `POST ${url.value.origin}${url.value.pathname} failed: ${describeFailure(e)}`)
  }
  const text = await response.text()
  if (!response.ok) return fail(io, `${url.value.origin} answered ${response.status}: ${errorText(text)}`)
  let answer: unknown
  try {
    answer = JSON.parse(text)
  } catch {
    return fail(io, `${url.value.origin} answered with something that is not JSON: ${errorText(text)}`)
  }
  const report = EvaluationReport.safeParse(answer)
  if (!report.success) return fail(io, `${url.value.origin} answered with an unexpected report: ${oneLine(report.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))}`)
  if (counts) mapSources(report.data, inputs.value, counts)
  return emitReport(report.data, flags, io)
}
