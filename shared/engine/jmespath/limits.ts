/**
 * Work bounds. Expressions and data come from policies and requests we do not control, and the
 * engine runs inside a request budget, so every loop the interpreter runs is paid for here.
 */
import { limitError } from './errors.ts'

export const LIMITS = {
  /** Longest expression accepted (characters). */
  expressionLength: 4096,
  /** Deepest AST accepted; also bounds interpreter recursion. */
  astDepth: 256,
  /** Node visits plus per-element work charged by functions, per search. */
  steps: 200_000,
  /** Longest array any step may produce. */
  arrayLength: 100_000,
  /** Longest string any step may produce (UTF-16 units). */
  stringLength: 1_000_000,
  /** Nodes + string characters of a search result (bounds results that share sub-trees). */
  resultWeight: 10_000_000,
  /** Regex pattern and input caps for the regex functions. */
  regexPattern: 1_000,
  regexInput: 100_000,
  /** Compiled expressions and regexes kept. */
  astCacheSize: 1_000,
  regexCacheSize: 256,
} as const

/** A step counter shared by one evaluation. */
export class Budget {
  #used = 0

  constructor(private readonly max: number = LIMITS.steps) {}

  /** Charges `n` steps; throws a `limit` JmesError when the budget is gone. */
  charge(n = 1): void {
    this.#used += n
    if (this.#used > this.max) throw limitError(`more than ${this.max} evaluation steps`)
  }

  get used(): number {
    return this.#used
  }
}

export function checkArrayLength(n: number): void {
  if (n > LIMITS.arrayLength) throw limitError(`array longer than ${LIMITS.arrayLength} elements`)
}

export function checkStringLength(n: number): void {
  if (n > LIMITS.stringLength) throw limitError(`string longer than ${LIMITS.stringLength} characters`)
}
