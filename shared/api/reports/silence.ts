/**
 * Silent-cluster detection. Nothing inside a cluster can report that its webhook was deleted, its
 * network cut, or its API server is failing open: the only sign is that we stop hearing from it.
 *
 * A cluster's usual rate is its requests per hour in the week before it was last seen (gaps
 * between requests over the time they span; dryRun included, since any request proves the webhook
 * is wired). It is `null` until that week holds at least an hour of traffic and two requests. A cluster is silent when it has a usual rate and has been
 * quiet for longer than `max(15 min, 3 × its usual gap between requests)`: a cluster that calls every
 * minute is silent after 15 minutes, one that calls every hour after 3 hours.
 */
import type { Heartbeat } from '../../store/ports.ts'

const HOUR_MS = 3_600_000
const WEEK_MS = 7 * 24 * HOUR_MS
export const MIN_QUIET_MS = 15 * 60_000
export const QUIET_GAPS = 3

export type ClusterPulse = { lastSeen: string | null; usualPerHour: number | null; silent: boolean }

/** The pulse of one cluster from its daily heartbeats. */
export function pulseOf(beats: readonly Heartbeat[], now: Date): ClusterPulse {
  if (beats.length === 0) return { lastSeen: null, usualPerHour: null, silent: false }
  const lastSeen = beats.reduce((m, b) => (b.lastAt > m ? b.lastAt : m), beats[0]!.lastAt)
  const last = Date.parse(lastSeen)
  const weekStart = last - WEEK_MS
  const week = beats.filter((b) => Date.parse(`${b.day}T00:00:00Z`) + 24 * HOUR_MS > weekStart)
  const requests = week.reduce((n, b) => n + b.requests, 0)
  const first = Math.max(weekStart, Math.min(...week.map((b) => Date.parse(b.firstAt))))
  const spanHours = (last - first) / HOUR_MS
  const usualPerHour = spanHours >= 1 && requests >= 2 ? Math.round(((requests - 1) / spanHours) * 1000) / 1000 : null
  const quietMs = now.getTime() - last
  const silent = usualPerHour !== null && quietMs > Math.max(MIN_QUIET_MS, (QUIET_GAPS * HOUR_MS) / usualPerHour)
  return { lastSeen, usualPerHour, silent }
}
