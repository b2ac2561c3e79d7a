/** The substitution error: Kyverno's message text plus the variable and document path it concerns. */
export class SubstitutionError {
  constructor(
    /** Kyverno's text, e.g. `failed to resolve x at path /a: JMESPath query failed: Unknown key "x" in path`. */
    readonly message: string,
    /** The variable (or `$()` reference) as queried; `''` when the error is not about one variable. */
    readonly variable: string,
    /** JSON pointer of the leaf in the substituted document (`''` for the root). */
    readonly path: string,
  ) {}

  toString(): string {
    return this.message
  }
}
