'use strict'

// The page: a summary table, what each figure means, then per scenario its
// facts, the timeline, the traffic per path, the messages delivered, its
// programs (agents that are the user's own programs) and the
// expectations. Self-contained: inline CSS and SVG, and one inline
// script allowed by its hash in the Content-Security-Policy.

const crypto = require('node:crypto')
const { esc, fmtMs, fmtT, fmtRate, slug, where, isNum } = require('./format.js')
const { analyse } = require('./parse.js')
const { summarize } = require('./timings.js')
const { pathLabel } = require('./paths.js')
const { STATE_COLORS, PRIMARY_COLOR, notificationStyle, describe } = require('./events.js')
const { timelineChart } = require('./svg/timeline.js')
const { trafficChart } = require('./svg/traffic.js')
const { deliveryCharts } = require('./svg/delivery.js')
const { STARTUP_SHARE, STARTUP_MIN_MS } = require('./parse.js')
const { COINCIDE_SHARE } = require('./series.js')
const { programs, shortArgv, fieldsText, fieldSummaryText, exitClass } = require('./programs.js')

// A program's app reports: the first APP_PER_NAME of each name are listed;
// its output: the first OUTPUT_HEAD and the last OUTPUT_TAIL lines (and
// stderr and cut lines between them; programs.js outputExcerpt).
const APP_PER_NAME = 5
const OUTPUT_HEAD = 20
const OUTPUT_TAIL = 20
// Characters of a line shown (a cut one holds 4 KiB).
const LINE_SHOWN = 300

// Every figure the page shows, defined once: the list under the summary
// and the hover text of each fact.
const DEFINITIONS = [
  ['result', 'pass: the run ended and met every expectation; fail: an expectation was not met (or the runner exited non-zero); bailed: the runner stopped the script (an agent died, a step failed); incomplete: no end record (the run was killed).'],
  ['expectations', 'expectations met / expectations in the script.'],
  ['duration', 'from the run\'s start to its end record.'],
  ['start-up', `from the run's start to shortly before the first connect or rx/tx (a program's: traffic) report: the agents starting. Drawn compressed, in grey, at the left of each chart when it takes at least ${STARTUP_SHARE * 100}% of the run and ${STARTUP_MIN_MS / 1000} s.`],
  ['connect', 'from the connecting agent\'s agent step to its connect report (without a built-in connecting agent: the program whose connect report came first, to its first one).'],
  ['failure detection', 'per agent: from the first link down step to that agent\'s first SCTP_ADDR_UNREACHABLE notification or peer-info path turning SCTP_INACTIVE, before the matching link up. — : that agent saw none.'],
  ['PF detection', 'per agent: the same, to its first SCTP_ADDR_POTENTIALLY_FAILED notification or path turning SCTP_PF (or SCTP_INACTIVE).'],
  ['recovery', 'per agent: from the first link up after a link down to that agent\'s first SCTP_ADDR_AVAILABLE notification or path back to SCTP_ACTIVE from SCTP_INACTIVE or SCTP_PF.'],
  ['longest delivery gap', 'the longest a receiver went without a message (the largest maxGap of its rx reports), receiver ← sender. After a path failure: the failover time the application saw.'],
  ['path rows', 'one row per peer address of an agent, named by the path it is on: "→ a (10.1.0.2)" is the peer\'s address on path a. The band\'s colour is the path\'s state in the agent\'s peer-info reports.'],
  ['primary', 'the tinted band behind a path row: that address was the agent\'s primary path (peer-info "primary") over that time.'],
  ['events', '◆ notification, ▲ address-change, ● socket event (listening, connect, ready, close) or call, ■ the agent\'s exit (red: anything but exit 0), │ sender-dry or authentication notification, ✕ error. A program\'s own reports and output are not drawn here (see app reports).'],
  ['app reports', 'a program\'s own reports (testbed.report(name, fields), {"ev":"app"}). On the timeline, a row under its events: bars of how many it made per time slice (the busiest slice full height, the others by the square root of their share of it), and ◇ for each report of a name it made at most 3 times. Under Programs: per name, how many, from the first to the last, and per field its lowest, highest and median value (numbers) or its values; then the first 5 of each name.'],
  ['network change', 'a dashed line: a link, addr, netem, kill, close or call step, labelled with its text above the timeline (or numbered there and listed under it).'],
  ['traffic per path', 'bytes per second the sending host\'s end of the path\'s veth sent, one lane per path and direction: the growth of the count between two path-stats records, over the runner\'s sampling interval (about 100 ms) before the later one. All lanes share one scale; any traffic (heartbeats) shows at least as a sliver.'],
  ['messages delivered', `the messages a receiver got from a sender so far, per stream (rx reports). For a program, from its traffic reports (cumulative per association, written at most every 100 ms when a count changed): per stream summed over the PPIDs and over the program's associations, the senders being the agents at their other ends; a thin line marks where each association after the first came up; its longest gap ("≈") is the longest time between two of its traffic reports in which the count grew, so to within about 100 ms. Streams whose lines stay within ${COINCIDE_SHARE * 100}% of the chart's height of each other are drawn as one ("streams 0–3").`],
  ['started', 'a program agent: when the runner started it (its start record), from the run\'s start.'],
  ['ended', 'how the program ended ("exit N", "signal N", or "not started" when it could not be run), when, and how long it ran; "no exit record": it had not ended when the timeline stops.'],
  ['associations', 'a program\'s associations, numbered as it reports them (assoc=N), each with the agent at its other end (matched by ports and addresses) and from its connect or connection report to its close (or the program\'s exit; "end": the run\'s end).'],
  ['output', 'the lines the program wrote on stdout (out) and stderr (err), as the runner recorded them: at most 10,000 per stream, each cut at 4 KiB ("cut"). Listed in time order; when there are more than 45, the first 20, the last 20 and, between them, the first 5 stderr lines and the first 5 cut ones, with how many lines each gap leaves out. A line is shown up to its first 300 characters.'],
  ['waited', 'how long the expectation itself waited: from when the runner reached it to when it was decided (the report that met it, 0 when one from before met it; the end of its hold; or its within= running out).'],
  ['elapsed', 'timelines without waited: from the step the expectation counts reports from (the last one that is not an expectation) to the report that met it.'],
  ['hold', 'for=: how long the expectation had to stay true, from when it was reached.'],
  ['after', 'after=: a lower bound; met earlier than this after its step began, the expectation fails ("previous": it counts only reports from when the expectation above was decided).']
]
const DEF = Object.fromEntries(DEFINITIONS)

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

// {cli: 3562.1, srv: null} -> "cli 3.56 s · srv —"
function byAgentText (obj) {
  if (!obj || !Object.keys(obj).length) return '—'
  return Object.entries(obj).map(([k, v]) => `${k} ${fmtMs(v)}`).join(' · ')
}
function byAgentCell (obj) {
  if (!obj || !Object.keys(obj).length) return '—'
  return Object.entries(obj).map(([k, v]) => `<div>${esc(`${k} ${fmtMs(v)}`)}</div>`).join('')
}

function summaryRow (s, id) {
  const t = s.timings
  const fails = s.failures.map((e) => `<div class="failure"><code>${esc(where(e))}</code> ${esc(e.text)}<span class="observed">observed: ${esc(e.observed || '(nothing)')}</span></div>`).join('')
  const bails = s.bail.map((m) => `<div class="failure">bail: <span class="observed">${esc(m)}</span></div>`).join('')
  const cut = s.status === 'incomplete' ? `<div class="warning">the run did not finish (no end record${s.truncated ? '; the last line was cut short' : ''})</div>` : ''
  return `<tr data-scenario="${esc(s.name)}">` +
    `<td><a href="#${esc(id)}">${esc(s.name)}</a><div class="muted mono">${esc(s.script)}</div></td>` +
    `<td><span class="badge ${esc(s.status)}">${esc(s.status === 'bail' ? 'bailed' : s.status)}</span></td>` +
    `<td class="num">${esc(s.passed)} / ${esc(s.expectations)}${s.failed ? ` <span class="not-ok">(${esc(s.failed)} failed)</span>` : ''}</td>` +
    `<td class="num">${esc(fmtMs(t.durationMs))}</td>` +
    `<td class="num">${esc(fmtMs(t.connectMs))}</td>` +
    `<td class="num detection">${byAgentCell(t.failureDetectionByAgent)}</td>` +
    `<td class="num recovery">${byAgentCell(t.recoveryByAgent)}</td>` +
    `<td class="num">${esc(fmtMs(t.failoverGapMs))}${t.failoverGap ? `<div class="muted">${esc(`${t.failoverGap.agent} ← ${t.failoverGap.from}`)}</div>` : ''}</td>` +
    `<td>${fails}${bails}${cut}</td></tr>`
}

function definitionList () {
  return '<section class="definitions" id="definitions"><h2>What the figures mean</h2><dl>' +
    DEFINITIONS.map(([k, v]) => `<dt id="def-${slug(k)}">${esc(k)}</dt><dd>${esc(v)}</dd>`).join('') +
    '</dl></section>'
}

function expectationTable (a) {
  if (!a.expects.length) return '<p class="muted">No expectation was decided.</p>'
  const waited = a.expects.some((e) => isNum(e.waited))
  const windowed = a.expects.some((e) => isNum(e.hold) || isNum(e.after) || (typeof e.after === 'string' && e.after))
  const timeOf = (e) => waited
    ? (isNum(e.waited) && e.waited >= 0 ? fmtMs(e.waited) : '—')
    : (e.ok && isNum(e.elapsed) && e.elapsed >= 0 ? fmtMs(e.elapsed) : '—')
  const after = (v) => isNum(v) ? `after ${fmtMs(v)}` : typeof v === 'string' && v ? `after ${v}` : ''
  const windowOf = (e) => [after(e.after), isNum(e.hold) ? `hold ${fmtMs(e.hold)}` : ''].filter(Boolean).join(', ')
  const col = waited ? 'waited' : 'elapsed'
  const rows = a.expects.map((e) => `<tr class="${e.ok ? 'ok-row' : 'not-ok'}" data-line="${esc(e.line)}">` +
    `<td class="${e.ok ? 'ok' : 'not-ok'}">${e.ok ? 'ok' : 'not ok'}</td>` +
    `<td class="mono where">${esc(where(e))}</td><td class="mono">${esc(e.text)}</td>` +
    `<td class="num">${esc(timeOf(e))}</td>` +
    (windowed ? `<td class="num">${esc(windowOf(e))}</td>` : '') +
    `<td class="observed">${e.ok ? '' : esc(e.observed || '(nothing)')}</td></tr>`).join('')
  return `<table class="expectations"><thead><tr><th></th><th>file:line</th><th>expectation</th>` +
    `<th class="num" title="${esc(DEF[col])}">${col}</th>` +
    (windowed ? `<th class="num" title="${esc(`after: ${DEF.after} hold: ${DEF.hold}`)}">after / hold</th>` : '') +
    `<th>observed instead</th></tr></thead><tbody>${rows}</tbody></table>`
}

function stepTable (a) {
  const rows = a.steps.map((s) => `<tr><td class="num">${esc(fmtT(s.t))}</td><td class="num">${esc(s.line)}</td><td class="mono">${esc(s.text)}</td></tr>`).join('')
  return `<details><summary>Steps (${a.steps.length})</summary><table><thead><tr><th class="num">t</th><th class="num">line</th><th>step</th></tr></thead><tbody>${rows}</tbody></table></details>`
}

// Reports of counts and states, drawn elsewhere (the charts, the path rows).
const COUNTS = new Set(['rx', 'tx', 'peer-info', 'snmp', 'traffic'])

function eventTable (a) {
  let minor = 0
  let app = 0
  let output = 0
  const rows = []
  const row = (t, agent, text, cls = '') => rows.push([t, `<tr class="${cls}"><td class="num">${esc(fmtT(t))}</td><td>${esc(agent)}</td><td class="mono">${esc(text)}</td></tr>`])
  for (const r of a.reports) {
    if (r.ev === 'notification' && notificationStyle(r).cls === 'minor') minor++
    else if (r.ev === 'app') app++
    else if (r.ev === 'output') output++
    else if (!COUNTS.has(r.ev)) row(r.t, r.agent, describe(r), r.ev === 'error' || r.ev === 'agent-error' ? 'not-ok' : '')
  }
  for (const x of a.transitions) row(x.t, x.agent, `path ${pathLabel(a.book, x.address, x.t)}: ${x.from || '(new)'} → ${x.to}`)
  rows.sort((p, q) => p[0] - q[0]) // stable: reports before path changes at the same t
  const n = (k, one, many) => `${k} ${k === 1 ? one : many}`
  const more = (minor ? `, and ${minor} sender-dry/authentication notifications` : '') +
    (app || output ? `; ${[app ? n(app, 'app report', 'app reports') : '', output ? n(output, 'output line', 'output lines') : ''].filter(Boolean).join(' and ')} under Programs` : '')
  return `<details><summary>Events and path changes (${rows.length}${more})</summary><table><thead><tr><th class="num">t</th><th>agent</th><th>event</th></tr></thead><tbody>${rows.map((r) => r[1]).join('')}</tbody></table></details>`
}

function timelineFigure (a) {
  const { svg, labels } = timelineChart(a)
  const legend = Object.entries(STATE_COLORS).map(([k, c]) => `<span><i style="background:${c}"></i>${esc(k)}</span>`).join('') +
    '<span><i class="primary-swatch"></i>primary path</span><span>◆ notification</span><span>▲ address-change</span>' +
    '<span>● socket event / expectation met</span><span>■ exit (red: not exit 0)</span><span>✕ error / expectation failed</span><span>┆ network change</span>' +
    (a.reports.some((r) => r.ev === 'app') ? '<span><i class="app-swatch"></i>app reports per time slice, ◇ one of a rare name</span>' : '') +
    (a.focus ? `<span>${esc(`start-up (${(a.focus.focus / 1000).toFixed(1)} s, compressed)`)}</span>` : '')
  const list = labels.numbered
    ? `<ol class="step-list">${labels.placed.map((p) => `<li><b>${p.number}</b>${esc(`${p.s.text} (${fmtT(p.s.t)})`)}</li>`).join('')}</ol>`
    : ''
  return `<figure class="fig timeline"><figcaption class="legend-row">${legend}</figcaption>${svg}${list}</figure>`
}

function trafficFigure (a) {
  const t = trafficChart(a)
  if (!t) return '<p class="muted">No path-stats records: this timeline does not say which path carried the data.</p>'
  const paths = [...new Set(t.lanes.map((l) => l.path))]
  const caption = `<span>${esc(`bytes/s sent, per path and direction; the top of a lane is ${fmtRate(t.peak)}`)}</span>` +
    `<span>${esc(`sampled every ${Math.round(t.interval)} ms`)}</span>` +
    `<span>${esc(`paths: ${paths.map((p) => p).join(', ')}`)}</span>`
  return `<figure class="fig traffic"><figcaption class="legend-row">${caption}</figcaption>${t.svg}</figure>`
}

function groupText (g) {
  const lo = Math.min(...g.finals)
  const hi = Math.max(...g.finals)
  if (g.ids.length === 1) return `${g.label}: ${lo}`
  return lo === hi ? `${g.label}: ${lo} each` : `${g.label}: ${lo}–${hi}`
}

// "2.827–3.733 s", "5.832 s–end"
const spanText = (t0, t1) => isNum(t1) ? `${fmtT(t0).replace(/ s$/, '')}–${fmtT(t1)}` : `${fmtT(t0)}–end`

// "assoc 1 with srv, 2.827–3.733 s: 24 messages"
function assocText (x) {
  return `assoc ${x.assoc ?? '?'}${x.peer ? ` with ${x.peer}` : ''}${isNum(x.t0) ? `, ${spanText(x.t0, x.t1)}` : ''}: ${x.count} messages`
}

function deliveryFigures (a) {
  const charts = deliveryCharts(a)
  if (!charts.length) return '<p class="muted">No data was delivered.</p>'
  return charts.map((c) => {
    const figures = c.program
      ? `${c.last.count} messages, ${c.last.bytes} bytes${c.gap ? `, longest gap ≈ ${fmtMs(c.gap.ms)}` : ''} (traffic reports${c.assocs.length > 1 ? `, summed over ${c.assocs.length} associations` : ''})`
      : `${c.last.count} messages, ${c.last.bytes} bytes, longest gap ${fmtMs(c.last.maxGap)}`
    const head = `<span><b>${esc(c.from ? `${c.agent} ← ${c.from}` : c.agent)}</b> ${esc(figures)}</span>`
    const assocs = c.program && c.assocs.length > 1 ? c.assocs.map((x) => `<span>${esc(assocText(x))}</span>`).join('') : ''
    const legend = c.groups.map((g) => `<span><i style="background:${g.color}"></i>${esc(groupText(g))}</span>`).join('')
    return `<figure class="fig delivery"><figcaption class="legend-row">${head}${legend}${assocs}</figcaption>${c.svg}</figure>`
  }).join('')
}

// Per program agent: how it was run, how it ended, its associations, its
// own reports and its output.
function programBlock (p, id) {
  const fact = (dt, dd, cls = '') => `<div><dt title="${esc(DEF[dt])}">${esc(dt)}</dt><dd${cls ? ` class="${cls}"` : ''}>${dd}</dd></div>`
  const ended = !p.exit
    ? '<span class="exit-fail">no exit record</span>'
    : p.exit.status === 'not started'
      ? `<span class="exit-fail">not started</span>${esc(` (${fmtT(p.exit.t)})`)}`
      : `<span class="exit-${exitClass(p.exit.status)}">${esc(p.exit.status)}</span>${esc(` at ${fmtT(p.exit.t)}`)}${isNum(p.started) ? esc(` (ran ${fmtMs(p.exit.t - p.started)})`) : ''}`
  const assocs = p.associations.length
    ? p.associations.map((x) => esc(`${x.assoc}${x.peer ? ` with ${x.peer}` : ''}, ${spanText(x.t0, x.t1)}`)).join('<br>')
    : 'none'
  const out = p.output
  let html = `<div class="program" id="${esc(id)}" data-agent="${esc(p.name)}">`
  html += `<h4><b>${esc(p.name)}</b>${p.host ? esc(` on ${p.host}`) : ''}${p.argv.length ? ` <code title="${esc(p.argv.join(' '))}">${esc(shortArgv(p.argv))}</code>` : ''}` +
    `${p.dir ? ` <span class="muted">in <span class="mono">${esc(p.dir)}</span></span>` : ''}</h4>`
  html += '<dl class="facts">' +
    fact('started', esc(isNum(p.started) ? fmtT(p.started) : '—')) +
    fact('ended', ended) +
    fact('associations', assocs) +
    fact('app reports', esc(p.appCount)) +
    fact('output', esc(out.total ? `${out.total} line${out.total === 1 ? '' : 's'} (stdout ${out.stdout}, stderr ${out.stderr}${out.cut ? `; ${out.cut} cut` : ''})` : 'none')) +
    '</dl>'
  for (const e of p.errors) html += `<div class="warning"><span class="mono">${esc(fmtT(e.t))}</span> agent-error: ${esc(e.message)}</div>`
  if (p.app.length) {
    const rows = p.app.map((g) => `<tr><td class="mono">${esc(g.name)}</td><td class="num">${esc(g.count)}</td>` +
      `<td class="num">${esc(g.count > 1 ? `${fmtT(g.first).replace(/ s$/, '')}–${fmtT(g.last)}` : fmtT(g.first))}</td>` +
      `<td class="mono">${esc(g.fields.map(fieldSummaryText).join('; '))}</td></tr>`).join('')
    html += `<table class="app-summary"><thead><tr><th title="${esc(DEF['app reports'])}">app report</th><th class="num">count</th><th class="num">from – to</th><th>fields (numbers: lowest–highest, median)</th></tr></thead><tbody>${rows}</tbody></table>`
    const shown = p.app.reduce((n, g) => n + g.rows.length, 0)
    const list = p.app.flatMap((g) => g.rows).sort((x, y) => x.t - y.t)
      .map((r) => `<tr><td class="num">${esc(fmtT(r.t))}</td><td class="mono">${esc(r.name)}</td><td class="mono">${esc(fieldsText(r.fields))}</td></tr>`).join('')
    const what = shown === p.appCount ? `all ${p.appCount}` : `the first ${APP_PER_NAME} of each name, ${shown} of ${p.appCount}`
    html += `<details class="app-list"><summary>${esc(`App reports: ${what}`)}</summary><table><thead><tr><th class="num">t</th><th>name</th><th>fields</th></tr></thead><tbody>${list}</tbody></table></details>`
  }
  if (out.total) {
    const text = (s) => s.length > LINE_SHOWN
      ? `${esc(s.slice(0, LINE_SHOWN))}<span class="more">${esc(`… (${s.length - LINE_SHOWN} more characters)`)}</span>`
      : esc(s)
    const line = (l) => `<li class="${l.stream}${l.cut ? ' cut' : ''}"><span class="t">${esc(fmtT(l.t))}</span><span class="stream">${l.stream === 'stderr' ? 'err' : 'out'}</span><span class="text">${text(l.line)}</span>${l.cut ? '<span class="cut-mark" title="the line was longer than 4 KiB: the runner kept its start">cut</span>' : ''}</li>`
    const gap = (n) => `<li class="omitted">${esc(`… ${n} line${n === 1 ? '' : 's'} left out …`)}</li>`
    const counts = `${out.total} line${out.total === 1 ? '' : 's'}: stdout ${out.stdout}, stderr ${out.stderr}${out.cut ? `, ${out.cut} cut` : ''}` +
      (out.omitted ? `; ${out.shown} shown (the first ${OUTPUT_HEAD}, the last ${OUTPUT_TAIL}${out.shown > OUTPUT_HEAD + OUTPUT_TAIL ? ', stderr and cut lines between' : ''}), ${out.omitted} left out` : '')
    html += `<details class="output"${out.total <= 8 ? ' open' : ''}><summary>${esc(`Output: ${counts}`)}</summary>` +
      `<ol class="output-lines">${out.parts.map((part) => part.lines ? part.lines.map(line).join('') : gap(part.omitted)).join('')}</ol></details>`
  }
  html += '</div>'
  return html
}

function programSection (a, id) {
  const list = programs(a, { perName: APP_PER_NAME, head: OUTPUT_HEAD, tail: OUTPUT_TAIL })
  if (!list.length) return ''
  return '<h3>Programs</h3>' + list.map((p) => programBlock(p, `${id}-prog-${slug(p.name)}`)).join('')
}

function detectionSentence (a, d, verb) {
  const parts = Object.entries(d.byAgent || {}).map(([agent, v]) => v
    ? `${agent} after ${fmtMs(v.ms)} (${v.by}${v.address ? ` ${pathLabel(a.book, v.address, d.t)}` : ''})`
    : `${agent}: nothing`)
  return `<p class="muted">${esc(`line ${d.line} "${d.text}" at ${fmtT(d.t)}: ${parts.length ? `${verb} by ${parts.join('; ')}` : 'no agent reports on paths'}`)}</p>`
}

function section (run, s, id) {
  const a = analyse(run.records)
  const t = s.timings
  const failed = s.status !== 'pass'
  const fact = (dt, dd) => `<div><dt${DEF[dt] ? ` title="${esc(DEF[dt])}"` : ''}>${esc(dt)}</dt><dd>${esc(dd)}</dd></div>`
  const paths = (a.run.paths || []).map((p) => {
    const addrs = p.addresses && typeof p.addresses === 'object'
      ? Object.entries(p.addresses).map(([h, l]) => `${h} ${[].concat(l).join(' ')}`).join(' – ')
      : (p.hosts || []).join('–')
    return `${p.name} (${addrs})`
  }).join(', ')
  let html = `<section class="scenario${failed ? ' failed' : ''}" id="${esc(id)}" data-scenario="${esc(s.name)}" data-status="${esc(s.status)}">`
  html += `<h2><span class="mono">${esc(s.script)}</span> <span class="badge ${esc(s.status)}">${esc(s.status === 'bail' ? 'bailed' : s.status)}</span> <a class="back" href="#summary">← all scenarios</a></h2>`
  html += `<p class="muted">${esc(`hosts ${(a.run.hosts || []).join(', ') || '—'}; paths ${paths || '—'}`)}${run.file ? ` · <span class="mono">${esc(run.file)}</span>` : ''}</p>`
  for (const e of s.failures) {
    html += `<div class="failure"><strong>not ok</strong> <code>${esc(where(e))}</code> ${esc(e.text)}<span class="observed">observed: ${esc(e.observed || '(nothing)')}</span></div>`
  }
  for (const b of a.bails) html += `<div class="failure"><strong>bail</strong><span class="observed">${esc(b.message)}</span></div>`
  if (s.status === 'incomplete') html += `<div class="warning">The run did not finish: no end record${run.truncated ? ', and the last line was cut short' : ''}.</div>`
  if (run.skipped && run.skipped.length) html += `<div class="warning">${esc(`${run.skipped.length} line(s) were not JSON and were skipped (first: line ${run.skipped[0].line}: ${run.skipped[0].message})`)}</div>`
  html += '<dl class="facts">' +
    fact('expectations', `${s.passed} / ${s.expectations} passed`) +
    fact('duration', fmtMs(t.durationMs)) +
    (a.focus ? fact('start-up', fmtMs(a.focus.focus)) : '') +
    fact('connect', fmtMs(t.connectMs)) +
    fact('failure detection', byAgentText(t.failureDetectionByAgent)) +
    fact('PF detection', byAgentText(t.pfDetectionByAgent)) +
    fact('recovery', byAgentText(t.recoveryByAgent)) +
    fact('longest delivery gap', t.failoverGap ? `${fmtMs(t.failoverGapMs)} (${t.failoverGap.agent} ← ${t.failoverGap.from})` : '—') +
    '</dl>'
  for (const d of t.linkDowns) html += detectionSentence(a, d, 'detected')
  for (const u of t.linkUps) if (t.linkDowns.some((d) => d.t < u.t)) html += detectionSentence(a, u, 'back')
  html += '<h3>Timeline</h3>'
  html += timelineFigure(a)
  html += '<h3>Traffic per path</h3>'
  html += trafficFigure(a)
  html += '<h3>Messages delivered per stream</h3>'
  html += deliveryFigures(a)
  html += programSection(a, id)
  html += '<h3>Expectations</h3>'
  html += expectationTable(a)
  html += stepTable(a)
  html += eventTable(a)
  html += '</section>'
  return html
}

function normalizeRuns (runs) {
  if (!Array.isArray(runs)) throw new TypeError('render(runs): runs must be an array')
  return runs.map((r) => {
    if (Array.isArray(r)) return { records: r, truncated: false, skipped: [] }
    if (r && Array.isArray(r.records)) return { truncated: false, skipped: [], ...r }
    throw new TypeError('render(runs): each run is an array of records or {records, file?, name?, truncated?}')
  })
}

// runs: [{records, file?, name?, truncated?, skipped?}] (parseTimeline()'s
// result plus where it came from) or plain arrays of records.
function render (runs, opts = {}) {
  const list = normalizeRuns(runs)
  const ids = new Set()
  const items = list.map((run) => {
    const s = summarize(run.records, run)
    let id = `scn-${slug(s.name)}`
    for (let n = 2; ids.has(id); n++) id = `scn-${slug(s.name)}-${n}`
    ids.add(id)
    return { run, s, id }
  })
  const failed = items.filter((i) => i.s.status !== 'pass').length
  const hash = crypto.createHash('sha256').update(SCRIPT).digest('base64')
  const title = opts.title || 'Scenario report'
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${hash}'`
  const th = (label, def, cls = 'num') => `<th class="${cls}" title="${esc(DEF[def])}">${esc(label)}</th>`
  let html = '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${esc(title)}</title><style>${STYLE}</style></head><body><main>`
  html += '<div class="page-head" id="summary">'
  html += `<h1>${esc(title)}</h1>`
  html += `<p class="muted">${esc(`${items.length} scenario${items.length === 1 ? '' : 's'}: ${items.length - failed} passed, ${failed} failed`)}${opts.generated ? esc(` · generated ${opts.generated}`) : ''} · <a href="#definitions">what the figures mean</a></p>`
  html += '<table class="summary"><thead><tr><th>scenario</th>' + th('result', 'result', '') + th('expectations', 'expectations') + th('duration', 'duration') +
    th('connect', 'connect') + th('failure detection', 'failure detection') + th('recovery', 'recovery') + th('longest delivery gap', 'longest delivery gap') +
    '<th>failed expectations (file:line, observed)</th></tr></thead><tbody>'
  html += items.map((i) => summaryRow(i.s, i.id)).join('')
  html += '</tbody></table></div>'
  html += definitionList()
  html += items.map((i) => section(i.run, i.s, i.id)).join('')
  html += '<footer>Times are from the start of each run. Hover a band or marker for details.</footer>'
  html += `</main><div id="cursor"></div><script>${SCRIPT}</script></body></html>\n`
  return html
}

module.exports = { render, DEFINITIONS, SCRIPT, STYLE }
