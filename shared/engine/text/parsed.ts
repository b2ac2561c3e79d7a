/**
 * Go duration and Kubernetes quantity parses of strings, remembered. Conditions and patterns parse
 * the same few texts (operation names, image tags, field values) on every request, and a map
 * lookup is far cheaper than the regular expressions behind a parse. Both parses are pure and their
 * results immutable, so sharing them changes nothing. The texts can come from requests, so each
 * memo is bounded.
 */
import { parseDuration } from '../../lib/duration.ts'
import { boundedMemo } from '../../lib/memo.ts'
import { parseQuantity, type Quantity } from '../../lib/quantity.ts'

const MAX_TEXTS = 4096


/** `parseDuration`, remembered. */
export const durationOf: (text: string) => bigint | null = boundedMemo(parseDuration, MAX_TEXTS)

/** `parseQuantity`, remembered. */
export const quantityOf: (text: string) => Quantity | null = boundedMemo(parseQuantity, MAX_TEXTS)
