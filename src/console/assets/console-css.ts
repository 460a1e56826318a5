/** The console's whole stylesheet, served from the service (no CDN); kept small and legible at 200% zoom. */
export const CONSOLE_CSS = `
:root { --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --accent: #0b5cad; --ok: #116329; --err: #a40e26; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.6 system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: var(--ink); background: #fff; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem 1rem; z-index: 10; }
.skip:focus { left: 1rem; }
.top { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; padding: .75rem 1.5rem; background: var(--bg); border-bottom: 1px solid var(--line); }
.brand { font-weight: 600; }
.top nav ul { display: flex; gap: 1rem; list-style: none; margin: 0; padding: 0; }
.top nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
.who { margin-left: auto; display: flex; gap: .75rem; align-items: center; }
main { padding: 1.5rem; max-width: 1200px; }
main:focus { outline: none; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
button { font: inherit; padding: .4rem 1rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 4px; cursor: pointer; }
input, select, textarea { font: inherit; padding: .35rem .5rem; border: 1px solid var(--muted); border-radius: 4px; }
.stack { display: flex; flex-direction: column; gap: .4rem; align-items: flex-start; }
.stack.narrow { max-width: 24rem; }
.stack.narrow input { width: 100%; }
.inline, .filters, .actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .75rem 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.25rem; margin: 1rem 0; }
.flash { padding: .6rem 1rem; border-radius: 4px; margin: .75rem 0; }
.flash.ok { background: #dafbe1; color: var(--ok); }
.flash.err { background: #ffebe9; color: var(--err); }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .4rem .5rem; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.big { font-size: 1.4rem; font-weight: 700; }
progress { width: 100%; max-width: 36rem; height: 1.2rem; }
td progress { width: 8rem; }
.dropzone { border: 2px dashed var(--muted); border-radius: 6px; padding: 1rem; width: 100%; }
.dropzone.over { border-color: var(--accent); background: #ddf4ff; }
ol.trace li { margin-bottom: .5rem; }
.clause { font-weight: 600; }
.io { color: var(--muted); font-size: .9rem; }
code { word-break: break-all; font-size: .85rem; }
.check { display: flex; gap: .5rem; align-items: center; }
fieldset { border: 1px solid var(--line); border-radius: 6px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 1rem; }
.chart { margin: 0; }
.chart svg { max-width: 640px; display: block; }
.chart-label, .chart-value { font-size: 13px; fill: var(--ink); }
.bar { fill: var(--accent); }
.bar-1 { fill: #1a7f37; } .bar-2 { fill: #9a6700; } .bar-3 { fill: #8250df; } .bar-4 { fill: #bf3989; } .bar-5 { fill: #57606a; }
table.audit td { font-size: .85rem; }
`;
