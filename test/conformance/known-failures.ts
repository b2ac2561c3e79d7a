/**
 * The checked-in list of known conformance failures and the CI check against it.
 *
 * A row is keyed by (test dir, policy, rule, resource). Whole families Verdict does not evaluate
 * yet are listed once, keyed by INDEX.json `engine` or rule type. In `--check` mode:
 * - a row that is not strict and is neither listed nor in a listed family fails the check;
 * - a listed row that is now strict is stale (as is an entry that matches no row);
 * - a family is stale only when every one of its rows is strict.
 */
import { parse, stringify } from 'yaml'
import { z } from 'zod'

/** One conformance row, located by the test case (INDEX.json `dir`) it came from. */
export interface ConformanceRow {
  dir: string
  policy: string
  rule: string
  resource: string
  strict: boolean
}

/** What INDEX.json says about one test case. */
export interface CaseInfo {
  dir: string
  category: string
  engine: string
  ruleTypes: string[]
}

const Reason = z.string().min(1)
const FamilyEntry = z.union([
  z.strictObject({ engine: z.string().min(1), reason: Reason }),
  z.strictObject({ ruleType: z.string().min(1), reason: Reason }),
])
export type FamilyEntry = z.infer<typeof FamilyEntry>
const CaseEntry = z.strictObject({ dir: z.string(), policy: z.string(), rule: z.string(), resource: z.string(), reason: Reason })
export type CaseEntry = z.infer<typeof CaseEntry>
/** The known-failures.yaml document. */
export const KnownFailures = z.strictObject({
  families: z.array(FamilyEntry).default([]),
  cases: z.array(CaseEntry).default([]),
})
export type KnownFailures = z.infer<typeof KnownFailures>

/** The reason new case entries get until someone triages them. */
export const TODO_REASON = 'TODO: triage'

/** Parses known-failures.yaml; throws with the offending path on a malformed file. */
export function parseKnownFailures(text: string): KnownFailures {
  return KnownFailures.parse(parse(text) ?? {})
}

const rowKey = (r: Pick<ConformanceRow, 'dir' | 'policy' | 'rule' | 'resource'>) => JSON.stringify([r.dir, r.policy, r.rule, r.resource])

/** A short label for an entry in messages. */
export function describeFamily(f: FamilyEntry): string {
  return 'engine' in f ? `engine ${f.engine}` : `rule type ${f.ruleType}`
}

/** Whether a case belongs to a family (by INDEX.json engine, or by one of its rule types). */
export function inFamily(info: CaseInfo | undefined, family: FamilyEntry): boolean {
  if (!info) return false
  return 'engine' in family ? info.engine === family.engine : info.ruleTypes.includes(family.ruleType)
}

/** What `--check` found. */
export interface CheckOutcome {
  /** Non-strict rows nothing in the list accounts for. */
  unexpected: ConformanceRow[]
  /** Entries that no longer describe a failure, with why. */
  stale: Array<{ entry: string; why: string }>
}

/** Compares each row's `strict` with the list (see the module comment). */
export function checkKnownFailures(rows: readonly ConformanceRow[], known: KnownFailures, cases: ReadonlyMap<string, CaseInfo>): CheckOutcome {
  const listed = new Set(known.cases.map(rowKey))
  const familyOf = (r: ConformanceRow) => known.families.some((f) => inFamily(cases.get(r.dir), f))
  const unexpected = rows.filter((r) => !r.strict && !listed.has(rowKey(r)) && !familyOf(r))
  const stale: CheckOutcome['stale'] = []
  const byKey = new Map<string, ConformanceRow[]>()
  for (const r of rows) byKey.set(rowKey(r), [...(byKey.get(rowKey(r)) ?? []), r])
  for (const c of known.cases) {
    const matching = byKey.get(rowKey(c)) ?? []
    const label = `${c.dir} ${c.policy}/${c.rule} ${c.resource}`
    if (matching.length === 0) stale.push({ entry: label, why: 'no such row any more' })
    else if (matching.every((r) => r.strict)) stale.push({ entry: label, why: 'now strict: remove it from the list' })
  }
  for (const f of known.families) {
    const members = rows.filter((r) => inFamily(cases.get(r.dir), f))
    if (members.length > 0 && members.every((r) => r.strict)) stale.push({ entry: describeFamily(f), why: `all ${members.length} rows are now strict` })
  }
  return { unexpected, stale }
}

/**
 * Regenerates the case-level entries from the current rows: every non-strict row outside the
 * families, keeping existing reasons and marking new entries `TODO: triage`. Families stay as they are.
 */
export function updateKnownFailures(rows: readonly ConformanceRow[], known: KnownFailures, cases: ReadonlyMap<string, CaseInfo>): KnownFailures {
  const reasons = new Map(known.cases.map((c) => [rowKey(c), c.reason]))
  const entries = new Map<string, CaseEntry>()
  for (const r of rows) {
    if (r.strict || known.families.some((f) => inFamily(cases.get(r.dir), f))) continue
    const key = rowKey(r)
    if (!entries.has(key)) entries.set(key, { dir: r.dir, policy: r.policy, rule: r.rule, resource: r.resource, reason: reasons.get(key) ?? TODO_REASON })
  }
  const sorted = [...entries.values()].sort((a, b) => (rowKey(a) < rowKey(b) ? -1 : rowKey(a) > rowKey(b) ? 1 : 0))
  return { families: known.families, cases: sorted }
}

const HEADER = `# Known conformance failures, checked by \`npm run conformance -- --check\` against each row's
# \`strict\` verdict. Families (keyed by INDEX.json engine or rule type) cover every row of their cases;
# case entries are keyed by (dir, policy, rule, resource). Regenerate the case entries with
# \`npm run conformance -- --update-known-failures\` (existing reasons are kept; new ones say TODO: triage).
`

/** Serialises the list with its explanatory header. */
export function formatKnownFailures(known: KnownFailures): string {
  return `${HEADER}${stringify({ families: known.families, cases: known.cases }, { lineWidth: 0 })}`
}
