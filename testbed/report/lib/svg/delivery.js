'use strict'

// Messages delivered over time: one chart per receiver and sender (the
// built-in agent's rx reports) or per program (its traffic reports, summed
// over its associations), one cumulative line per distinct stream curve
// (streams whose curves coincide are drawn as one line; see series.js
// mergeStreams).

const { esc, px, fmtMs, fmtT, isNum } = require('../format.js')
const { SERIES_COLORS } = require('../events.js')
const { LEFT, timeScale, axis, axisBelow } = require('./scale.js')
const { fit } = require('./text.js')
const { svg, stepLines } = require('./chart.js')
const { mergeStreams, trafficPoints } = require('../series.js')
const { associations, associationPeers } = require('../programs.js')

const H = 110
const TOP = 10

// A program's deliveries: its traffic reports summed over its
// associations. from: the agents at the other ends ('' when none is known);
// assocs: [{assoc, peer, t0, t1, count}].
function programSeries (a) {
  const peers = associationPeers(a.reports)
  return [...trafficPoints(a.reports).values()].map((s) => {
    const known = associations(a.reports, s.agent, peers)
    const last = s.points[s.points.length - 1]
    const assocs = s.assocs.map((n) => ({ assoc: n, peer: null, t0: null, t1: null, ...(known.find((k) => k.assoc === n) || {}), count: last.byAssoc[n] ?? 0 }))
    const from = [...new Set(assocs.map((x) => x.peer).filter(Boolean))].join(', ')
    return { agent: s.agent, from, points: s.points, assocs, program: true, gap: reportGap(s.points) }
  })
}

// The longest time between two traffic reports in which the received
// count grew (over all of a program's associations): the longest it went
// without a message, to within the reports' period (they come at most
// every 100 ms). -> {ms, t0, t1} or null (fewer than two such reports).
function reportGap (points) {
  let gap = null
  let prev = null
  let count = 0
  for (const p of points) {
    if (p.count <= count) continue
    count = p.count
    if (prev !== null && (!gap || p.t - prev > gap.ms)) gap = { ms: p.t - prev, t0: prev, t1: p.t }
    prev = p.t
  }
  return gap
}

// -> [{agent, from, last, groups: [{label, ids, finals, color}], svg,
//      program?, assocs?}]
function deliveryCharts (a) {
  const series = new Map()
  for (const r of a.reports) {
    if (r.ev !== 'rx' || !r.perStream || typeof r.perStream !== 'object') continue
    const key = `${r.agent}\u0000${r.from}`
    if (!series.has(key)) series.set(key, { agent: r.agent, from: a.nameByIndex.get(r.from) ?? `#${r.from}`, points: [] })
    series.get(key).points.push(r)
  }
  for (const s of programSeries(a)) series.set(`${s.agent}\u0000program`, s)
  const sc = timeScale(a)
  const x = sc.x
  const out = []
  for (const s of series.values()) {
    const { max, groups } = mergeStreams(s.points)
    const y = (v) => px(TOP + H - (v / max) * H)
    let inner = axis(sc, TOP, TOP + H)
    inner += `<line class="sep" x1="${LEFT}" y1="${TOP + H}" x2="${sc.right}" y2="${TOP + H}"/>`
    inner += stepLines(a, sc, TOP, TOP + H)
    inner += `<text class="tick" x="${LEFT - 6}" y="${TOP + 4}" text-anchor="end">${esc(max)}</text><text class="tick" x="${LEFT - 6}" y="${TOP + H}" text-anchor="end">0</text>`
    const last = s.points[s.points.length - 1]
    const title = s.from ? `${s.agent} ← ${s.from}` : s.agent
    inner += `<text class="agent" x="8" y="${TOP + 12}">${esc(fit(title, LEFT - 60, 12, { bold: true }))}<title>${esc(`messages ${s.agent} received${s.from ? ` from ${s.from}` : ''}`)}</title></text>`
    inner += `<text class="agent-sub" x="8" y="${TOP + 28}">${esc(fit(`${last.count} messages`, LEFT - 60, 11))}</text>`
    if (isNum(last.maxGap)) inner += `<text class="agent-sub" x="8" y="${TOP + 43}">${esc(fit(`gap ≤ ${fmtMs(last.maxGap)}`, LEFT - 60, 11))}<title>longest time without a message</title></text>`
    if (s.program && s.gap) inner += `<text class="agent-sub" x="8" y="${TOP + 43}">${esc(fit(`gap ≈ ${fmtMs(s.gap.ms)}`, LEFT - 60, 11))}<title>${esc(`longest time between traffic reports with more messages: ${fmtT(s.gap.t0)} to ${fmtT(s.gap.t1)}`)}</title></text>`
    if (s.program && s.assocs.length > 1) inner += `<text class="agent-sub" x="8" y="${TOP + 58}">${esc(fit(`${s.assocs.length} associations`, LEFT - 60, 11))}<title>summed over the program's associations</title></text>`
    // A program's associations: where each began (after the first).
    for (const as of s.program ? s.assocs.slice(1) : []) {
      if (!isNum(as.t0)) continue
      inner += `<line class="assoc-start" x1="${x(as.t0)}" y1="${TOP}" x2="${x(as.t0)}" y2="${TOP + H}"><title>${esc(`${fmtT(as.t0)} association ${as.assoc}${as.peer ? ` with ${as.peer}` : ''} comes up`)}</title></line>`
    }
    groups.forEach((g, i) => {
      g.color = SERIES_COLORS[i % SERIES_COLORS.length]
      let d = ''
      s.points.forEach((p, k) => {
        d += d ? `H${x(p.t)}V${y(g.values[k])}` : `M${x(p.t)} ${y(0)}V${y(g.values[k])}`
      })
      const counts = g.ids.map((id, k) => `stream ${id}: ${g.finals[k]}`).join(', ')
      inner += `<path class="stream" d="${d}" stroke="${g.color}"><title>${esc(`${g.label} (${counts}) by ${fmtT(last.t)}`)}</title></path>`
    })
    const label = `Messages ${s.agent} received${s.from ? ` from ${s.from}` : ''}, per stream`
    out.push({ agent: s.agent, from: s.from, last, groups, program: !!s.program, assocs: s.assocs, gap: s.gap || null, svg: svg(sc, TOP + H + axisBelow(sc) + 4, inner, label) })
  }
  return out
}

module.exports = { deliveryCharts, programSeries, reportGap }
