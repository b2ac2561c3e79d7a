/**
 * @module testrun — a `kyverno test`-compatible runner: decodes Test/Values/UserInfo documents,
 * loads resources, evaluates through an injected engine, and selects and compares rows exactly as
 * Kyverno's CLI does. Pure: files come in through {@link TestFiles}, nothing touches fs or process.
 */
export type { Engine, PolicyLike, PolicyLoad } from './engine.ts'
export { memoryFiles, joinPath, dirName, cleanPath, type TestFiles } from './files.ts'
export { decodeTestFile, type DecodedTest } from './decode.ts'
export { parseSelector, applySelector, DEFAULT_SELECTOR, type Selector } from './selector.ts'
export { parseSetFlags } from './values.ts'
export { runTestFile, type RunOptions, type TestReport } from './run-test.ts'
export { runTests, exitCodeOf, toJsonReport, type Report, type JsonReport, type JsonRow } from './report.ts'
export { renderTable } from './table.ts'
export { summarise, agreesStrictly, type Row, type Actual, type Summary } from './rows.ts'
