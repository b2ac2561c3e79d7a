/**
 * The texts an admission answer carries: Kyverno's "blocked" message for denials, and warnings
 * shaped to what the API server will actually pass on to the client.
 */

/** Kubernetes truncates and drops warnings beyond these bounds; we apply them ourselves so the cut is visible. */
export const MAX_WARNINGS = 64
export const MAX_WARNING_LENGTH = 256

/** One rule that blocks the request. */
export interface BlockingRule {
  policy: string
  rule: string
  message: string
}

/**
 * Kyverno's denial message: the resource, then each policy with its blocking rules, in evaluation
 * order. Kyverno builds the list with `yaml.Marshal` of a map (sorted keys, YAML quoting); we keep
 * evaluation order and the raw messages, so the text reads the same but is stable and unquoted.
 * Continuation lines of a multi-line message are indented under their rule.
 *
 * @example blockedMessage('Pod/prod/web', [{ policy: 'require-labels', rule: 'check', message: 'label app is required' }])
 * // 'resource Pod/prod/web was blocked due to the following policies\n\nrequire-labels:\n  check: label app is required'
 */
export function blockedMessage(resource: string, rules: readonly BlockingRule[]): string {
  const byPolicy = new Map<string, BlockingRule[]>()
  for (const r of rules) {
    const list = byPolicy.get(r.policy)
    if (list) list.push(r)
    else byPolicy.set(r.policy, [r])
  }
  const sections = [...byPolicy].map(
    ([policy, list]) => `${policy}:\n${list.map((r) => `  ${r.rule}: ${r.message.replaceAll('\n', '\n    ')}`).join('\n')}`,
  )
  return `resource ${resource} was blocked due to the following policies\n\n${sections.join('\n')}`
}

/** Kyverno's warning text for one rule: `policy <policy>.<rule>: <message>`. */
export function ruleWarning(policy: string, rule: string, message: string): string {
  return `policy ${policy}.${rule}: ${message}`
}

// A warning travels as an HTTP `Warning` header; the API server drops one that holds control
// characters, so they become spaces rather than silently losing the whole warning.
const CONTROL = /[\u0000-\u001f\u007f]+/g

function truncate(text: string): string {
  const chars = Array.from(text)
  if (chars.length <= MAX_WARNING_LENGTH) return text
  return `${chars.slice(0, MAX_WARNING_LENGTH - 3).join('')}...`
}

/**
 * Warnings as Kubernetes will show them: control characters replaced, each at most
 * {@link MAX_WARNING_LENGTH} characters (code points; cut ones end in `...`), and at most
 * {@link MAX_WARNINGS} entries, the last of which then says how many were left out.
 */
export function capWarnings(warnings: readonly string[]): string[] {
  const clean = warnings.map((w) => truncate(w.replace(CONTROL, ' ')))
  if (clean.length <= MAX_WARNINGS) return clean
  const kept = clean.slice(0, MAX_WARNINGS - 1)
  kept.push(`verdict: ${clean.length - kept.length} more warnings not shown`)
  return kept
}
