/** Options of a search: everything impure (clock, YAML parsing) comes in from the caller. */
import type { JsonValue } from '../../lib/json.ts'
import type { Result } from '../../lib/result.ts'

export interface SearchOptions {
  /** Clock for `time_now`, `time_now_utc` and `time_since` with an empty end; without it they fail. */
  now?: (() => Date) | undefined
  /**
   * YAML→JSON decoder for `parse_yaml` (Kyverno uses sigs.k8s.io/yaml). Injected so this module
   * stays dependency-free; without it `parse_yaml` reports that it is unsupported.
   */
  parseYaml?: ((text: string) => Result<JsonValue, string>) | undefined
}
