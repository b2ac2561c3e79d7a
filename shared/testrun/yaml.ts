/**
 * YAML decoding for test files, values, policies and resources, through the project's bounded
 * manifest decoder (`shared/kube/decode.ts`: YAML 1.1 like sigs.k8s.io/yaml, with size, depth and
 * alias limits), turned into a {@link Result} so a bad file becomes a load error, never a throw.
 */
import { decodeDocuments } from '../kube/decode.ts'
import type { JsonValue } from '../lib/json.ts'
import { err, ok, type Result } from '../lib/result.ts'

/** Decodes every non-empty document of a YAML (or JSON) stream. */
export function parseYamlObjects(text: string): Result<JsonValue[]> {
  try {
    return ok(decodeDocuments(text))
  } catch (e) {
    return err(e instanceof Error ? e.message : String(e))
  }
}
