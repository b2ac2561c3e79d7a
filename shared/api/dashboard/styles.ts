/** The dashboard's stylesheet: system fonts only, colour bands as classes (the CSP allows no inline style attributes). */
export const DASHBOARD_CSS = `
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#f6f8fa;--card:#fff;--accent:#0969da;--bad:#cf222e;--warn:#9a6700;--ok:#1a7f37}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:var(--fg);background:var(--bg)}
.top{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between;padding:.75rem 1.5rem;background:#24292f;color:#fff}
.top h1{font-size:1.15rem;margin:0;font-weight:600}.top h1 span{font-weight:400;color:#c9d1d9}
.key{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}
.key label{font-size:.85rem;color:#c9d1d9}
.key input{width:22rem;max-width:60vw;padding:.35rem .5rem;border-radius:6px;border:1px solid #57606a;background:#0d1117;color:#fff;font:inherit}
.key.has-key label,.key.has-key input,.key.has-key button[type=submit]{display:none}
#key-state{font-size:.85rem;color:#c9d1d9}
button{font:inherit;cursor:pointer;border-radius:6px;border:1px solid var(--line);background:#f6f8fa;color:var(--fg);padding:.3rem .75rem}
button:hover{background:#eaeef2}button:focus-visible,input:focus-visible,select:focus-visible{outline:2px solid var(--accent);outline-offset:1px}
.top button{border-color:#57606a;background:#30363d;color:#fff}.top button:hover{background:#3d444d}
.wrap{max-width:96rem;margin:0 auto;padding:1rem 1.5rem 3rem}
#intro{max-width:46rem}
#error{background:#ffebe9;border:1px solid #ff8182;color:#82071e;padding:.6rem .9rem;border-radius:6px;margin:.75rem 0}
#status{color:var(--muted);min-height:1.2em;font-size:.85rem}
.filters{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-end;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.75rem 1rem}
.filters label{display:flex;flex-direction:column;font-size:.8rem;color:var(--muted);gap:.2rem}
.filters input,.filters select{font:inherit;padding:.3rem .4rem;border:1px solid var(--line);border-radius:6px;background:#fff;color:var(--fg);min-width:9rem}
.filters button{background:var(--accent);border-color:var(--accent);color:#fff}.filters button:hover{background:#0860c7}
#window{color:var(--muted);font-size:.85rem;margin:.5rem 0 1rem}
section.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:1rem;margin:0 0 1rem;min-width:0}
section.card h2{font-size:1rem;margin:0 0 .5rem}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.75rem;margin:0 0 1rem}
.tile{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.6rem .9rem;border-top-width:4px}
.tile dt{font-size:.8rem;color:var(--muted)}.tile dd{margin:0;font-size:1.6rem;font-weight:600;font-variant-numeric:tabular-nums}
.tile.bad{border-top-color:var(--bad)}.tile.warn{border-top-color:#d4a72c}
.tile.b-100{border-top-color:var(--ok)}.tile.b-90{border-top-color:#4ac26b}.tile.b-75{border-top-color:#d4a72c}.tile.b-50{border-top-color:#fb8f44}.tile.b-0{border-top-color:var(--bad)}
.grid{display:grid;grid-template-columns:minmax(0,2fr) minmax(16rem,1fr);gap:1rem}
@media (max-width:60rem){.grid{grid-template-columns:1fr}}
.chart{max-width:100%;height:auto;display:block}
.chart .gridline{stroke:#eaeef2}.chart .axis{stroke:#8c959f}
.chart text{font-size:11px;fill:var(--muted)}.chart .ytick{text-anchor:end}.chart .xtick{text-anchor:middle}
.chart .fail,.sw.fail{fill:var(--bad);background:var(--bad)}.chart .warnbar,.sw.warnbar{fill:#d4a72c;background:#d4a72c}
.chart .bar:hover rect{opacity:.8}
.legend{font-size:.8rem;color:var(--muted);margin:.4rem 0 0;display:flex;flex-wrap:wrap;gap:.35rem;align-items:center}
.sw{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;vertical-align:middle}
#heartbeat{list-style:none;margin:0;padding:0;max-height:12.5rem;overflow:auto}
#heartbeat li{padding:.4rem 0;border-top:1px solid #eaeef2}#heartbeat li.silent strong{color:#a40e26}
#heartbeat .badge{margin:0 .25rem 0 0}
.hint{color:var(--muted);font-size:.85rem;margin:0 0 .5rem}
.badge{display:inline-block;font-size:.7rem;font-weight:600;padding:0 .4rem;border-radius:999px;background:#eaeef2;color:var(--fg);margin-left:.25rem;vertical-align:middle;text-transform:uppercase;letter-spacing:.02em}
.badge.bad{background:#ffebe9;color:#a40e26}.badge.ok{background:#dafbe1;color:#116329}.badge.warn{background:#fff8c5;color:#7d4e00}
.scroll{overflow:auto;max-height:70vh;border:1px solid var(--line);border-radius:6px}
.scroll.fit{display:inline-block;max-width:100%;vertical-align:top}
table{border-collapse:separate;border-spacing:0;font-variant-numeric:tabular-nums}
#matrix th,#matrix td{border-bottom:1px solid #eaeef2;border-right:1px solid #eaeef2;padding:3px;background:#fff}
#matrix thead th{position:sticky;top:0;z-index:2;background:#f6f8fa;font-weight:600;text-align:center;vertical-align:bottom;padding:.45rem .5rem;max-width:11rem;overflow-wrap:anywhere}
#matrix tbody th,#matrix tfoot th{position:sticky;left:0;z-index:1;background:#f6f8fa;text-align:left;padding:.35rem .6rem;min-width:11rem;max-width:18rem;overflow-wrap:anywhere;font-weight:600}
#matrix thead th.corner{left:0;z-index:3;text-align:left;color:var(--muted);font-weight:400}
#matrix th small{display:block;color:var(--muted);font-weight:400}
#matrix tfoot td,#matrix tfoot th,#matrix td.total{background:#f6f8fa}
#matrix tfoot th,#matrix tfoot td{border-top:2px solid var(--line)}
#matrix tr.silent th{box-shadow:inset 4px 0 var(--bad)}
.cell{display:block;width:100%;min-width:6.5rem;height:3rem;border:0;border-radius:4px;padding:.3rem .4rem;text-align:center;line-height:1.2;overflow:hidden}
.cell .pct{display:block;font-size:1.05rem;font-weight:600}.cell .cnt{display:block;font-size:.72rem;white-space:nowrap}
button.cell:hover{filter:brightness(.94)}button.cell[aria-current]{box-shadow:inset 0 0 0 3px #24292f}button.cell:focus-visible{outline:3px solid var(--accent);outline-offset:-3px}
.b-100{background:#dafbe1;color:#0f5323}.b-90{background:#aceebb;color:#0f5323}.b-75{background:#fff1b3;color:#6b4200}.b-50{background:#ffd8b5;color:#762c00}.b-0{background:#ffcecb;color:#82071e}
.b-none{background:#eaeef2;color:var(--muted)}.b-empty{color:#afb8c1;background:transparent;line-height:2.4rem}
.list{width:100%}.list th,.list td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #eaeef2;vertical-align:top}
.list thead th{background:#f6f8fa;position:sticky;top:0;font-weight:600}
.list td.num,.list th.num{text-align:right}
.nowrap{white-space:nowrap}
.kind{color:var(--muted)}
.results{list-style:none;margin:0;padding:0}.results li+li{margin-top:.35rem}.results .badge{margin-left:0}
.msg{overflow-wrap:anywhere;white-space:pre-wrap}
.drill-head{display:flex;justify-content:space-between;align-items:flex-start;gap:1rem}
#drill h2:focus{outline:none}
#drill-sub,#drill-status,.empty{color:var(--muted);font-size:.85rem}
#more,#matrix-more{margin-top:.5rem;display:block}
.matrix-tools{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem;margin:0 0 .5rem;font-size:.85rem}
.matrix-tools input{font:inherit;padding:.25rem .4rem;border:1px solid var(--line);border-radius:6px;width:14rem}
.matrix-tools .hint{margin:0}
code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f6f8fa;padding:0 .25rem;border-radius:4px}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
[hidden]{display:none!important}
`
