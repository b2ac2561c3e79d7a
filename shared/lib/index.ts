/** @module lib — leaf helpers shared by every layer (wildcards, quantities, durations, Go-style formatting, JSON model). Imports nothing. */
export * from './json.ts'
export * from './wildcard.ts'
export * from './quantity.ts'
export * from './duration.ts'
export * from './gofmt.ts'
export * from './gostrings.ts'
export * from './result.ts'
