/**
 * The dashboard's pure functions, as the browser runs them: plain JavaScript source (no DOM, no
 * fetch), so the exact text the page ships is what `client-logic.test.ts` evaluates and checks.
 * It is kept as a string because the page must be one self-contained document on every runtime
 * (no build step on Workers, no file reads), and `Function.prototype.toString` of bundled TS is not
 * safe to ship (bundlers inject helpers such as esbuild's `__name`).
 *
 * Written without template literals so that it can live inside this `String.raw` template.
 */
export const DASHBOARD_LOGIC = String.raw`
'use strict'

/** pass / (pass + fail) x 100, the contract's definition; null when nothing was evaluated. */
function compliance(c) {
  var n = c.pass + c.fail
  return n === 0 ? null : (c.pass / n) * 100
}

/** Whole percent, never rounded up to 100 (99.6 is not compliant) nor down to 0 (0.4 is not none). */
function formatPct(v) {
  if (v === null || v === undefined) return '\u2014'
  if (v >= 100) return '100%'
  if (v <= 0) return '0%'
  if (v < 1) return '<1%'
  return Math.floor(v) + '%'
}

/** The colour band of a compliance value (a CSS class, so no inline styles are needed). */
function band(v) {
  if (v === null || v === undefined) return 'b-none'
  if (v >= 100) return 'b-100'
  if (v >= 90) return 'b-90'
  if (v >= 75) return 'b-75'
  if (v >= 50) return 'b-50'
  return 'b-0'
}

function zero() {
  return { pass: 0, fail: 0, warn: 0, error: 0 }
}

function add(into, c) {
  into.pass += c.pass
  into.fail += c.fail
  into.warn += c.warn
  into.error += c.error
  return into
}

// Natural order (policy-2 before policy-10); code-unit order breaks ties, so equal-looking names still sort stably.
var COLLATOR = new Intl.Collator('en', { numeric: true })
function byText(a, b) {
  return COLLATOR.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0)
}

/**
 * The clusters x policies matrix from the summary's per-rule rows: one row per source (registered
 * clusters included even when they sent nothing, so a silent one still shows), one column per
 * policy (named with its set when the window spans several sets), rule counts summed per cell.
 * O(rows) with Maps, so a large tenant costs one pass.
 */
function buildMatrix(summary, sortBy) {
  var rowsByKey = new Map()
  var colsByKey = new Map()
  var cells = new Map()
  var sets = new Set()
  function rowFor(source) {
    var r = rowsByKey.get(source)
    if (!r) {
      r = { source: source, name: source === 'ci' ? 'CI' : source, clusterId: null, silent: false, lastSeen: null, counts: zero() }
      rowsByKey.set(source, r)
    }
    return r
  }
  for (var i = 0; i < summary.clusters.length; i++) {
    var cl = summary.clusters[i]
    var r0 = rowFor(cl.clusterId)
    r0.name = cl.name
    r0.clusterId = cl.clusterId
    r0.silent = cl.silent
    r0.lastSeen = cl.lastSeen
  }
  for (var j = 0; j < summary.rows.length; j++) {
    var row = summary.rows[j]
    sets.add(row.policySet)
    var colKey = JSON.stringify([row.policySet, row.policy])
    var col = colsByKey.get(colKey)
    if (!col) {
      col = { key: colKey, policySet: row.policySet, policy: row.policy, counts: zero() }
      colsByKey.set(colKey, col)
    }
    var r = rowFor(row.source)
    add(r.counts, row)
    add(col.counts, row)
    var cellKey = JSON.stringify([row.source, colKey])
    var cell = cells.get(cellKey)
    if (!cell) cells.set(cellKey, (cell = zero()))
    add(cell, row)
  }
  var rows = Array.from(rowsByKey.values())
  rows.forEach(function (r) { r.compliance = compliance(r.counts) })
  if (sortBy === 'worst') {
    rows.sort(function (a, b) {
      var x = a.compliance === null ? 101 : a.compliance
      var y = b.compliance === null ? 101 : b.compliance
      return x - y || b.counts.fail - a.counts.fail || byText(a.name, b.name)
    })
  } else {
    rows.sort(function (a, b) { return byText(a.name, b.name) || byText(a.source, b.source) })
  }
  var columns = Array.from(colsByKey.values())
  columns.forEach(function (c) { c.compliance = compliance(c.counts) })
  columns.sort(function (a, b) { return byText(a.policy, b.policy) || byText(a.policySet, b.policySet) })
  return {
    rows: rows,
    columns: columns,
    multipleSets: sets.size > 1,
    cell: function (source, colKey) {
      var c = cells.get(JSON.stringify([source, colKey]))
      return c ? { pass: c.pass, fail: c.fail, warn: c.warn, error: c.error, compliance: compliance(c) } : null
    },
  }
}

/** The rows whose cluster name or id contains the text (any case); all of them for blank text. */
function filterRows(rows, text) {
  var q = String(text || '').trim().toLowerCase()
  if (!q) return rows
  return rows.filter(function (r) { return r.name.toLowerCase().indexOf(q) >= 0 || r.source.toLowerCase().indexOf(q) >= 0 })
}

/** The smallest 1/2/5 x 10^k at or above v (at least 1): a y-axis maximum people can read. */
function niceCeil(v) {
  if (!(v > 1)) return 1
  var p = Math.pow(10, Math.floor(Math.log10(v)))
  var steps = [1, 2, 5, 10]
  for (var i = 0; i < steps.length; i++) if (steps[i] * p >= v) return steps[i] * p
  return 10 * p
}

/**
 * Geometry of the failures-per-day bar chart (fail with warn stacked on top) in a w x h box with
 * room for axes: bars, y ticks and the x labels that fit. Pure numbers; the page turns them into SVG.
 */
function trendGeometry(days, w, h) {
  var left = 40, right = 8, top = 10, bottom = 24
  var plotW = Math.max(1, w - left - right)
  var plotH = Math.max(1, h - top - bottom)
  var peak = 0
  for (var i = 0; i < days.length; i++) peak = Math.max(peak, days[i].fail + days[i].warn)
  var max = niceCeil(peak)
  var y = function (v) { return top + plotH - (v / max) * plotH }
  var slot = days.length ? plotW / days.length : plotW
  var barW = Math.max(1, Math.min(40, slot * 0.7))
  var bars = days.map(function (d, k) {
    var x = left + k * slot + (slot - barW) / 2
    return {
      day: d.day, fail: d.fail, warn: d.warn, x: x, width: barW,
      failY: y(d.fail), failH: y(0) - y(d.fail),
      warnY: y(d.fail + d.warn), warnH: y(d.fail) - y(d.fail + d.warn),
    }
  })
  var tickCount = max <= 4 ? max : 4
  var ticks = []
  for (var t = 0; t <= tickCount; t++) {
    var value = (max / tickCount) * t
    ticks.push({ value: value, y: y(value) })
  }
  // A label every n-th day, so they never overlap (about 48px each).
  var every = Math.max(1, Math.ceil(days.length / Math.max(1, Math.floor(plotW / 48))))
  var labels = []
  for (var l = 0; l < days.length; l += every) labels.push({ x: left + l * slot + slot / 2, text: days[l].day.slice(5) })
  return { max: max, bars: bars, ticks: ticks, labels: labels, plot: { left: left, top: top, width: plotW, height: plotH, bottom: top + plotH } }
}

/** A date input's UTC day as the window's first and last instants (the window is inclusive). */
function dayStart(day) {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? day + 'T00:00:00.000Z' : null
}
function dayEnd(day) {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? day + 'T23:59:59.999Z' : null
}

/** The summary request's query string; empty filters are left out so the server's defaults apply. */
function summaryQuery(f) {
  var q = new URLSearchParams()
  var from = f.from ? dayStart(f.from) : null
  var to = f.to ? dayEnd(f.to) : null
  if (from) q.set('from', from)
  if (to) q.set('to', to)
  if (f.policySet) q.set('policySet', f.policySet)
  return q.toString()
}

/**
 * The drill-down's /v1/verdicts query: the cell's source (a cluster id, "ci" for CI, none: every
 * source) and policy, in the summary's own window. The log has no policy-set filter: a column of
 * one set among several is narrowed on the page (see inSet).
 */
function verdictQuery(cell, window, cursor, limit) {
  var q = new URLSearchParams()
  if (cell.source === 'ci') q.set('source', 'ci')
  else if (cell.source) q.set('cluster', cell.source)
  q.set('policy', cell.policy)
  q.set('from', window.from)
  q.set('to', window.to)
  q.set('limit', String(limit))
  if (cursor) q.set('cursor', cursor)
  return q.toString()
}

/** Whether a verdict belongs to the drilled-down column's set (always, when the window has one set). */
function inSet(verdict, policySet) {
  return !policySet || verdict.policySet.name === policySet
}

/** The last UTC day a window reaches: the server rounds "to" up to the hour, so a midnight "to" ends the day before. */
function lastDay(to) {
  return new Date(Date.parse(to) - 1).toISOString().slice(0, 10)
}

/** The results of one verdict that belong to the drilled-down policy. */
function resultsFor(verdict, policy) {
  return verdict.results.filter(function (r) { return r.policy === policy })
}

/** "ns/name" or "name" for a cluster-scoped resource. */
function resourceName(r) {
  return r.namespace ? r.namespace + '/' + r.name : r.name
}
`

/** The names {@link DASHBOARD_LOGIC} defines, for tests that evaluate it. */
export const DASHBOARD_LOGIC_EXPORTS = [
  'compliance',
  'formatPct',
  'band',
  'buildMatrix',
  'filterRows',
  'niceCeil',
  'trendGeometry',
  'dayStart',
  'dayEnd',
  'summaryQuery',
  'verdictQuery',
  'inSet',
  'lastDay',
  'resultsFor',
  'resourceName',
] as const
