'use strict'

// The kernel matrix's page (report.js --matrix DIR): a table of every
// scenario under every kernel, what its figures mean, then per scenario
// what differs between the kernels, its runs side by side (one column per
// kernel, all on one time axis) and its expectations per kernel. The same
// self-contained page as the single-kernel report (page.js), built from its
// parts (html.js).

const { esc, fmtMs, where } = require('./format.js')
const { DEFINITIONS, MATRIX_DEFINITIONS, definitionList } = require('./definitions.js')
const { page } = require('./page.js')
const { onOneAxis } = require('./svg/scale.js')
const { factList, runWarnings, pathsText, timelineLegend, timelineFigure, trafficFigure, deliveryFigures } = require('./html.js')
const { shortWhere } = require('./matrix.js')

// The charts of a kernel's column are drawn this many units wide: about as
// many pixels as a column gets (MIN_COLUMN_PX or more; the page is at most
// 2400 px wide, four columns), so that their text is read at about its
// size.
const CHART_W = 600
const MIN_COLUMN_PX = 540

const MATRIX_DEF = Object.fromEntries(MATRIX_DEFINITIONS)

const STYLE = `
body.matrix main{max-width:2400px}
table.matrix td.cell{white-space:nowrap}
table.matrix th.kernel-col{white-space:nowrap}
table.matrix th .release{font-weight:400;color:var(--muted)}
table.matrix td.cell .detect{font-size:12px;color:var(--muted);font-variant-numeric:tabular-nums}
table.matrix td.cell .count{font-variant-numeric:tabular-nums;margin-left:6px}
table.matrix td.cell.none{color:var(--muted);font-style:italic;white-space:normal}
table.matrix td.diffs div{white-space:nowrap}
.badge.none{background:#8c959f}
.knote{color:var(--warn);font-weight:700;margin-left:3px;cursor:help}
.cells-key{font-size:12.5px;color:var(--muted);margin:8px 0}
ul.kernel-list{margin:6px 0;padding-left:18px;font-size:13px}
ul.kernel-list .release{color:var(--muted)}
.differences{background:#fff8c5;border:1px solid #eedc82;border-radius:6px;padding:6px 10px;margin:10px 0;font-size:13px}
.differences.none{background:var(--soft);border-color:var(--line)}
.differences ul{margin:4px 0 0;padding-left:18px}
.differences li{margin:2px 0}
.differences .observed{color:var(--bad)}
.kernel-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,${MIN_COLUMN_PX}px),1fr));column-gap:26px;margin-top:6px}
.kernel{display:grid;grid-row:span 5;grid-template-rows:subgrid;row-gap:2px;min-width:0;border-top:3px solid var(--line);padding-top:6px;margin-bottom:16px}
.kernel.pass{border-top-color:var(--ok)}.kernel.fail,.kernel.bail{border-top-color:var(--bad)}.kernel.incomplete{border-top-color:var(--warn)}
.kernel-head{display:flex;gap:4px 10px;align-items:baseline;flex-wrap:wrap;font-size:16px}
.kernel-head .release{font-size:12.5px;color:var(--muted)}
.kernel .facts{margin-top:2px}
.kernel h3{margin:10px 0 4px}
.kernel .file{font-size:11.5px;word-break:break-all;margin:4px 0 0}
.kernel-note{font-size:12.5px;margin:6px 0 0;color:#424a53}
table.per-kernel td.k{white-space:nowrap}
table.per-kernel td.k .muted{font-weight:400}
table.per-kernel tr.differs td{background:#fff8c5}
table.per-kernel .observed{display:block;color:var(--bad);font-weight:600;white-space:pre-wrap;word-break:break-word;font-size:12px;max-width:30em}
`

const STATE_TEXT = { pass: 'pass', fail: 'FAIL', bail: 'bailed', incomplete: 'incomplete', unavailable: 'unavailable', error: 'error', 'not run': 'not run' }
const BADGE = { pass: 'pass', fail: 'fail', bail: 'bail', incomplete: 'incomplete' }
const badge = (state) => `<span class="badge ${BADGE[state] || 'none'}">${esc(STATE_TEXT[state] || state)}</span>`
const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

// "5.10.0-46-amd64", or why there is none.
const releaseText = (k) => k.release || (k.ran ? 'release unknown' : k.status)

function noteText (n) {
  return `line ${n.line} "${n.text}" is for kernels ${n.when || '(no release given)'}: not checked here${n.why ? ` (${n.why})` : ''}`
}

// ---------------------------------------------------------------- summary

function headCell (k) {
  const sub = k.ran ? `<div class="release mono">${esc(releaseText(k))}</div>` : `<div class="release">${esc(k.status)}</div>`
  return `<th class="kernel-col" data-kernel="${esc(k.name)}" data-status="${esc(k.status)}" title="${esc(MATRIX_DEF.kernel)}">${esc(k.name)}${sub}</th>`
}

function summaryCell (c, k) {
  const what = `${c.kernel}${k.release ? ` (${k.release})` : ''}`
  if (c.state === 'unavailable' || c.state === 'error' || c.state === 'not run') {
    const why = c.state === 'not run' ? 'this scenario has no result under this kernel' : k.note || k.status
    return `<td class="cell none ${esc(c.state.replace(' ', '-'))}" data-kernel="${esc(c.kernel)}" data-state="${esc(c.state)}" title="${esc(`${what}: ${why}`)}">${esc(STATE_TEXT[c.state])}</td>`
  }
  const notes = c.notes.length ? `<span class="knote" title="${esc(`kernel note: ${c.notes.map(noteText).join('; ')}`)}">*</span>` : ''
  const count = c.passed !== null ? `<span class="count">${esc(`${c.passed}/${c.all}`)}</span>` : ''
  const detect = c.detectionMs !== null ? `<div class="detect">${esc(`detection ${fmtMs(c.detectionMs)}`)}</div>` : ''
  const title = `${what}: ${STATE_TEXT[c.state]}${c.passed !== null ? `, ${c.passed} of ${c.all} expectations met` : ''}` +
    (c.detectionMs !== null ? `; failure detection ${fmtMs(c.detectionMs)}` : '') + (c.bail ? `; stopped: ${c.bail}` : '')
  return `<td class="cell ${esc(c.state)}" data-kernel="${esc(c.kernel)}" data-state="${esc(c.state)}" title="${esc(title)}">${badge(c.state)}${notes}${count}${detect}</td>`
}

function diffsCell (s) {
  const lines = [
    ...s.differences.map((d) => `${shortWhere(d)} ${d.failing.length ? `fails on ${d.failing.map((f) => f.kernel).join(', ')}` : `undecided on ${d.undecided.join(', ')}`}`),
    ...s.everywhere.map((d) => `${shortWhere(d)} fails on every kernel`),
    ...s.notes.map((n) => `${shortWhere(n)} * not checked on ${n.kernels.join(', ')}`)
  ]
  return `<td class="diffs">${lines.length ? lines.map((l) => `<div>${esc(l)}</div>`).join('') : '<span class="muted">none</span>'}</td>`
}

function summary (m, title, opts) {
  const ran = m.kernels.filter((k) => k.ran)
  const cells = m.scenarios.flatMap((s) => s.cells.filter((c) => m.ran.includes(c.kernel) && c.state !== 'not run'))
  const passed = cells.filter((c) => c.state === 'pass').length
  const missing = m.kernels.filter((k) => !k.ran)
  let html = '<div class="page-head" id="summary">'
  html += `<h1>${esc(title)}</h1>`
  html += `<p class="muted">${esc(`${plural(m.scenarios.length, 'scenario')} under ${plural(ran.length, 'kernel')} (${ran.map((k) => k.name).join(', ') || 'none'}): ${passed} of ${plural(cells.length, 'run')} passed`)}` +
    `${missing.length ? esc(`; ${missing.map((k) => `${k.name} ${k.status}`).join(', ')}`) : ''}${opts.generated ? esc(` · generated ${opts.generated}`) : ''} · <a href="#definitions">what the figures mean</a></p>`
  html += '<table class="summary matrix"><thead><tr><th>scenario</th>' + m.kernels.map(headCell).join('') +
    `<th title="${esc(MATRIX_DEF.differences)}">differences</th></tr></thead><tbody>`
  for (const s of m.scenarios) {
    html += `<tr data-scenario="${esc(s.name)}"><td><a href="#${esc(s.id)}">${esc(s.name)}</a><div class="muted mono">${esc(s.file)}</div></td>` +
      s.cells.map((c, i) => summaryCell(c, m.kernels[i])).join('') + diffsCell(s) + '</tr>'
  }
  html += '</tbody></table>'
  html += `<p class="cells-key">${esc('Each cell: the result under that kernel, expectations met / decided, and the failure-detection time (the earliest agent\'s) where the scenario takes a path down. * : a kernel note applied: an expectation the scenario marks as being for other kernel releases was not checked there (hover it, or see the scenario\'s differences).')}</p>`
  html += '<ul class="kernel-list">' + m.kernels.map((k) => `<li data-kernel="${esc(k.name)}"><b>${esc(k.name)}</b> ` +
    (k.ran
      ? `<span class="release mono">${esc(releaseText(k))}</span>${esc(`: ran${k.seconds !== null ? ` in ${k.seconds} s` : ''}`)}`
      : esc(`${k.status}${k.note ? ` — ${k.note}` : ''}`)) +
    k.problems.map((p) => `<div class="warning">${esc(p)}</div>`).join('') + '</li>').join('') + '</ul>'
  html += '</div>'
  return html
}

// ---------------------------------------------------------------- a scenario

function differencesBlock (s, m) {
  const items = []
  for (const d of s.differences) {
    const parts = []
    if (d.failing.length) parts.push(`<span class="not-ok">${esc(`fails on ${d.failing.map((f) => f.kernel).join(', ')}`)}</span>${esc(` (${d.failing.map((f) => `${f.kernel}: observed ${f.observed || '(nothing)'}`).join('; ')})`)}`)
    if (d.holding.length) parts.push(esc(`holds on ${d.holding.join(', ')}`))
    if (d.undecided.length) parts.push(esc(`not decided on ${d.undecided.join(', ')}`))
    items.push(`<li><code>${esc(where(d))}</code> ${esc(d.text)} — ${parts.join('; ')}</li>`)
  }
  for (const d of s.everywhere) {
    items.push(`<li><code>${esc(where(d))}</code> ${esc(d.text)} — <span class="not-ok">fails on every kernel</span>${esc(` (${d.failing.map((f) => `${f.kernel}: observed ${f.observed || '(nothing)'}`).join('; ')})`)}</li>`)
  }
  for (const n of s.notes) {
    items.push(`<li><code>${esc(where(n))}</code> ${esc(n.text)} — <span class="knote">*</span>${esc(` for kernels ${n.when || '(no release given)'}, so not checked on ${n.kernels.join(', ')}${n.why ? `: ${n.why}` : ''}`)}</li>`)
  }
  const title = ` title="${esc(MATRIX_DEF.differences)}"`
  if (!items.length) {
    const ran = s.cells.filter((c) => m.ran.includes(c.kernel) && c.state !== 'not run').map((c) => c.kernel)
    return `<p class="differences none"${title}><b>Differences</b>: ${esc(ran.length > 1 ? `none; the same result under ${ran.join(', ')}.` : `none to compare: it ran under ${ran.join(', ') || 'no kernel'} only.`)}</p>`
  }
  return `<div class="differences"${title}><b>Differences</b><ul>${items.join('')}</ul></div>`
}

// One kernel's column: its head, facts, timeline, traffic, deliveries (the
// five rows every column of the grid has, so that they line up).
function kernelColumn (c, k, shared) {
  const head = `<div class="kernel-head"><b>${esc(k.name)}</b> <span class="release mono">${esc(releaseText(k))}</span> ${badge(c.state)}</div>`
  if (!c.analysis) {
    const why = c.row ? 'no timeline: only its summary row (above)' : 'not run under this kernel'
    return `<div class="kernel ${esc(c.state.replace(' ', '-'))}" data-kernel="${esc(k.name)}" data-state="${esc(c.state)}">${head}` +
      `<div class="kernel-facts"><p class="muted">${esc(why)}</p></div><div class="kernel-timeline"></div><div class="kernel-traffic"></div><div class="kernel-delivery"></div></div>`
  }
  const facts = factList(c.summary, c.analysis) + runWarnings(c.run, c.summary, c.analysis) +
    (c.bail && !c.analysis.bails.length ? `<div class="failure"><strong>bail</strong><span class="observed">${esc(c.bail)}</span></div>` : '') +
    c.notes.map((n) => `<p class="kernel-note"><span class="knote">*</span> ${esc(`not checked here: line ${n.line} "${n.text}" is for kernels ${n.when || '(no release given)'}`)}</p>`).join('') +
    `<p class="muted mono file">${esc(c.run.file || '')}</p>`
  return `<div class="kernel ${esc(c.state)}" data-kernel="${esc(k.name)}" data-state="${esc(c.state)}">${head}` +
    `<div class="kernel-facts">${facts}</div>` +
    `<div class="kernel-timeline">${timelineFigure(shared, { legend: false })}</div>` +
    `<div class="kernel-traffic"><h3>Traffic per path</h3>${trafficFigure(shared)}</div>` +
    `<div class="kernel-delivery"><h3>Messages delivered per stream</h3>${deliveryFigures(shared)}</div></div>`
}

function expectationCell (p) {
  const ms = p.ms !== null && p.ms !== undefined && p.ms >= 0 ? ` <span class="muted">${esc(fmtMs(p.ms))}</span>` : ''
  switch (p.state) {
    case 'ok': return `<td class="k ok">ok${ms}</td>`
    case 'fail': return `<td class="k not-ok">not ok${ms}<span class="observed">${esc(`observed: ${p.observed || '(nothing)'}`)}</span></td>`
    case 'n/a': return `<td class="k muted" title="${esc(`for kernels ${p.when || '(no release given)'}${p.why ? `: ${p.why}` : ''}`)}">n/a <span class="knote">*</span></td>`
    case 'undecided': return '<td class="k muted" title="not decided: the run stopped before it">—</td>'
    default: return '<td class="k muted" title="no timeline under this kernel">?</td>'
  }
}

function expectationTable (s, m) {
  if (!s.expectations.length) return '<p class="muted">No expectation was decided.</p>'
  const differs = new Set(s.differences.map((d) => d.line))
  const rows = s.expectations.map((r) => `<tr class="${differs.has(r.line) ? 'differs' : ''}" data-line="${esc(r.line)}">` +
    `<td class="mono where">${esc(where(r))}</td><td class="mono">${esc(r.text)}</td>` +
    m.ran.map((k) => expectationCell(r.per[k])).join('') + '</tr>').join('')
  const open = s.status !== 'pass' || s.differences.length || s.notes.length ? ' open' : ''
  return `<details class="per-kernel"${open}><summary>${esc(`Expectations per kernel (${s.expectations.length})`)}</summary>` +
    `<table class="expectations per-kernel"><thead><tr><th>file:line</th><th>expectation</th>` +
    m.ran.map((k) => `<th class="k" title="${esc(MATRIX_DEF['per kernel'])}">${esc(k)}</th>`).join('') +
    `</tr></thead><tbody>${rows}</tbody></table></details>`
}

function section (s, m) {
  const kernels = new Map(m.kernels.map((k) => [k.name, k]))
  const cols = s.cells.filter((c) => m.ran.includes(c.kernel))
  const drawn = cols.filter((c) => c.analysis)
  const shared = new Map(onOneAxis(drawn.map((c) => c.analysis), CHART_W).map((a, i) => [drawn[i].kernel, a]))
  const first = drawn[0] ? drawn[0].analysis : null
  const failing = s.failing.length ? `fail: ${s.failing.join(', ')}` : 'pass'
  let html = `<section class="scenario matrix${s.status === 'pass' ? '' : ' failed'}" id="${esc(s.id)}" data-scenario="${esc(s.name)}" data-status="${esc(s.status)}" data-kernels="${esc(cols.map((c) => c.kernel).join(' '))}">`
  html += `<h2><span class="mono">${esc(s.script)}</span> <span class="badge ${s.status === 'pass' ? 'pass' : 'fail'}">${esc(failing)}</span> <a class="back" href="#summary">← all scenarios</a></h2>`
  if (first) html += `<p class="muted">${esc(pathsText(first))}</p>`
  html += differencesBlock(s, m)
  const missing = m.kernels.filter((k) => !k.ran)
  if (missing.length) html += `<p class="muted">${esc(`Not run under ${missing.map((k) => `${k.name} (${k.status}${k.note ? `: ${k.note}` : ''})`).join(', ')}.`)}</p>`
  if (drawn.length) {
    const a = shared.get(drawn[0].kernel)
    const scale = `time scale: 0–${fmtMs(a.axis.duration)} under every kernel${a.focus ? `, the first ${fmtMs(a.focus.focus)} compressed` : ''}`
    html += '<figure class="fig legend"><figcaption class="legend-row">' +
      timelineLegend({ app: drawn.some((c) => c.analysis.reports.some((r) => r.ev === 'app')) }) +
      `<span title="${esc(MATRIX_DEF['time scale'])}">${esc(scale)}</span></figcaption></figure>`
  }
  html += '<div class="kernel-grid">' + cols.map((c) => kernelColumn(c, kernels.get(c.kernel), shared.get(c.kernel))).join('') + '</div>'
  html += '<h3>Expectations</h3>'
  html += expectationTable(s, m)
  html += '</section>'
  return html
}

// m: matrixModel()'s result. opts: {title, generated}.
function renderMatrix (m, opts = {}) {
  if (!m || !Array.isArray(m.kernels) || !Array.isArray(m.scenarios)) throw new TypeError('renderMatrix(m): m must be matrixModel()\'s result')
  const title = opts.title || 'Kernel matrix'
  let html = summary(m, title, opts)
  html += definitionList([...MATRIX_DEFINITIONS, ...DEFINITIONS])
  html += m.scenarios.map((s) => section(s, m)).join('')
  html += '<footer>Times are from the start of each run; the charts of a scenario share one time axis across its kernels. Hover a cell, band or marker for details.</footer>'
  return page({ title, body: html, style: STYLE, bodyClass: 'matrix' })
}

module.exports = { renderMatrix, CHART_W, MATRIX_STYLE: STYLE }
