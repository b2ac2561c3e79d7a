/**
 * The dashboard's browser side: wiring the page's elements to the read API. Everything the API
 * returns is untrusted, so data only ever reaches the page through `textContent`, attribute values
 * set with `setAttribute`, and SVG built with `createElementNS`: no markup is ever parsed from data.
 * The read key lives in sessionStorage (this tab only) and travels only in the Authorization header.
 *
 * Runs after {@link DASHBOARD_LOGIC} in the same script; written without template literals (see there).
 */
export const DASHBOARD_UI = String.raw`
var KEY_ITEM = 'verdict.dashboard.readKey'
var PAGE_SIZE = 50
var MATRIX_PAGE = 100
var SVG_NS = 'http://www.w3.org/2000/svg'

var state = { key: null, summary: null, matrix: null, view: [], shown: 0, gen: 0, drill: null }

function $(id) { return document.getElementById(id) }

/** An element with attributes and children; strings become text nodes, never markup. */
function h(tag, attrs, children) {
  var e = document.createElement(tag)
  if (attrs) for (var k in attrs) if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) e.setAttribute(k, String(attrs[k]))
  append(e, children)
  return e
}
function s(tag, attrs, children) {
  var e = document.createElementNS(SVG_NS, tag)
  if (attrs) for (var k in attrs) e.setAttribute(k, String(attrs[k]))
  append(e, children)
  return e
}
function append(e, children) {
  if (children === null || children === undefined) return
  if (!Array.isArray(children)) children = [children]
  for (var i = 0; i < children.length; i++) {
    var c = children[i]
    if (c === null || c === undefined || c === false) continue
    e.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)))
  }
}
function clear(e) { while (e.firstChild) e.removeChild(e.firstChild) }
// One formatter: toLocaleString builds a new one per call, which dominates a large matrix's render.
var NUMBER = new Intl.NumberFormat('en-US')
function n(v) { return NUMBER.format(v) }
function utc(iso) { return iso ? iso.slice(0, 19).replace('T', ' ') + ' UTC' : 'never' }
function ago(iso) {
  if (!iso) return ''
  var m = Math.round((Date.now() - Date.parse(iso)) / 60000)
  if (!(m >= 0)) return ''
  if (m < 60) return m + ' min ago'
  if (m < 48 * 60) return Math.round(m / 60) + ' h ago'
  return Math.round(m / 1440) + ' d ago'
}

function status(text) { $('status').textContent = text }
function showError(text) {
  var e = $('error')
  e.textContent = text
  e.hidden = !text
}

/** GET from the API with the read key; resolves to the parsed body or rejects with a readable message. */
async function api(path) {
  var res = await fetch(path, { headers: { authorization: 'Bearer ' + state.key, accept: 'application/json' }, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' })
  var body = null
  try { body = await res.json() } catch (e) { body = null }
  if (!res.ok) {
    var msg = body && body.error && typeof body.error.message === 'string' ? body.error.message : 'HTTP ' + res.status
    var err = new Error(msg)
    err.status = res.status
    throw err
  }
  return body
}

function failed(e) {
  if (e && e.status === 401) {
    forgetKey()
    showError('The key was refused (401): it is unknown, revoked or expired. Paste a read key.')
  } else if (e && e.status === 403) {
    showError('This key may not read reports (403): create one with the "read" scope.')
  } else {
    showError('Could not load: ' + (e && e.message ? e.message : String(e)))
  }
  status('')
}

// ---- key -------------------------------------------------------------------------------------

function useKey(key) {
  state.key = key
  sessionStorage.setItem(KEY_ITEM, key)
  $('key').value = ''
  $('key-form').classList.add('has-key')
  $('key-state').textContent = 'Key in use (this tab only)'
  $('forget').hidden = false
  $('intro').hidden = true
  $('app').hidden = false
  showError('')
  loadPolicySets()
  load()
}
function forgetKey() {
  state.key = null
  state.gen++
  sessionStorage.removeItem(KEY_ITEM)
  $('key-form').classList.remove('has-key')
  $('key-state').textContent = ''
  $('forget').hidden = true
  $('intro').hidden = false
  $('app').hidden = true
  $('key').focus()
}

// ---- filters ---------------------------------------------------------------------------------

function filters() {
  return { from: $('from').value, to: $('to').value, policySet: $('policy-set').value }
}

async function loadPolicySets() {
  var select = $('policy-set')
  var chosen = select.value
  var names = []
  try {
    var cursor = null
    for (var page = 0; page < 20; page++) {
      var body = await api('/v1/policysets?limit=100' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''))
      body.items.forEach(function (s) { names.push(s.setId) })
      cursor = body.cursor
      if (!cursor) break
    }
  } catch (e) {
    return // the filter stays "All sets"; the summary reports any real problem
  }
  while (select.options.length > 1) select.remove(1)
  names.sort().forEach(function (name) { select.appendChild(h('option', { value: name }, name)) })
  select.value = names.indexOf(chosen) >= 0 ? chosen : ''
}

// ---- summary ---------------------------------------------------------------------------------

async function load() {
  var gen = ++state.gen
  var q = summaryQuery(filters())
  status('Loading\u2026')
  $('app').setAttribute('aria-busy', 'true')
  try {
    var summary = await api('/v1/reports/summary' + (q ? '?' + q : ''))
    if (gen !== state.gen) return
    state.summary = summary
    if (!$('from').value) $('from').value = summary.from.slice(0, 10)
    if (!$('to').value) $('to').value = lastDay(summary.to)
    render()
    showError('')
    status('Updated ' + new Date().toISOString().slice(11, 19) + ' UTC')
  } catch (e) {
    if (gen === state.gen) failed(e)
  } finally {
    if (gen === state.gen) $('app').removeAttribute('aria-busy')
  }
}

function render() {
  var sm = state.summary
  state.matrix = buildMatrix(sm, $('sort').value)
  $('window').textContent = 'Window: ' + utc(sm.from) + ' \u2013 ' + utc(sm.to) + (filters().policySet ? ' \u00b7 policy set ' + filters().policySet : ' \u00b7 all policy sets')
  renderTotals(sm, state.matrix)
  renderTrend(sm.days)
  renderHeartbeat(sm.clusters)
  renderMatrix(state.matrix)
  renderTop(sm.topWorkloads)
  closeDrill()
}

function renderTotals(sm, m) {
  var t = sm.totals
  var silent = sm.clusters.filter(function (c) { return c.silent }).length
  var tiles = [
    ['Compliance', formatPct(t.compliance), band(t.compliance), 'totals-compliance'],
    ['Pass', n(t.pass), '', 'totals-pass'],
    ['Fail', n(t.fail), t.fail ? 'bad' : '', 'totals-fail'],
    ['Warn', n(t.warn), t.warn ? 'warn' : '', 'totals-warn'],
    ['Error', n(t.error), t.error ? 'bad' : '', 'totals-error'],
    ['Silent clusters', n(silent) + ' of ' + n(sm.clusters.length), silent ? 'bad' : '', 'totals-silent'],
  ]
  var dl = $('totals')
  clear(dl)
  tiles.forEach(function (x) { dl.appendChild(h('div', { class: 'tile ' + x[2] }, [h('dt', null, x[0]), h('dd', { id: x[3] }, x[1])])) })
}

function renderTrend(days) {
  var box = $('trend')
  clear(box)
  var w = Math.max(320, Math.min(900, box.clientWidth || 640))
  var hgt = 200
  var g = trendGeometry(days, w, hgt)
  var total = days.reduce(function (a, d) { return a + d.fail }, 0)
  var svg = s('svg', { viewBox: '0 0 ' + w + ' ' + hgt, width: w, height: hgt, role: 'img', 'aria-labelledby': 'trend-title trend-desc', class: 'chart' })
  svg.appendChild(s('title', { id: 'trend-title' }, 'Failures per day'))
  svg.appendChild(s('desc', { id: 'trend-desc' }, n(total) + ' failures over ' + days.length + ' days; peak ' + n(days.reduce(function (a, d) { return Math.max(a, d.fail) }, 0)) + ' in a day.'))
  g.ticks.forEach(function (t) {
    svg.appendChild(s('line', { x1: g.plot.left, x2: g.plot.left + g.plot.width, y1: t.y, y2: t.y, class: 'gridline' }))
    svg.appendChild(s('text', { x: g.plot.left - 6, y: t.y + 4, class: 'ytick' }, n(Math.round(t.value * 10) / 10)))
  })
  g.bars.forEach(function (b) {
    var title = b.day + ': ' + n(b.fail) + ' fail, ' + n(b.warn) + ' warn'
    var grp = s('g', { class: 'bar', 'data-day': b.day, 'data-fail': b.fail })
    grp.appendChild(s('title', null, title))
    if (b.failH > 0) grp.appendChild(s('rect', { x: b.x, y: b.failY, width: b.width, height: b.failH, class: 'fail' }))
    if (b.warnH > 0) grp.appendChild(s('rect', { x: b.x, y: b.warnY, width: b.width, height: b.warnH, class: 'warnbar' }))
    svg.appendChild(grp)
  })
  svg.appendChild(s('line', { x1: g.plot.left, x2: g.plot.left + g.plot.width, y1: g.plot.bottom, y2: g.plot.bottom, class: 'axis' }))
  g.labels.forEach(function (l) { svg.appendChild(s('text', { x: l.x, y: g.plot.bottom + 16, class: 'xtick' }, l.text)) })
  box.appendChild(svg)
  box.appendChild(h('p', { class: 'legend' }, [h('span', { class: 'sw fail' }), ' fail ', h('span', { class: 'sw warnbar' }), ' warn']))
}

/** Every registered cluster's heartbeat, silent ones first: only we can tell that a cluster stopped calling. */
function renderHeartbeat(clusters) {
  var ul = $('heartbeat')
  clear(ul)
  var silent = clusters.filter(function (c) { return c.silent })
  $('heartbeat-note').textContent = silent.length
    ? silent.length + ' of ' + clusters.length + ' clusters went silent: check their webhooks (nothing inside a cluster can report this).'
    : 'All ' + clusters.length + ' registered clusters are reporting as usual.'
  var sorted = clusters.slice().sort(function (a, b) { return (b.silent ? 1 : 0) - (a.silent ? 1 : 0) || byText(a.name, b.name) })
  var frag = document.createDocumentFragment()
  sorted.forEach(function (c) {
    frag.appendChild(h('li', { class: c.silent ? 'silent' : null }, [
      h('span', { class: 'badge ' + (c.silent ? 'bad' : c.lastSeen ? 'ok' : '') }, c.silent ? 'silent' : c.lastSeen ? 'reporting' : 'no calls yet'), ' ',
      h('strong', null, c.name), ' ', h('code', null, c.clusterId),
      h('br'),
      h('small', null, 'last seen ' + utc(c.lastSeen) + (c.lastSeen ? ' (' + ago(c.lastSeen) + ')' : '') + (c.usualPerHour !== null ? ' \u00b7 usually ' + n(Math.round(c.usualPerHour * 10) / 10) + '/h' : '')),
    ]))
  })
  ul.appendChild(frag)
}

/** A source as people know it: the cluster's display name, or CI. */
function sourceName(source) {
  if (source === 'ci') return 'CI'
  var c = state.summary && state.summary.clusters.find(function (x) { return x.clusterId === source })
  return c ? c.name : source
}

function countsText(c) {
  var parts = []
  if (c.fail) parts.push(n(c.fail) + ' fail')
  if (c.warn) parts.push(n(c.warn) + ' warn')
  if (c.error) parts.push(n(c.error) + ' error')
  if (!parts.length) parts.push(c.pass ? n(c.pass) + ' pass' : 'no results')
  return parts.join(' \u00b7 ')
}
function cellLabel(what, c) {
  return what + ': ' + formatPct(c.compliance) + ' compliant, ' + c.pass + ' pass, ' + c.fail + ' fail, ' + c.warn + ' warn, ' + c.error + ' error. Show verdicts.'
}
function cellButton(c, attrs, label) {
  var b = h('button', Object.assign({ type: 'button', class: 'cell ' + band(c.compliance), 'aria-label': label }, attrs), [
    h('span', { class: 'pct' }, formatPct(c.compliance)),
    h('span', { class: 'cnt' }, countsText(c)),
  ])
  return b
}

/**
 * The matrix: header and totals for every policy, but cluster rows only MATRIX_PAGE at a time
 * ("Show more" appends the next ones), so the DOM stays bounded however many clusters a tenant has;
 * "Find cluster" and "worst first" bring the rows that matter to the top.
 */
function renderMatrix(m) {
  var table = $('matrix')
  clear(table)
  var frag = document.createDocumentFragment()
  frag.appendChild(h('caption', { class: 'sr-only' }, 'Compliance per cluster (rows) and policy (columns); select a cell to list its verdicts'))
  var head = h('tr', null, h('th', { scope: 'col', class: 'corner' }, 'Cluster \\ Policy'))
  m.columns.forEach(function (col) {
    head.appendChild(h('th', { scope: 'col', class: 'policy' }, [h('span', null, col.policy), m.multipleSets ? h('small', null, col.policySet) : null]))
  })
  head.appendChild(h('th', { scope: 'col', class: 'total' }, 'All policies'))
  frag.appendChild(h('thead', null, head))
  frag.appendChild(h('tbody', { id: 'matrix-body' }))
  var foot = h('tr', null, h('th', { scope: 'row' }, 'All clusters'))
  m.columns.forEach(function (col, ci) {
    var c = Object.assign({ compliance: col.compliance }, col.counts)
    foot.appendChild(h('td', { class: 'total' }, cellButton(c, { 'data-r': -1, 'data-c': ci }, cellLabel('All clusters \u00d7 ' + col.policy, c))))
  })
  var t = state.summary.totals
  foot.appendChild(h('td', { class: 'total' }, h('span', { class: 'cell static ' + band(t.compliance) }, [h('span', { class: 'pct' }, formatPct(t.compliance)), h('span', { class: 'cnt' }, countsText(t))])))
  frag.appendChild(h('tfoot', null, foot))
  table.appendChild(frag)
  $('matrix-empty').hidden = m.rows.length > 0 && m.columns.length > 0
  state.view = filterRows(m.rows, $('find').value)
  state.shown = 0
  appendRows()
}

function matrixRow(m, r, ri) {
  var tr = h('tr', r.silent ? { class: 'silent' } : null)
  tr.appendChild(h('th', { scope: 'row' }, [
    h('span', { class: 'name' }, r.name),
    r.clusterId && r.clusterId !== r.name ? h('small', null, r.clusterId) : null,
    r.silent ? h('span', { class: 'badge bad', title: 'last seen ' + utc(r.lastSeen) }, 'silent') : null,
  ]))
  m.columns.forEach(function (col, ci) {
    var c = m.cell(r.source, col.key)
    tr.appendChild(h('td', null, c
      ? cellButton(c, { 'data-r': ri, 'data-c': ci }, cellLabel(r.name + ' \u00d7 ' + col.policy, c))
      : h('span', { class: 'cell b-empty', title: 'no verdicts' }, '\u00b7')))
  })
  var rc = Object.assign({ compliance: r.compliance }, r.counts)
  tr.appendChild(h('td', { class: 'total' }, h('span', { class: 'cell static ' + band(r.compliance) }, [h('span', { class: 'pct' }, formatPct(r.compliance)), h('span', { class: 'cnt' }, countsText(rc))])))
  return tr
}

function appendRows() {
  var m = state.matrix
  var view = state.view
  var end = Math.min(view.length, state.shown + MATRIX_PAGE)
  var frag = document.createDocumentFragment()
  for (var ri = state.shown; ri < end; ri++) frag.appendChild(matrixRow(m, view[ri], ri))
  $('matrix-body').appendChild(frag)
  state.shown = end
  var more = $('matrix-more')
  more.hidden = end >= view.length
  more.textContent = 'Show ' + n(Math.min(MATRIX_PAGE, view.length - end)) + ' more clusters'
  var q = $('find').value.trim()
  $('matrix-count').textContent = 'Showing ' + n(end) + ' of ' + n(view.length) + ' clusters' + (q ? ' matching "' + q + '" (' + n(m.rows.length) + ' in all)' : '') + '.'
}

function renderTop(items) {
  var tbody = $('top-body')
  clear(tbody)
  items.forEach(function (w, i) {
    tbody.appendChild(h('tr', null, [
      h('td', { class: 'num' }, String(i + 1)),
      h('td', null, sourceName(w.source)),
      h('td', null, w.kind),
      h('td', null, w.namespace === null ? '(cluster)' : w.namespace),
      h('td', null, w.name),
      h('td', { class: 'num' }, n(w.fail)),
      h('td', { class: 'num' }, n(w.warn)),
    ]))
  })
  $('top-empty').hidden = items.length > 0
}

// ---- drill-down ------------------------------------------------------------------------------

function openDrill(button, ri, ci) {
  var m = state.matrix
  var col = m.columns[ci]
  if (!col) return
  markSelected(button)
  var row = ri >= 0 ? state.view[ri] : null
  state.drill = { source: row ? row.source : null, policy: col.policy, policySet: m.multipleSets ? col.policySet : null, cursor: null, count: 0 }
  var sec = $('drill')
  sec.hidden = false
  $('drill-h').textContent = 'Verdicts: ' + (row ? row.name : 'all clusters') + ' \u00d7 ' + col.policy
  $('drill-sub').textContent = 'Requests in which ' + col.policy + (m.multipleSets ? ' (set ' + col.policySet + ')' : '') + ' did not pass, newest first, ' + utc(state.summary.from) + ' \u2013 ' + utc(state.summary.to) + '.'
  clear($('drill-body'))
  $('drill-status').textContent = ''
  $('more').hidden = true
  $('drill-h').focus()
  sec.scrollIntoView({ block: 'start' })
  loadDrill()
}
function closeDrill() {
  state.drill = null
  markSelected(null)
  $('drill').hidden = true
}
function markSelected(button) {
  var old = $('matrix').querySelector('button[aria-current]')
  if (old) old.removeAttribute('aria-current')
  if (button) button.setAttribute('aria-current', 'true')
}

/**
 * One "page" of the drill-down: up to PAGE_SIZE more rows. The log may answer a page short with a
 * cursor (a rare filter hit its scan budget), and rows of another set are dropped here, so keep
 * following the cursor, within a bound per click.
 */
async function loadDrill() {
  var d = state.drill
  if (!d) return
  $('more').disabled = true
  $('drill-status').textContent = 'Loading…'
  try {
    var added = 0
    for (var calls = 0; calls < 10 && added < PAGE_SIZE; calls++) {
      var q = verdictQuery({ source: d.source, policy: d.policy }, state.summary, d.cursor, PAGE_SIZE - added)
      var page = await api('/v1/verdicts?' + q)
      if (state.drill !== d) return
      var frag = document.createDocumentFragment()
      page.items.forEach(function (v) {
        if (!inSet(v, d.policySet)) return
        frag.appendChild(verdictRow(v, d.policy))
        added++
      })
      $('drill-body').appendChild(frag)
      d.cursor = page.cursor
      if (!d.cursor) break
    }
    d.count += added
    $('more').hidden = !d.cursor
    $('drill-status').textContent = d.count === 0 && !d.cursor ? 'No verdicts.' : 'Showing ' + n(d.count) + (d.cursor ? ' (more available)' : ' (all)') + '.'
  } catch (e) {
    if (state.drill === d) $('drill-status').textContent = 'Could not load verdicts: ' + (e && e.message ? e.message : String(e))
    if (e && (e.status === 401 || e.status === 403)) failed(e)
  } finally {
    $('more').disabled = false
  }
}

function verdictRow(v, policy) {
  var results = resultsFor(v, policy)
  var src = v.source.type === 'cluster' ? sourceName(v.source.clusterId) : 'CI' + (v.source.label ? ' (' + v.source.label + ')' : '')
  return h('tr', null, [
    h('td', { class: 'nowrap' }, utc(v.time)),
    h('td', null, src),
    h('td', { class: 'nowrap' }, [h('span', { class: 'kind' }, v.resource.kind), ' ', resourceName(v.resource)]),
    h('td', null, v.operation),
    h('td', null, [h('span', { class: 'badge ' + (v.allowed ? 'ok' : 'bad') }, v.allowed ? 'allowed' : 'denied'), v.dryRun ? h('span', { class: 'badge' }, 'dry run') : null]),
    h('td', null, results.length
      ? h('ul', { class: 'results' }, results.map(function (r) {
          return h('li', null, [h('span', { class: 'badge ' + (r.status === 'warn' ? 'warn' : 'bad') }, r.status), ' ', h('code', null, r.rule), ' ', h('small', null, r.action), h('br'), h('span', { class: 'msg' }, r.message)])
        }))
      : h('small', null, 'passed')),
  ])
}

// ---- wiring ----------------------------------------------------------------------------------

$('key-form').addEventListener('submit', function (e) {
  e.preventDefault()
  var key = $('key').value.trim()
  if (!key) { showError('Paste an API key with the "read" scope.'); return }
  useKey(key)
})
$('forget').addEventListener('click', function () { forgetKey(); status('Key forgotten.') })
$('filters').addEventListener('submit', function (e) {
  e.preventDefault()
  if ($('from').value && $('to').value && $('from').value > $('to').value) { showError('"From" must not be after "To".'); return }
  load()
})
$('sort').addEventListener('change', function () { if (state.summary) { state.matrix = buildMatrix(state.summary, $('sort').value); renderMatrix(state.matrix); closeDrill() } })
$('matrix').addEventListener('click', function (e) {
  var b = e.target.closest('button[data-c]')
  if (b) openDrill(b, Number(b.getAttribute('data-r')), Number(b.getAttribute('data-c')))
})
$('more').addEventListener('click', loadDrill)
$('matrix-more').addEventListener('click', appendRows)
$('find').addEventListener('input', function () { if (state.matrix) { renderMatrix(state.matrix); closeDrill() } })
$('drill-close').addEventListener('click', closeDrill)

var saved = sessionStorage.getItem(KEY_ITEM)
if (saved) useKey(saved)
else $('key').focus()
`
