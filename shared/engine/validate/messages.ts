/** The result texts of §7 and §8, exactly as Kyverno's validate handler words them. */

/** `validate.message` with a `.` appended unless it already ends with one. */
export function withPeriod(message: string): string {
  return message.endsWith('.') ? message : `${message}.`
}

/** `validation error: [<msg> ]rule <rule> failed at path <path>` or `… execution error: <text>` when `path` is empty. */
export function patternErrorMessage(rule: string, message: string | undefined, text: string, path: string): string {
  const prefix = message ? `validation error: ${withPeriod(message)} rule ${rule}` : `validation error: rule ${rule}`
  return path !== '' ? `${prefix} failed at path ${path}` : `${prefix} execution error: ${text}`
}

/** `validation error: [<msg> ]<entries joined by a space>`. */
export function anyPatternErrorMessage(message: string | undefined, entries: readonly string[]): string {
  const joined = entries.join(' ')
  return message ? `validation error: ${withPeriod(message)} ${joined}` : `validation error: ${joined}`
}
