// The HTML report's stylesheet, inlined into the page (the report loads nothing from anywhere).
// Rows have a fixed height so the waterfall can be virtualized without measuring anything.

export const HTML_STYLE = `
:root { --row-h: 22px; --label-w: 34%; --missing: #cf222e; --unexpected: #1a7f37; --changed: #bf8700;
  --slower: #8250df; --golden: #8c959f; --current: #3b82c4; --border: #d0d7de; --muted: #57606a; --bg-soft: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; background: #fff; }
header.top { padding: 10px 16px; border-bottom: 1px solid var(--border); display: flex; gap: 16px; align-items: baseline; flex-wrap: wrap; }
header.top h1 { font-size: 16px; margin: 0; }
.muted { color: var(--muted); }
.pass { color: var(--unexpected); } .fail { color: var(--missing); } .err { color: #9a6700; }
section { padding: 8px 16px; }
table { border-collapse: collapse; }
table.summary { width: 100%; }
table.summary th, table.summary td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--border); white-space: nowrap; }
table.summary td.name { white-space: normal; width: 40%; }
table.summary tr.test-row { cursor: pointer; }
table.summary tr.test-row:hover, table.summary tr.test-row.current { background: var(--bg-soft); }
h2 { font-size: 15px; margin: 6px 0; }
.meta { color: var(--muted); margin-bottom: 6px; }
.error-box { border: 1px solid var(--missing); background: #ffebe9; padding: 6px 10px; border-radius: 4px; margin: 6px 0; }
.legend { display: flex; gap: 14px; margin: 6px 0; color: var(--muted); flex-wrap: wrap; }
.legend i { display: inline-block; width: 12px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
.findings { list-style: none; margin: 0; padding: 0; max-height: 240px; overflow: auto; border: 1px solid var(--border); border-radius: 4px; }
.findings li { padding: 3px 8px; border-bottom: 1px solid var(--border); cursor: pointer; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
.findings li:last-child { border-bottom: 0; }
.findings li:hover { background: var(--bg-soft); }
.findings li.suppressed { color: var(--muted); }
.findings .path { color: var(--muted); }
.mk { display: inline-block; width: 14px; font-weight: bold; }
.mk-missing { color: var(--missing); } .mk-unexpected { color: var(--unexpected); } .mk-changed { color: var(--changed); } .mk-slower { color: var(--slower); }
.layout { display: flex; gap: 12px; align-items: flex-start; margin-top: 8px; }
.wf { flex: 1 1 auto; min-width: 0; border: 1px solid var(--border); border-radius: 4px; }
.wf-head { display: grid; grid-template-columns: var(--label-w) 1fr 1fr; border-bottom: 1px solid var(--border); background: var(--bg-soft); font-weight: 600; }
.wf-head > div { padding: 4px 6px; border-left: 1px solid var(--border); }
.wf-head > div:first-child { border-left: 0; }
.axis { position: relative; height: 14px; font-weight: normal; font-size: 10px; color: var(--muted); }
.axis span { position: absolute; top: 0; transform: translateX(-50%); white-space: nowrap; }
.axis span:first-child { transform: none; }
.axis span.end { transform: translateX(-100%); }
.wf-body { height: 62vh; min-height: 240px; overflow-y: auto; position: relative; contain: strict; }
.wf-spacer { position: relative; width: 100%; }
.wf-rows { position: absolute; top: 0; left: 0; right: 0; will-change: transform; }
.row { display: grid; grid-template-columns: var(--label-w) 1fr 1fr; height: var(--row-h); cursor: pointer; border-bottom: 1px solid #f0f2f4; }
.row:hover { background: #f3f6fa; }
.row.sel { background: #ddf4ff !important; outline: 1px solid #54aeff; outline-offset: -1px; }
.row .label { overflow: hidden; white-space: nowrap; text-overflow: ellipsis; padding-right: 6px; line-height: var(--row-h); }
.row .svc { color: var(--muted); font-size: 11px; }
.row .cnt { font-size: 11px; font-weight: 600; margin-left: 4px; }
.lane { position: relative; border-left: 1px solid var(--border); overflow: hidden; }
.bar { position: absolute; top: 5px; height: 12px; min-width: 2px; border-radius: 2px; background: var(--golden); }
.bar.c { background: var(--current); }
.bar.multi { background-image: linear-gradient(to right, transparent calc(100% - 1px), rgba(255,255,255,.9) 0); }
.bar.status-error { box-shadow: inset 0 -3px 0 var(--missing); }
.row.drift-missing { background: #fff0ef; } .row.drift-missing .bar { background-color: var(--missing); }
.row.drift-unexpected { background: #eefbf1; } .row.drift-unexpected .bar { background-color: var(--unexpected); }
.row.drift-changed { background: #fff8e1; } .row.drift-changed .bar { background-color: var(--changed); }
.row.drift-slower { background: #f6f0ff; } .row.drift-slower .bar { background-color: var(--slower); }
.row .k { display: inline-block; width: 8px; height: 8px; border-radius: 50%; margin-right: 5px; background: #afb8c1; }
.k-server { background: #3b82c4 !important; } .k-client { background: #54aeff !important; } .k-producer { background: #bf8700 !important; } .k-consumer { background: #d4a72c !important; }
aside.details { flex: 0 0 360px; max-height: calc(62vh + 60px); overflow: auto; border: 1px solid var(--border); border-radius: 4px; padding: 8px; }
aside.details h3 { margin: 0 0 4px; font-size: 14px; word-break: break-word; }
aside.details table { width: 100%; font-size: 12px; }
aside.details th, aside.details td { text-align: left; vertical-align: top; padding: 2px 4px; border-bottom: 1px solid #eef0f2; word-break: break-all; }
aside.details td.key { font-family: ui-monospace, Menlo, monospace; white-space: nowrap; word-break: normal; }
aside.details tr.chg td { background: #fff8e1; } aside.details tr.add td { background: #eefbf1; } aside.details tr.del td { background: #fff0ef; }
aside.details .f { margin: 4px 0; padding: 4px 6px; border-left: 3px solid var(--changed); background: var(--bg-soft); }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
.empty { padding: 16px; color: var(--muted); }
`;
