/**
 * Go duration and Kubernetes quantity parses of strings, remembered. Conditions and patterns parse
 * the same few texts (operation names, image tags, field values) on every request, and a map
 * lookup is far cheaper than the regular expressions behind a parse. Both parses are pure and their
 * results immutable, so sharing them changes nothing. The texts can come from requests, so each
 * memo is bounded.
 */
import { parseDuration } from '../../lib/duration.ts'
import { parseQuantity, type Quantity } from '../../lib/quantity.ts'

const MAX_TEXTS = 4096

function memoised<T>(parse: (text: string) => T): (text: string) => T {
  const memo = new Map<string, T>()
  return (text) => {
    let r = memo.get(text)
    if (r === undefined && !memo.has(text)) {
      r = parse(text)
      if (memo.size >= MAX_TEXTS) memo.clear()
      memo.set(text, r)
    }
    return r as T
  }
}

/** `parseDuration`, remembered. */
export const durationOf: (text: string) => bigint | null = memoised(parseDuration)

/** `parseQuantity`, remembered. */
export const quantityOf: (text: string) => Quantity | null = memoised(parseQuantity)
