/**
 * A readable API reference rendered on the server from the OpenAPI document itself, so it works
 * offline and on every runtime: no script, no CDN, nothing fetched by the browser.
 */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function obj(v: Json | undefined): { [k: string]: Json } {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {}
}

/** HTML for an OpenAPI 3 document: one section per path and method, with schemas shown as JSON. */
export function renderDocsPage(doc: Json): string {
  const d = obj(doc)
  const info = obj(d.info)
  const sections: string[] = []
  for (const [path, item] of Object.entries(obj(d.paths))) {
    for (const [method, op] of Object.entries(obj(item))) {
      const o = obj(op)
      const params = Array.isArray(o.parameters) ? o.parameters.map((p) => obj(p)) : []
      const body = obj(obj(obj(o.requestBody).content)['application/json']).schema
      const responses = Object.entries(obj(o.responses))
        .map(([code, r]) => `<li><code>${esc(code)}</code> ${esc(String(obj(r).description ?? ''))}</li>`)
        .join('')
      sections.push(`<section id="${esc(method + path)}">
<h2><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h2>
<p>${esc(String(o.summary ?? o.description ?? ''))}</p>
${o.security ? '<p class="auth">Requires <code>Authorization: Bearer &lt;key&gt;</code>.</p>' : ''}
${params.length ? `<h3>Parameters</h3><ul>${params.map((p) => `<li><code>${esc(String(p.name))}</code> (${esc(String(p.in))}${p.required ? ', required' : ''})</li>`).join('')}</ul>` : ''}
${body ? `<h3>Request body</h3><pre>${esc(JSON.stringify(body, null, 2))}</pre>` : ''}
<h3>Responses</h3><ul>${responses}</ul>
</section>`)
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(String(info.title ?? 'API'))} reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
h1{margin-bottom:0}section{border-top:1px solid #d0d7de;padding:.5rem 0}
pre{background:#f6f8fa;padding:.75rem;overflow:auto;font-size:13px}
.m{display:inline-block;min-width:4.5rem;text-align:center;border-radius:4px;color:#fff;font-size:13px;padding:2px 6px}
.get{background:#0969da}.post{background:#1a7f37}.put{background:#9a6700}.delete{background:#cf222e}
.auth{color:#57606a}
</style></head><body>
<h1>${esc(String(info.title ?? 'API'))}</h1><p>Version ${esc(String(info.version ?? ''))} · machine-readable: <a href="/openapi.json">/openapi.json</a></p>
${sections.join('\n')}
</body></html>`
}
