'use strict'

// Traffic on each path: one lane per path and direction, its height the
// bytes per second the sending host's end of the path's veth sent (from the
// path-stats records; see series.js pathRates). Every lane has the same
// scale, so that a failover shows as the traffic leaving one path's lanes
// for another's.

const { esc, px, fmtT, fmtRate, fmtBytes } = require('../format.js')
const { SERIES_COLORS } = require('../events.js')
const { LEFT, timeScale, axis, axisBelow } = require('./scale.js')
const { fit } = require('./text.js')
const { svg, stepLines } = require('./chart.js')
const { pathRates } = require('../series.js')

const LANE = 34
const GAP = 6
const TOP = 6

// The outline of a step area: up to each segment's height over its time,
// down to the base between segments that do not touch.
function stepArea (segments, x, h, base) {
  let d = ''
  let cur = null
  for (const s of segments) {
    const x0 = x(s.t0)
    const x1 = Math.max(x(s.t1), x0 + 0.5)
    if (cur === null) d += `M${x0} ${base}`
    else if (x0 > cur) d += `V${base}H${x0}`
    else d += `H${x0}`
    d += `V${h(s.bps)}H${px(x1)}`
    cur = x1
  }
  return d ? d + `V${base}Z` : ''
}

// -> null when the run has no path-stats records, else {svg, peak, interval, lanes}
function trafficChart (a) {
  const { interval, lanes } = pathRates(a.pathStats)
  if (!lanes.length) return null
  const sc = timeScale(a)
  const x = sc.x
  const peak = Math.max(1, ...lanes.map((l) => l.peakBps))
  const paths = [...new Set(lanes.map((l) => l.path))]
  let inner = ''
  let y = TOP
  const bottom = TOP + lanes.length * (LANE + GAP) - GAP
  inner += axis(sc, TOP, bottom)
  for (const lane of lanes) {
    const color = SERIES_COLORS[paths.indexOf(lane.path) % SERIES_COLORS.length]
    const base = y + LANE
    // A trickle (heartbeats) stays visible: at least 1.5 units high.
    const h = (bps) => px(base - Math.max(1.5, (bps / peak) * (LANE - 2)))
    inner += `<rect class="lane-bg" x="${sc.split}" y="${y}" width="${px(sc.right - sc.split)}" height="${LANE}"/>`
    const label = `${lane.path}  ${lane.from} → ${lane.to}`
    inner += `<text class="lane-label" x="8" y="${y + 14}">${esc(fit(label, LEFT - 14, 10.5, { mono: true }))}<title>${esc(`path ${lane.path}, sent by ${lane.from}'s end`)}</title></text>`
    inner += `<text class="agent-sub" x="8" y="${y + 28}">${esc(fit(`${fmtBytes(lane.bytes)}, ${lane.packets} pkts`, LEFT - 14, 10))}</text>`
    const d = stepArea(lane.segments, x, h, base)
    const title = `path ${lane.path} ${lane.from} → ${lane.to}: ${lane.packets} packets, ${fmtBytes(lane.bytes)}; peak ${fmtRate(lane.peakBps)} (${Math.round(lane.peakPps)} packets/s)`
    if (d) inner += `<path class="rate" d="${d}" fill="${color}"><title>${esc(title)}</title></path>`
    y += LANE + GAP
  }
  inner += stepLines(a, sc, TOP, bottom)
  const spans = lanes.flatMap((l) => l.segments)
  const first = spans.length ? Math.min(...spans.map((s) => s.t0)) : 0
  return {
    svg: svg(sc, bottom + axisBelow(sc) + 4, inner, `Bytes per second sent on each path, by direction, from ${fmtT(first)}`),
    peak,
    interval,
    lanes
  }
}

module.exports = { trafficChart, stepArea }
