'use strict'

// The page around the report: one self-contained HTML document, its style,
// and its one script, the only one its Content-Security-Policy allows (by
// its hash): nothing is loaded from anywhere.

const crypto = require('node:crypto')
const { esc } = require('./format.js')
const { STATE_COLORS, PRIMARY_COLOR } = require('./events.js')

const STYLE = `
:root{--fg:#1f2328;--muted:#656d76;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;--ok:#1a7f37;--bad:#cf222e;--warn:#9a6700}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1180px;margin:0 auto;padding:24px 20px 60px}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:18px;margin:0;display:flex;gap:10px;align-items:center;flex-wrap:wrap}
h3{font-size:14px;margin:18px 0 6px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
a{color:#0969da;text-decoration:none}a:hover{text-decoration:underline}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
.muted{color:var(--muted)}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;background:var(--soft);font-size:12.5px}
td.num,th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.num div{white-space:nowrap}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff;white-space:nowrap}
.badge.pass{background:var(--ok)}.badge.fail,.badge.bail{background:var(--bad)}.badge.incomplete{background:var(--warn)}
section.scenario{border:1px solid var(--line);border-radius:8px;padding:16px 18px;margin:26px 0}
section.scenario.failed{border-left:5px solid var(--bad)}
.facts{display:flex;flex-wrap:wrap;gap:6px 22px;margin:10px 0 0;padding:0}
.facts div{margin:0}.facts dt{font-size:12px;color:var(--muted)}.facts dd{margin:0;font-weight:600;font-variant-numeric:tabular-nums}
.facts dt[title]{text-decoration:underline dotted;cursor:help}
.failure{background:#ffebe9;border:1px solid #ffcecb;border-radius:6px;padding:8px 10px;margin:8px 0}
.failure .observed{display:block;margin-top:4px;font-weight:600;white-space:pre-wrap;word-break:break-word}
.warning{background:#fff8c5;border:1px solid #eedc82;border-radius:6px;padding:8px 10px;margin:8px 0}
tr.not-ok td{background:#fff5f5}
td.where{white-space:nowrap}
td.observed{color:var(--bad);font-weight:600;white-space:pre-wrap;word-break:break-word}
.ok{color:var(--ok);font-weight:600}.not-ok{color:var(--bad);font-weight:700}
figure.fig{margin:4px 0 10px;padding:0}
.chart{width:100%;height:auto;display:block;margin:4px 0;overflow:visible}
.chart text{font:11px system-ui,sans-serif;fill:#1f2328}
.chart .tick{fill:#6e7781;font-size:10px}.chart .grid{stroke:#eef1f4}
.chart .sep{stroke:#d0d7de}.chart .agent{font-weight:700;font-size:12px}.chart .agent-sub{fill:#656d76}
.chart .lane-label{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:10.5px}
.chart .lane-bg{fill:#f0f2f5}
.chart .startup{fill:#e9ecef}.chart .break{stroke:#6e7781;stroke-width:1.3;fill:none}
.chart .step{stroke:#57606a;stroke-dasharray:3 3}.chart .step-label{font-size:10.5px;fill:#424a53}
.chart .step-number{font-weight:700}
.chart .bail{stroke:#cf222e;stroke-width:2}
.chart .stream{fill:none;stroke-width:1.8;stroke-opacity:.85}.chart .rate{opacity:.9}
.chart .minor{stroke-width:1}
.chart .app-bar{fill:#a898d6}.chart .assoc-start{stroke:#8c959f;stroke-width:1}
.legend-row{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:12px;color:var(--muted);margin:6px 0}
.legend-row i{display:inline-block;width:12px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
.legend-row i.primary-swatch{width:18px;height:12px;border-radius:2px;box-shadow:inset 0 0 0 3px ${PRIMARY_COLOR};background:${STATE_COLORS.SCTP_ACTIVE}}
.legend-row b{color:var(--fg)}
.legend-row i.app-swatch{width:6px;background:#a898d6}
ol.step-list{display:flex;flex-wrap:wrap;gap:2px 18px;margin:2px 0 6px;padding:0;list-style:none;font-size:12px;color:var(--muted)}
ol.step-list b{color:var(--fg);margin-right:4px}
.definitions{border:1px solid var(--line);border-radius:8px;padding:10px 18px;margin:18px 0;background:#fbfcfd}
.definitions h2{font-size:15px}
.definitions dl{display:grid;grid-template-columns:max-content 1fr;gap:3px 14px;margin:8px 0 0;font-size:12.5px}
.definitions dt{font-weight:600}.definitions dd{margin:0;color:#424a53}
details{margin:10px 0}summary{cursor:pointer;color:var(--muted)}
h4{font-size:14px;margin:14px 0 2px;font-weight:400}h4 code{margin-left:8px;color:#424a53;word-break:break-all}
.program{border-top:1px solid var(--line);padding-top:2px}
.program .facts{margin-top:4px}
.exit-ok{color:var(--ok)}.exit-signal{color:var(--warn)}.exit-fail{color:var(--bad)}
table.app-summary{margin:8px 0 0;width:auto;min-width:60%}
table.app-summary td.mono{word-break:break-word}
ol.output-lines{list-style:none;margin:4px 0;padding:6px 8px;background:var(--soft);border:1px solid var(--line);border-radius:6px;font:12px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace}
ol.output-lines li{display:flex;gap:10px;align-items:baseline}
ol.output-lines .t{color:var(--muted);white-space:nowrap;min-width:6.5em;text-align:right}
ol.output-lines .stream{color:var(--muted);min-width:2.2em}
ol.output-lines .text{white-space:pre-wrap;word-break:break-all;flex:1}
ol.output-lines li.stderr .stream,ol.output-lines li.stderr .text{color:#b3261e}
ol.output-lines .cut-mark{font:600 10.5px system-ui,sans-serif;color:#fff;background:var(--warn);border-radius:3px;padding:0 4px}
ol.output-lines .more{color:var(--muted);font-style:italic}
ol.output-lines li.omitted{color:var(--muted);font-style:italic;justify-content:center;padding:2px 0}
.back{display:none;font-size:13px;font-weight:400}
#cursor{position:fixed;pointer-events:none;background:#1f2328;color:#fff;font:11px ui-monospace,monospace;padding:2px 6px;border-radius:4px;display:none;z-index:5}
footer{margin-top:30px;color:var(--muted);font-size:12px}
main:has(>section.scenario:target){display:flex;flex-direction:column;padding-top:0}
main:has(>section.scenario:target)>.page-head,main:has(>section.scenario:target)>section.scenario:not(:target){display:none}
main:has(>section.scenario:target)>.definitions{order:1}
main:has(>section.scenario:target)>footer{order:2}
section.scenario:target{margin-top:8px;scroll-margin-top:8px}
section.scenario:target .back{display:inline}
`

// Shows the time under the pointer on the charts (the axis may have its
// start-up compressed: data-focus ms drawn from data-left to
// data-startup-right), and marks the page as rendered (data-report-ready)
// or not (data-report-error) for ci/report-check.js.
const SCRIPT = `(function () {
  var root = document.documentElement
  var errors = []
  window.addEventListener('error', function (e) { errors.push(String(e.message)); root.setAttribute('data-report-error', errors.join('; ')) })
  try {
    var tip = document.getElementById('cursor')
    var charts = document.querySelectorAll('svg.chart')
    Array.prototype.forEach.call(charts, function (svg) {
      var num = function (name) { return Number(svg.getAttribute('data-' + name)) }
      var left = num('left'), right = num('right'), split = num('split'), sright = num('startup-right'), focus = num('focus'), dur = num('duration')
      var width = Number(svg.viewBox.baseVal.width)
      svg.addEventListener('mousemove', function (ev) {
        var box = svg.getBoundingClientRect()
        var vx = (ev.clientX - box.left) * width / box.width
        var t
        if (vx < left || vx > right) { tip.style.display = 'none'; return }
        if (focus > 0 && vx <= sright) t = (vx - left) / (sright - left) * focus
        else if (vx < split) { tip.style.display = 'none'; return }
        else t = focus + (vx - split) / (right - split) * (dur - focus)
        tip.textContent = (t / 1000).toFixed(3) + ' s'
        tip.style.left = (ev.clientX + 12) + 'px'
        tip.style.top = (ev.clientY + 12) + 'px'
        tip.style.display = 'block'
      })
      svg.addEventListener('mouseleave', function () { tip.style.display = 'none' })
    })
    var sections = document.querySelectorAll('section.scenario')
    if (!errors.length) root.setAttribute('data-report-ready', String(sections.length))
  } catch (err) {
    root.setAttribute('data-report-error', String(err && err.message || err))
  }
})()`

const SCRIPT_HASH = crypto.createHash('sha256').update(SCRIPT).digest('base64')
const CSP = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${SCRIPT_HASH}'`

// The whole document: `body` goes in <main>; `style`, more CSS after the
// shared STYLE; `bodyClass`, a class on <body>.
function page ({ title, body, style = '', bodyClass = '' }) {
  return '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${esc(CSP)}">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${esc(title)}</title><style>${STYLE}${style}</style></head><body${bodyClass ? ` class="${esc(bodyClass)}"` : ''}><main>` +
    body +
    `</main><div id="cursor"></div><script>${SCRIPT}</script></body></html>\n`
}

module.exports = { STYLE, SCRIPT, CSP, page }
