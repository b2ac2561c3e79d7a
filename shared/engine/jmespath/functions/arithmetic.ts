/**
 * Kyverno's arithmetic (`pkg/engine/jmespath/arithmetic.go`): operands are numbers, or strings
 * read first as Kubernetes quantities and then as Go durations (`'1m'` is a milli-quantity, not a
 * minute). Results follow the Go types exactly: quantity text in the left operand's format, Go
 * duration text, float64 maths including `time.Duration(seconds × 1e9)` truncation.
 */
import { formatDuration, parseDuration } from '../../../lib/duration.ts'
import { goFloatV } from '../../../lib/gofmt.ts'
import {
  addQuantities,
  approximateFloat,
  divideQuantitiesTruncated,
  formatQuantityCanonical,
  multiplyQuantities,
  normalize,
  parseK8sQuantity,
  subtractQuantities,
  type Quantity,
  type QuantityDecimal,
} from '../../../lib/quantity.ts'
import { JmesError, fnError } from '../errors.ts'
import type { Value } from '../values.ts'
import { intNumber } from './convert.ts'
import { spec, type FunctionDef } from './types.ts'

type Operand =
  | { kind: 'scalar'; n: number }
  | { kind: 'quantity'; q: Quantity; d: QuantityDecimal }
  | { kind: 'duration'; ns: bigint }

const TWO63 = 2 ** 63
const MIN_INT64 = -(2n ** 63n)

const mismatch = (fn: string): JmesError => fnError(fn, 'Types mismatch')
const zeroDivisor = (fn: string): JmesError => fnError(fn, 'Zero divisor passed')
const nonIntModulo = (): JmesError => fnError('modulo', 'Non-integer argument(s) passed for modulo')

function operands(args: Value[], fn: string): [Operand, Operand] {
  const ops = args.slice(0, 2).map((a): Operand | null => {
    if (typeof a === 'number') return { kind: 'scalar', n: a }
    if (typeof a !== 'string') return null
    const q = parseK8sQuantity(a)
    if (q !== null) return { kind: 'quantity', q: q.quantity, d: q.decimal }
    const ns = parseDuration(a)
    return ns === null ? null : { kind: 'duration', ns }
  })
  if (ops[0] == null || ops[1] == null) throw fnError(fn, 'invalid operands')
  return [ops[0], ops[1]]
}

// Go's time.Duration.Seconds().
const seconds = (ns: bigint): number => Number(ns / 1_000_000_000n) + Number(ns % 1_000_000_000n) / 1e9

// Go's time.Duration(f) for a float: truncation, and the amd64 result for values out of range.
function durationFromFloat(f: number): bigint {
  if (!Number.isFinite(f) || f >= TWO63 || f < -TWO63) return MIN_INT64
  return BigInt(Math.trunc(f))
}

const wrap64 = (x: bigint): bigint => BigInt.asIntN(64, x)
const durationText = (ns: bigint): string => formatDuration(ns)

/** `resource.ParseQuantity(fmt.Sprintf("%v", f))` for the scalar side of quantity maths. */
function scalarQuantity(f: number): Quantity {
  const text = goFloatV(f)
  const q = parseK8sQuantity(text)
  if (q === null) throw new JmesError('function', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")
  return q.quantity
}

function scalarDecimal(f: number): QuantityDecimal {
  return (parseK8sQuantity(goFloatV(f)) as { decimal: QuantityDecimal }).decimal
}

/** `add` and `sum`: the function name only changes the error texts. */
export function add(a: Value, b: Value, fn: string): Value {
  const [x, y] = operands([a, b], fn)
  if (x.kind === 'scalar' && y.kind === 'scalar') return x.n + y.n
  if (x.kind === 'quantity' && y.kind === 'quantity') return formatQuantityCanonical(addQuantities(x.q, y.q))
  if (x.kind === 'duration' && y.kind === 'duration') return durationText(wrap64(x.ns + y.ns))
  throw mismatch(fn)
}

function subtract(a: Value, b: Value): Value {
  const [x, y] = operands([a, b], 'subtract')
  if (x.kind === 'scalar' && y.kind === 'scalar') return x.n - y.n
  if (x.kind === 'quantity' && y.kind === 'quantity') return formatQuantityCanonical(subtractQuantities(x.q, y.q))
  if (x.kind === 'duration' && y.kind === 'duration') return durationText(wrap64(x.ns - y.ns))
  throw mismatch('subtract')
}

function multiply(a: Value, b: Value): Value {
  let [x, y] = operands([a, b], 'multiply')
  if (x.kind === 'scalar' && y.kind === 'scalar') return x.n * y.n
  if (x.kind === 'scalar') [x, y] = [y, x]
  if (y.kind !== 'scalar') throw mismatch('multiply')
  if (x.kind === 'quantity') return formatQuantityCanonical(multiplyQuantities(x.q, scalarQuantity(y.n)))
  if (x.kind === 'duration') return durationText(durationFromFloat(seconds(x.ns) * y.n * 1e9))
  throw mismatch('multiply')
}

function divide(a: Value, b: Value): Value {
  const [x, y] = operands([a, b], 'divide')
  if (x.kind === 'scalar') {
    if (y.kind !== 'scalar') throw mismatch('divide')
    if (y.n === 0) throw zeroDivisor('divide')
    return x.n / y.n
  }
  if (x.kind === 'quantity') {
    if (y.kind === 'quantity') {
      const divisor = approximateFloat(y.d)
      if (divisor === 0) throw zeroDivisor('divide')
      return approximateFloat(x.d) / divisor
    }
    if (y.kind !== 'scalar') throw mismatch('divide')
    if (y.n === 0) throw zeroDivisor('divide')
    const scale = Math.max(x.d.scale, scalarDecimal(y.n).scale)
    return formatQuantityCanonical(divideQuantitiesTruncated(x.q, scalarQuantity(y.n), scale))
  }
  if (y.kind === 'duration') {
    if (seconds(y.ns) === 0) throw zeroDivisor('divide')
    return seconds(x.ns) / seconds(y.ns)
  }
  if (y.kind !== 'scalar') throw mismatch('divide')
  if (y.n === 0) throw zeroDivisor('divide')
  return durationText(durationFromFloat((seconds(x.ns) / y.n) * 1e9))
}

// int64(f) when f is integral and in range, else null (Go's `f != float64(int64(f))` check).
const exactInt = (f: number): bigint | null => (Number.isInteger(f) && f >= -TWO63 && f < TWO63 ? BigInt(f) : null)

function modulo(a: Value, b: Value): Value {
  const [x, y] = operands([a, b], 'modulo')
  if (x.kind === 'scalar' && y.kind === 'scalar') {
    const i1 = exactInt(x.n)
    const i2 = exactInt(y.n)
    if (i1 === null || i2 === null) throw nonIntModulo()
    if (i2 === 0n) throw zeroDivisor('modulo')
    const r = Number(i1 % i2)
    return r === 0 ? 0 : r
  }
  if (x.kind === 'quantity' && y.kind === 'quantity') {
    const i1 = exactInt(approximateFloat(x.d))
    const i2 = exactInt(approximateFloat(y.d))
    if (i1 === null || i2 === null) throw nonIntModulo()
    if (i2 === 0n) throw zeroDivisor('modulo')
    return formatQuantityCanonical(normalize(i1 % i2, 1n, x.q.format))
  }
  if (x.kind === 'duration' && y.kind === 'duration') {
    if (y.ns === 0n) throw zeroDivisor('modulo')
    return durationText(x.ns % y.ns)
  }
  throw mismatch('modulo')
}

// Go's math.Round: half away from zero, exact for values like 0.49999999999999994.
function goRound(x: number): number {
  if (!Number.isFinite(x)) return x
  const t = Math.trunc(x)
  return Math.abs(x - t) >= 0.5 ? t + Math.sign(x) : t
}

export const ARITHMETIC_FUNCTIONS: readonly FunctionDef[] = [
  { name: 'add', args: spec('any', 'any'), call: ([a, b]) => add(a as Value, b as Value, 'add') },
  {
    name: 'sum',
    args: spec('array'),
    call: ([items], env) => {
      const xs = items as Value[]
      if (xs.length === 0) throw fnError('sum', 'at least one element in the array is required')
      env.budget.charge(xs.length)
      return xs.slice(1).reduce<Value>((acc, x) => add(acc, x, 'sum'), xs[0] as Value)
    },
  },
  { name: 'subtract', args: spec('any', 'any'), call: ([a, b]) => subtract(a as Value, b as Value) },
  { name: 'multiply', args: spec('any', 'any'), call: ([a, b]) => multiply(a as Value, b as Value) },
  { name: 'divide', args: spec('any', 'any'), call: ([a, b]) => divide(a as Value, b as Value) },
  { name: 'modulo', args: spec('any', 'any'), call: ([a, b]) => modulo(a as Value, b as Value) },
  {
    name: 'round',
    args: spec('number', 'number'),
    call: ([v, digits]) => {
      const n = intNumber(digits as number)
      if (typeof n === 'string') throw fnError('round', 'Non-integer argument(s) passed for round off')
      // Kyverno formats this message with missing arguments; Go prints them as %!d(MISSING).
      if (n < 0) throw fnError('round', '%!d(MISSING) argument is out of bounds (%!d(MISSING))')
      const shift = Number(`1e${n}`)
      return goRound((v as number) * shift) / shift
    },
  },
]
