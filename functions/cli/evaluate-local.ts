/**
 * `verdict evaluate --policies …`: the offline mode. Same decoding, engine and report as the
 * hosted `POST /v1/evaluate`, with policies read from disk. Any input or policy problem stops the
 * run with exit 2 before anything is evaluated.
 */
import { buildReport, formatInputError, loadPolicyTexts, parseResources, type InputResource } from '../../shared/report/index.ts'
import { findPolicyFiles, readInputs, readPolicyFiles } from './evaluate-files.ts'
import { CLI_LIMITS, CLI_MAX_RESOURCES, emitReport, fail, type EvaluateDeps, type EvaluateFlags } from './evaluate-io.ts'

/** Runs an offline evaluation and returns the exit code. */
export async function runLocalEvaluate(paths: readonly string[], flags: EvaluateFlags, deps: EvaluateDeps): Promise<number> {
  const { io } = deps
  const inputs = await readInputs(paths, deps.readStdin)
  if (!inputs.ok) return fail(io, inputs.error)
  const resources: InputResource[] = []
  for (const input of inputs.value) {
    const opts = { limits: CLI_LIMITS, maxResources: CLI_MAX_RESOURCES }
    const parsed = parseResources(input.text, input.file === undefined ? opts : { ...opts, file: input.file })
    if (!parsed.ok) return fail(io, formatInputError({ ...parsed.error, file: input.label }))
    resources.push(...parsed.value)
    if (resources.length > CLI_MAX_RESOURCES) return fail(io, `more than ${CLI_MAX_RESOURCES} resources in total`)
  }
  if (resources.length === 0) return fail(io, `no resources found in ${paths.join(', ')}`)

  const policyPaths = flags.policies ?? []
  const files = findPolicyFiles(policyPaths)
  if (!files.ok) return fail(io, files.error)
  const texts = readPolicyFiles(files.value)
  if (!texts.ok) return fail(io, texts.error)
  const loaded = loadPolicyTexts(texts.value, { strict: !flags.lenient, limits: CLI_LIMITS })
  if (!loaded.ok) return fail(io, ...loaded.error)
  for (const w of loaded.value.warnings) io.err(`Warning: ${w}\n`)
  // With no policy everything "passes": a gate pointed at the wrong directory must say so instead.
  if (loaded.value.policies.length === 0) return fail(io, `no Kyverno policies found in ${policyPaths.join(', ')}`)

  const report = buildReport(loaded.value.policies, resources, { now: deps.now })
  return emitReport(report, flags, io)
}
