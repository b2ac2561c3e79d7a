/** The contract between the interpreter and the function table. */
import type { Ast } from '../ast.ts'
import type { Budget } from '../limits.ts'
import type { SearchOptions } from '../options.ts'
import type { Value } from '../values.ts'

/** go-jmespath argument types (`JpType`). */
export type ArgType = 'number' | 'string' | 'array' | 'object' | 'array[number]' | 'array[string]' | 'expref' | 'any'

export interface ArgSpec {
  readonly types: readonly ArgType[]
  readonly variadic?: boolean
}

/** What a function may use while running: the step budget, `&expr` evaluation and the options. */
export interface CallEnv {
  readonly budget: Budget
  readonly opts: SearchOptions
  /** Evaluates an expression reference against a value (errors propagate). */
  evaluate(node: Ast, value: Value): Value
}

export interface FunctionDef {
  readonly name: string
  /** Empty means "no checks at all", as go-jmespath does for `time_now`. */
  readonly args: readonly ArgSpec[]
  call(args: Value[], env: CallEnv): Value
}

/** Shorthand for argument specs: `spec('string', ['string', 'number'])`. */
export function spec(...args: (ArgType | readonly ArgType[])[]): ArgSpec[] {
  return args.map((a) => ({ types: typeof a === 'string' ? [a] : a }))
}
