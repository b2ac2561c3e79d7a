/**
 * `$( )` references (Kyverno's `substituteReferences`): a path into the *document being
 * substituted*, relative to the leaf (`./../max`) or absolute (`/spec/max`), with an optional
 * comparison operator kept in front of the value (`$(<=./../max)` → `<=5.000000`).
 */
import { goV } from '../../lib/gofmt.ts'
import { Int64, isObject, type JsonValue } from '../../lib/json.ts'
import { goJoinPath } from '../jmespath/index.ts'
import { SubstitutionError } from './errors.ts'
import { findReferenceMatches, referenceMatcher, unescapeMatches } from '../../lib/unescaped-scan.ts'
import { removeAnchorsFromPath } from './pointer.ts'

/** Kyverno's `RegexReferences.FindAllString`: `^\$\(.[^ ]*\)|[^\\]\$\(.[^ ]*\)`. */
export const findReferences = findReferenceMatches

/** Kyverno's `RegexEscpReferences` pass: `\$(…)` → `$(…)`. */
function unescapeReferences(s: string): string {
  if (!s.includes('\\$(')) return s
  const end = referenceMatcher(s)
  return unescapeMatches(s, (pos) => end(pos + 1))
}

const IN_RANGE = /^([-|+]?\d+(?:\.\d+)?[A-Za-z]*)-([-|+]?\d+(?:\.\d+)?[A-Za-z]*)$/
const NOT_IN_RANGE = /^([-|+]?\d+(?:\.\d+)?[A-Za-z]*)!-([-|+]?\d+(?:\.\d+)?[A-Za-z]*)$/

/** `operator.GetOperatorFromStringPattern`. */
function operatorOf(p: string): string {
  if (p.length < 2) return ''
  for (const op of ['>=', '<=', '>', '<', '!']) if (p.startsWith(op)) return op
  if (NOT_IN_RANGE.test(p)) return '!-'
  if (IN_RANGE.test(p)) return '-'
  return ''
}

/**
 * Every leaf and key text of the original document by its anchor-free path; when several share a
 * path (keys of one map, or anchored twins) the last visited wins, as in Kyverno's traversal.
 */
export function indexDocument(doc: JsonValue): Map<string, JsonValue> {
  const index = new Map<string, JsonValue>()
  const walk = (v: JsonValue, p: string): void => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${p}/${i}`))
    else if (isObject(v)) {
      const clean = removeAnchorsFromPath(p)
      for (const k of Object.keys(v)) {
        index.set(clean, k)
        walk(v[k] as JsonValue, `${p}/${k}`)
      }
    } else index.set(removeAnchorsFromPath(p), v)
  }
  walk(doc, '')
  return index
}

// Go's `%f`, which never switches to exponent form.
function percentF(n: number): string {
  if (Math.abs(n) >= 1e21) return `${BigInt(n)}.000000`
  const s = n.toFixed(6)
  return Object.is(n, -0) ? `-${s}` : s
}

type Resolved = { value: JsonValue | undefined } | { error: string }

function resolve(index: () => Map<string, JsonValue>, reference: string, leafPath: string): Resolved {
  let p = reference.replace(/^[$()]+|[$()]+$/g, '')
  const op = operatorOf(p)
  p = p.slice(op.length)
  if (p === '') return { error: 'expected path, found empty reference' }
  const target = p.startsWith('/') ? p : goJoinPath(leafPath, p)
  const v = index().get(target)
  if (op === '') return { value: v }
  const raw = v as unknown
  if (typeof raw === 'string') return { value: op + raw }
  if (raw instanceof Int64) return { value: op + String(raw.value) }
  if (typeof raw === 'number') return { value: op + percentF(raw) }
  return { error: `incorrect expression: operator ${op} does not match with value ${goV(raw ?? null, 'float')}` }
}

/**
 * Resolves the `$( )` references of one string leaf or key at `path`; `index` gives the original
 * document's {@link indexDocument} (built lazily by the caller, once).
 */
export function substituteReferences(value: string, index: () => Map<string, JsonValue>, path: string): string {
  let out = value
  for (const m of findReferences(value)) {
    const r = resolve(index, m.text, path)
    if ('error' in r) throw new SubstitutionError(`failed to resolve ${m.text} at path ${path}: ${r.error}`, m.text, path)
    if (r.value === undefined || r.value === null) {
      throw new SubstitutionError(`got nil resolved variable ${m.text} at path ${path}: <nil>`, m.text, path)
    }
    if (typeof r.value !== 'string') {
      throw new SubstitutionError(`NotResolvedReferenceErr,reference ${m.text} not resolved at path ${path}`, m.text, path)
    }
    const at = out.indexOf(m.prefix + m.text)
    if (at >= 0) out = out.slice(0, at) + m.prefix + r.value + out.slice(at + m.prefix.length + m.text.length)
  }
  return unescapeReferences(out)
}
