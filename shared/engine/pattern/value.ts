/**
 * One resource value against one scalar pattern (Kyverno's `pattern.Validate`). Booleans, numbers
 * and null compare by Go's typed rules; strings go through {@link matchStringPattern}.
 */
import { isObject } from '../../lib/json.ts'
import { goNumber, parseGoFloat, parseGoInt, type GoNumber, type NumberModes } from './numbers.ts'
import { matchStringPattern } from './string-pattern.ts'

/**
 * True when `value` satisfies the scalar `pattern`. A map pattern only requires a map; an array
 * pattern never matches here (the tree walk handles arrays).
 *
 * @example matchValue('nginx:1.2', '!*:latest', { resource: 'int', pattern: 'int' }) // true
 */
export function matchValue(value: unknown, pattern: unknown, modes: NumberModes): boolean {
  if (typeof pattern === 'boolean') return typeof value === 'boolean' && value === pattern
  if (typeof pattern === 'string') return matchStringPattern(value, pattern, modes.resource)
  if (pattern === null || pattern === undefined) return matchNull(value, modes)
  const p = goNumber(pattern, modes.pattern)
  if (p) return p.kind === 'int' ? matchInt(value, p.value, modes) : matchFloat(value, p.value, modes)
  if (Array.isArray(pattern)) return false
  if (isObject(pattern)) return isObject(value)
  return false
}

function matchInt(value: unknown, pattern: number, modes: NumberModes): boolean {
  if (typeof value === 'string') {
    const parsed = parseGoInt(value)
    return parsed !== null && parsed === BigInt(pattern)
  }
  const v: GoNumber | null = goNumber(value, modes.resource)
  if (!v) return false
  // A float64 resource must be whole before Go converts it to int64.
  if (v.kind === 'float' && !Number.isInteger(v.value)) return false
  return v.value === pattern
}

function matchFloat(value: unknown, pattern: number, modes: NumberModes): boolean {
  if (typeof value === 'string') return parseGoFloat(value) === pattern
  const v = goNumber(value, modes.resource)
  if (!v) return false
  // An int64 resource only equals a float pattern that has no fraction.
  if (v.kind === 'int' && !Number.isInteger(pattern)) return false
  return v.value === pattern
}

/** A null pattern accepts the zero value of every scalar type, and nothing else. */
function matchNull(value: unknown, modes: NumberModes): boolean {
  if (value === null || value === undefined) return true
  if (typeof value === 'string') return value === ''
  if (typeof value === 'boolean') return !value
  const v = goNumber(value, modes.resource)
  return v !== null && v.value === 0
}
