/**
 * How a report window maps onto rollup buckets: rounded out to whole hours, whole days read from
 * day rollups and only the partial days at either edge from hour rollups, so a 90-day summary reads
 * ~90 day cells per source rather than ~2,000 hour cells.
 */
const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000

export type BucketPlan = {
  /** The window as counted: `from` rounded down and `to` rounded up to the hour. */
  from: Date
  to: Date
  /** Hour buckets (inclusive `YYYY-MM-DDTHH` ranges) outside whole days. */
  hours: Array<{ from: string; to: string }>
  /** Whole days (inclusive `YYYY-MM-DD` range), if any. */
  days: { from: string; to: string } | null
  /** Every day the window touches, oldest first. */
  allDays: string[]
}

const hourBucket = (t: number) => new Date(t).toISOString().slice(0, 13)
const dayBucket = (t: number) => new Date(t).toISOString().slice(0, 10)

/** The buckets covering `[from, to]`. */
export function planBuckets(fromDate: Date, toDate: Date): BucketPlan {
  const from = Math.floor(fromDate.getTime() / HOUR_MS) * HOUR_MS
  let to = Math.ceil(toDate.getTime() / HOUR_MS) * HOUR_MS
  if (to === from) to = from + HOUR_MS
  const firstWholeDay = Math.ceil(from / DAY_MS) * DAY_MS
  const lastWholeDayEnd = Math.floor(to / DAY_MS) * DAY_MS
  const hours: BucketPlan['hours'] = []
  let days: BucketPlan['days'] = null
  if (firstWholeDay < lastWholeDayEnd) {
    if (from < firstWholeDay) hours.push({ from: hourBucket(from), to: hourBucket(firstWholeDay - HOUR_MS) })
    days = { from: dayBucket(firstWholeDay), to: dayBucket(lastWholeDayEnd - DAY_MS) }
    if (lastWholeDayEnd < to) hours.push({ from: hourBucket(lastWholeDayEnd), to: hourBucket(to - HOUR_MS) })
  } else {
    hours.push({ from: hourBucket(from), to: hourBucket(to - HOUR_MS) })
  }
  const allDays: string[] = []
  for (let d = Math.floor(from / DAY_MS) * DAY_MS; d < to; d += DAY_MS) allDays.push(dayBucket(d))
  return { from: new Date(from), to: new Date(to), hours, days, allDays }
}
