'use strict'

// The page: a summary table, what each figure means, then per scenario its
// facts, the timeline, the traffic per path, the messages delivered, its
// programs (agents that are the user's own programs) and the
// expectations. Self-contained: inline CSS and SVG, and one inline
// script allowed by its hash in the Content-Security-Policy (page.js).
// The kernel matrix's page (matrix-html.js) is built from its parts.

const { esc, fmtMs, fmtT, fmtRate, slug, where, isNum } = require('./format.js')
const { analyse } = require('./parse.js')
const { summarize } = require('./timings.js')
const { pathLabel } = require('./paths.js')
const { STATE_COLORS, notificationStyle, describe } = require('./events.js')
const { timelineChart } = require('./svg/timeline.js')
const { trafficChart } = require('./svg/traffic.js')
const { deliveryCharts } = require('./svg/delivery.js')
const { programs, shortArgv, fieldsText, fieldSummaryText, exitClass } = require('./programs.js')
const { DEFINITIONS, DEF, definitionList } = require('./definitions.js')
const { STYLE, SCRIPT, page } = require('./page.js')

// A program's app reports: the first APP_PER_NAME of each name are listed;
// its output: the first OUTPUT_HEAD and the last OUTPUT_TAIL lines (and
// stderr and cut lines between them; programs.js outputExcerpt).
const APP_PER_NAME = 5
const OUTPUT_HEAD = 20
const OUTPUT_TAIL = 20
// Characters of a line shown (a cut one holds 4 KiB).
const LINE_SHOWN = 300

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

// The timeline's key: the path states, the markers, and (when `app`) the
// app report bars; `focus`, the compressed start-up's length in ms, or 0.
function timelineLegend ({ app = false, focus = 0 } = {}) {
  return Object.entries(STATE_COLORS).map(([k, c]) => `<span><i style="background:${c}"></i>${esc(k)}</span>`).join('') +
    '<span><i class="primary-swatch"></i>primary path</span><span>◆ notification</span><span>▲ address-change</span>' +
    '<span>● socket event / expectation met</span><span>■ exit (red: not exit 0)</span><span>✕ error / expectation failed</span><span>┆ network change</span>' +
    (app ? '<span><i class="app-swatch"></i>app reports per time slice, ◇ one of a rare name</span>' : '') +
    (focus ? `<span>${esc(`start-up (${(focus / 1000).toFixed(1)} s, compressed)`)}</span>` : '')
}

// With `legend: false`, the chart and its list of numbered steps only (the
// kernel matrix gives one key for several timelines).
function timelineFigure (a, { legend = true } = {}) {
  const { svg, labels } = timelineChart(a)
  const key = legend ? `<figcaption class="legend-row">${timelineLegend({ app: a.reports.some((r) => r.ev === 'app'), focus: a.focus ? a.focus.focus : 0 })}</figcaption>` : ''
  const list = labels.numbered
    ? `<ol class="step-list">${labels.placed.map((p) => `<li><b>${p.number}</b>${esc(`${p.s.text} (${fmtT(p.s.t)})`)}</li>`).join('')}</ol>`
    : ''
  return `<figure class="fig timeline">${key}${svg}${list}</figure>`
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

// "hosts client, server; paths a (client 10.1.0.1 – server 10.1.0.2), ..."
function pathsText (a) {
  const paths = (a.run.paths || []).map((p) => {
    const addrs = p.addresses && typeof p.addresses === 'object'
      ? Object.entries(p.addresses).map(([h, l]) => `${h} ${[].concat(l).join(' ')}`).join(' – ')
      : (p.hosts || []).join('–')
    return `${p.name} (${addrs})`
  }).join(', ')
  return `hosts ${(a.run.hosts || []).join(', ') || '—'}; paths ${paths || '—'}`
}

// The failed expectations with what was observed, why the runner stopped,
// a run that did not finish, lines that were not JSON.
function runWarnings (run, s, a) {
  let html = ''
  for (const e of s.failures) {
    html += `<div class="failure"><strong>not ok</strong> <code>${esc(where(e))}</code> ${esc(e.text)}<span class="observed">observed: ${esc(e.observed || '(nothing)')}</span></div>`
  }
  for (const b of a.bails) html += `<div class="failure"><strong>bail</strong><span class="observed">${esc(b.message)}</span></div>`
  if (s.status === 'incomplete') html += `<div class="warning">The run did not finish: no end record${run.truncated ? ', and the last line was cut short' : ''}.</div>`
  if (run.skipped && run.skipped.length) html += `<div class="warning">${esc(`${run.skipped.length} line(s) were not JSON and were skipped (first: line ${run.skipped[0].line}: ${run.skipped[0].message})`)}</div>`
  return html
}

// A run's facts: expectations, duration, start-up, connect, detection and
// recovery per agent, the longest delivery gap; each with its definition.
function factList (s, a) {
  const t = s.timings
  const fact = (dt, dd) => `<div><dt${DEF[dt] ? ` title="${esc(DEF[dt])}"` : ''}>${esc(dt)}</dt><dd>${esc(dd)}</dd></div>`
  return '<dl class="facts">' +
    fact('expectations', `${s.passed} / ${s.expectations} passed`) +
    fact('duration', fmtMs(t.durationMs)) +
    (a.focus ? fact('start-up', fmtMs(a.focus.focus)) : '') +
    fact('connect', fmtMs(t.connectMs)) +
    fact('failure detection', byAgentText(t.failureDetectionByAgent)) +
    fact('PF detection', byAgentText(t.pfDetectionByAgent)) +
    fact('recovery', byAgentText(t.recoveryByAgent)) +
    fact('longest delivery gap', t.failoverGap ? `${fmtMs(t.failoverGapMs)} (${t.failoverGap.agent} ← ${t.failoverGap.from})` : '—') +
    '</dl>'
}

function section (run, s, id) {
  const a = analyse(run.records)
  const t = s.timings
  const failed = s.status !== 'pass'
  let html = `<section class="scenario${failed ? ' failed' : ''}" id="${esc(id)}" data-scenario="${esc(s.name)}" data-status="${esc(s.status)}">`
  html += `<h2><span class="mono">${esc(s.script)}</span> <span class="badge ${esc(s.status)}">${esc(s.status === 'bail' ? 'bailed' : s.status)}</span> <a class="back" href="#summary">← all scenarios</a></h2>`
  html += `<p class="muted">${esc(pathsText(a))}${run.file ? ` · <span class="mono">${esc(run.file)}</span>` : ''}</p>`
  html += runWarnings(run, s, a)
  html += factList(s, a)
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
  const title = opts.title || 'Scenario report'
  const th = (label, def, cls = 'num') => `<th class="${cls}" title="${esc(DEF[def])}">${esc(label)}</th>`
  let html = '<div class="page-head" id="summary">'
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
  return page({ title, body: html })
}

module.exports = {
  render,
  DEFINITIONS,
  SCRIPT,
  STYLE,
  // For the kernel matrix's page (matrix-html.js).
  factList,
  timelineLegend,
  timelineFigure,
  trafficFigure,
  deliveryFigures,
  runWarnings,
  pathsText
}
