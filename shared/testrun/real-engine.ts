/**
 * The production wiring of the runner's {@link Engine}: Verdict's own policy loader and rule
 * pipeline. Kept out of `index.ts` so the runner's logic (and its tests) never depend on it.
 */
import { evaluatePolicy } from '../engine/evaluate.ts'
import { isClusterScopedKind } from '../engine/match/index.ts'
import { loadPolicy, type LoadedPolicy } from '../policy/load.ts'
import type { Engine } from './engine.ts'

/** Verdict's engine, loading policies leniently (unknown fields dropped, as `kyverno test` does). */
export const realEngine: Engine<LoadedPolicy> = {
  loadPolicy: (doc) => loadPolicy(doc),
  evaluatePolicy,
  isClusterScopedKind,
}
