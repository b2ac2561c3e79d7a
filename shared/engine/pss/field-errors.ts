/**
 * Field errors as `k8s.io/apimachinery/pkg/util/validation/field` builds and prints them, and the
 * two readings Kyverno makes of them: the printed form in failure messages and the "bad values"
 * matched against `exclude[].values`.
 */
import { goV } from '../../lib/gofmt.ts'
import type { PssBadValue, PssFieldError } from './types.ts'

/** `field.Forbidden(path, "")`, optionally with `withBadValue`. */
export function forbiddenAt(field: string, badValue?: PssBadValue): PssFieldError {
  return badValue === undefined ? { type: 'Forbidden', field } : { type: 'Forbidden', field, badValue }
}

/** `field.Required(path, "")`. */
export function requiredAt(field: string): PssFieldError {
  return { type: 'Required', field }
}

/** `field.Error.Error()`: `<field>: Forbidden` / `<field>: Required value` (the checks never set a detail). */
export function fieldErrorText(e: PssFieldError): string {
  return `${e.field}: ${e.type === 'Required' ? 'Required value' : 'Forbidden'}`
}

/**
 * How Kyverno's `FormatChecksPrint` renders one error: a Forbidden error with a bad value other
 * than `""` reads `<field> is forbidden, forbidden values found: <%+v>`; anything else uses Error().
 */
export function renderFieldError(e: PssFieldError): string {
  if (e.type === 'Forbidden' && e.badValue !== undefined && e.badValue !== '') {
    return `${e.field} is forbidden, forbidden values found: ${goV(e.badValue)}`
  }
  return fieldErrorText(e)
}

/** Kyverno's `extractBadValues`: the strings `exclude[].values` must cover (none for `""`/absent). */
export function badValuesOf(e: PssFieldError): string[] {
  const v = e.badValue
  if (v === undefined || v === '') return []
  if (Array.isArray(v)) return [...v]
  if (typeof v === 'boolean') return [v ? 'true' : 'false']
  return [String(v)]
}

/** Kyverno's `regexIndex.ReplaceAllString(field, "*")`: every run of ASCII digits becomes `*`. */
export function wildcardIndexes(field: string): string {
  let out = ''
  let inDigits = false
  for (const ch of field) {
    const digit = ch >= '0' && ch <= '9'
    if (!digit) out += ch
    else if (!inDigits) out += '*'
    inDigits = digit
  }
  return out
}
