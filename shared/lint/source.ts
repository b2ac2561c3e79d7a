/**
 * Line numbers for findings when the policy came as YAML text: the `yaml` package's syntax tree
 * and LineCounter map a JSON path to the line of its key (or list item).
 */
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml'
import type { Segment } from './finding.ts'

/** Looks up the 1-based line of a path in one document of the source. */
export type LineOf = (path: readonly Segment[]) => number | undefined

function keyText(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined
}

/**
 * One line lookup per non-empty document of `text`, in document order (the order in which
 * `decodeDocuments` returns them). Text that does not parse gives no lookups.
 */
export function lineLookups(text: string): LineOf[] {
  const counter = new LineCounter()
  let docs
  try {
    docs = parseAllDocuments(text, { lineCounter: counter, version: '1.1', uniqueKeys: false })
  } catch {
    return []
  }
  const list = Array.isArray(docs) ? docs : [docs]
  return list
    .filter((d) => d.contents !== null)
    .map((d) => (path: readonly Segment[]) => {
      let node: unknown = d.contents
      let offset: number | undefined = (d.contents as Node | null)?.range?.[0]
      for (const seg of path) {
        if (isMap(node)) {
          const pair = node.items.find((p) => keyText(p.key) === String(seg))
          if (!pair) return undefined
          offset = (pair.key as Node | null)?.range?.[0] ?? offset
          node = pair.value
        } else if (isSeq(node) && typeof seg === 'number') {
          node = node.items[seg]
          offset = (node as Node | undefined)?.range?.[0] ?? offset
        } else return undefined
      }
      return offset === undefined ? undefined : counter.linePos(offset).line
    })
}
