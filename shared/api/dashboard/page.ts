/**
 * `GET /dashboard`: one self-contained document (inline CSS and script, system fonts, no CDN), so
 * it serves unchanged from Workers, Lambda and Node. The page is constant, so its Content-Security-
 * Policy allows exactly its own script and stylesheet by SHA-256 hash: nothing else may run or
 * style the page, and it may talk to no origin but its own.
 */
import { DASHBOARD_LOGIC } from './client-logic.ts'
import { DASHBOARD_UI } from './client-ui.ts'
import { DASHBOARD_CSS } from './styles.ts'

/** The inline script: the pure functions, then the wiring, in one strict closure (no globals). */
export const DASHBOARD_SCRIPT = `(function () {\n${DASHBOARD_LOGIC}\n${DASHBOARD_UI}\n})()\n`

// Inputs carry no `name`: even if the script never ran, a form submit could not put the key in a URL
// (and `form-action 'none'` forbids the submit anyway).
const BODY = `<header class="top">
<h1>Verdict <span>· compliance dashboard</span></h1>
<form id="key-form" class="key" autocomplete="off">
<label for="key">Read API key</label>
<input id="key" type="password" autocomplete="off" spellcheck="false" placeholder="vdk_…" aria-describedby="intro">
<button type="submit">Open dashboard</button>
<span id="key-state"></span>
<button type="button" id="forget" hidden>Forget key</button>
</form>
</header>
<div class="wrap">
<p id="intro">Paste an API key with the <code>read</code> scope. It is kept in this tab's session storage only and sent to this server alone, in the <code>Authorization</code> header.</p>
<noscript><p>This dashboard needs JavaScript.</p></noscript>
<div id="error" role="alert" hidden></div>
<p id="status" role="status" aria-live="polite"></p>
<main id="app" hidden>
<form id="filters" class="filters" aria-label="Filters">
<label for="from">From (UTC day)<input id="from" type="date"></label>
<label for="to">To (UTC day)<input id="to" type="date"></label>
<label for="policy-set">Policy set<select id="policy-set"><option value="">All policy sets</option></select></label>
<label for="sort">Clusters<select id="sort"><option value="name">by name</option><option value="worst">worst first</option></select></label>
<button type="submit">Apply</button>
</form>
<p id="window"></p>
<section aria-labelledby="totals-h"><h2 id="totals-h" class="sr-only">Totals</h2><dl id="totals" class="tiles"></dl></section>
<div class="grid">
<section class="card" aria-labelledby="trend-h"><h2 id="trend-h">Failures per day</h2><div id="trend"></div></section>
<section class="card" aria-labelledby="heartbeat-h"><h2 id="heartbeat-h">Cluster heartbeat</h2><p id="heartbeat-note" class="hint"></p><ul id="heartbeat"></ul></section>
</div>
<section class="card" aria-labelledby="matrix-h"><h2 id="matrix-h">Compliance by cluster and policy</h2>
<p class="hint">Compliance = pass ÷ (pass + fail) over admission and CI verdicts (dry runs excluded). Select a cell to list its verdicts.</p>
<p class="legend" aria-hidden="true"><span class="sw b-100"></span> 100% <span class="sw b-90"></span> ≥ 90% <span class="sw b-75"></span> ≥ 75% <span class="sw b-50"></span> ≥ 50% <span class="sw b-0"></span> &lt; 50% <span class="sw b-none"></span> warnings only</p>
<div class="matrix-tools"><label for="find">Find cluster</label> <input id="find" type="search" autocomplete="off" spellcheck="false" placeholder="name or id"> <span id="matrix-count" class="hint" aria-live="polite"></span></div>
<div class="scroll fit"><table id="matrix"></table></div>
<p id="matrix-empty" class="empty" hidden>No verdicts in this window.</p>
<button type="button" id="matrix-more" hidden>Show more clusters</button>
</section>
<section id="drill" class="card" aria-labelledby="drill-h" hidden>
<div class="drill-head"><div><h2 id="drill-h" tabindex="-1"></h2><p id="drill-sub"></p></div><button type="button" id="drill-close">Close</button></div>
<div class="scroll"><table class="list" id="drill-table"><thead><tr><th scope="col">Time</th><th scope="col">Cluster</th><th scope="col">Resource</th><th scope="col">Operation</th><th scope="col">Decision</th><th scope="col">Results for this policy</th></tr></thead><tbody id="drill-body"></tbody></table></div>
<p id="drill-status" role="status" aria-live="polite"></p>
<button type="button" id="more" hidden>Load more</button>
</section>
<section class="card" aria-labelledby="top-h"><h2 id="top-h">Top violating workloads</h2>
<table class="list" id="top"><thead><tr><th scope="col" class="num">#</th><th scope="col">Cluster</th><th scope="col">Kind</th><th scope="col">Namespace</th><th scope="col">Name</th><th scope="col" class="num">Fail</th><th scope="col" class="num">Warn</th></tr></thead><tbody id="top-body"></tbody></table>
<p id="top-empty" class="empty" hidden>No failing workloads in this window.</p>
</section>
</main>
</div>`

export const DASHBOARD_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Verdict · compliance dashboard</title>
<link rel="icon" href="data:,">
<style>${DASHBOARD_CSS}</style>
</head><body>
${BODY}
<script>${DASHBOARD_SCRIPT}</script>
</body></html>
`

async function sha256Base64(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))
  let bin = ''
  for (const b of digest) bin += String.fromCharCode(b)
  return btoa(bin)
}

/** The policy for {@link DASHBOARD_HTML}: its own script and stylesheet by hash, fetches to its own origin only. */
export async function dashboardCsp(): Promise<string> {
  const [script, style] = await Promise.all([sha256Base64(DASHBOARD_SCRIPT), sha256Base64(DASHBOARD_CSS)])
  return [
    "default-src 'none'",
    `script-src 'sha256-${script}'`,
    `style-src 'sha256-${style}'`,
    "connect-src 'self'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

let csp: Promise<string> | undefined

/** The page and its CSP; the hashes are computed once per isolate/process (the page never changes). */
export async function dashboardPage(): Promise<{ html: string; csp: string }> {
  csp ??= dashboardCsp()
  return { html: DASHBOARD_HTML, csp: await csp }
}
