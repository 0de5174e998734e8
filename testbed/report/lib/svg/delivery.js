'use strict'

// Messages delivered over time: one chart per receiver and sender, one
// cumulative line per distinct stream curve (streams whose curves coincide
// are drawn as one line; see series.js mergeStreams).

const { esc, px, fmtMs, fmtT, isNum } = require('../format.js')
const { SERIES_COLORS } = require('../events.js')
const { LEFT, timeScale, axis, axisBelow } = require('./scale.js')
const { fit } = require('./text.js')
const { svg, stepLines } = require('./chart.js')
const { mergeStreams } = require('../series.js')

const H = 110
const TOP = 10

// -> [{agent, from, last, groups: [{label, ids, finals, color}], svg}]
function deliveryCharts (a) {
  const series = new Map()
  for (const r of a.reports) {
    if (r.ev !== 'rx' || !r.perStream || typeof r.perStream !== 'object') continue
    const key = `${r.agent}\u0000${r.from}`
    if (!series.has(key)) series.set(key, { agent: r.agent, from: a.nameByIndex.get(r.from) ?? `#${r.from}`, points: [] })
    series.get(key).points.push(r)
  }
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
    const title = `${s.agent} ← ${s.from}`
    inner += `<text class="agent" x="8" y="${TOP + 12}">${esc(fit(title, LEFT - 60, 12, { bold: true }))}<title>${esc(`messages ${s.agent} received from ${s.from}`)}</title></text>`
    inner += `<text class="agent-sub" x="8" y="${TOP + 28}">${esc(fit(`${last.count} messages`, LEFT - 60, 11))}</text>`
    if (isNum(last.maxGap)) inner += `<text class="agent-sub" x="8" y="${TOP + 43}">${esc(fit(`gap ≤ ${fmtMs(last.maxGap)}`, LEFT - 60, 11))}<title>longest time without a message</title></text>`
    groups.forEach((g, i) => {
      g.color = SERIES_COLORS[i % SERIES_COLORS.length]
      let d = ''
      s.points.forEach((p, k) => {
        d += d ? `H${x(p.t)}V${y(g.values[k])}` : `M${x(p.t)} ${y(0)}V${y(g.values[k])}`
      })
      const counts = g.ids.map((id, k) => `stream ${id}: ${g.finals[k]}`).join(', ')
      inner += `<path class="stream" d="${d}" stroke="${g.color}"><title>${esc(`${g.label} (${counts}) by ${fmtT(last.t)}`)}</title></path>`
    })
    out.push({ agent: s.agent, from: s.from, last, groups, svg: svg(sc, TOP + H + axisBelow(sc) + 4, inner, `Messages ${s.agent} received from ${s.from}, per stream`) })
  }
  return out
}

module.exports = { deliveryCharts }
