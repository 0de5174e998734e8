'use strict'

// The time axis every chart of a scenario shares. When the agents' start-up
// takes a good part of the run (see parse.js focusOf), the time before the
// first traffic is drawn compressed in a narrow grey segment at the left,
// marked "start-up" with its length, and the rest of the width goes to the
// part of the run where something happens.

const { esc, px, isNum } = require('../format.js')
const { textWidth } = require('./text.js')

const W = 1000
const LEFT = 170
const RIGHT = 16
const STARTUP_W = 52 // the compressed start-up segment
const BREAK_W = 10 // between it and the rest
const TICK_SIZE = 10

function niceStep (span, most = 10) {
  for (const s of [100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 15000, 30000, 60000, 120000, 300000, 600000]) {
    if (span / s <= most) return s
  }
  return 1200000
}

// -> {x(t), left, right, split, startupRight, focus, duration, width};
// split is where the uncompressed part starts (left when nothing is
// compressed). An analysis put on a shared axis (onOneAxis) has `axis`:
// {duration, width}, the span and the width its charts are drawn over.
function timeScale (a) {
  const ax = a.axis || {}
  const duration = Math.max(isNum(ax.duration) ? ax.duration : a.duration, 1)
  const width = isNum(ax.width) ? ax.width : W
  const right = width - RIGHT
  const focus = a.focus ? a.focus.focus : 0
  const startupRight = focus ? LEFT + STARTUP_W : LEFT
  const split = focus ? startupRight + BREAK_W : LEFT
  const x = (t) => {
    const c = Math.max(0, Math.min(t, duration))
    if (focus && c <= focus) return px(LEFT + (c / focus) * STARTUP_W)
    return px(split + ((c - focus) / Math.max(duration - focus, 1)) * (right - split))
  }
  return { x, left: LEFT, right, split, startupRight, focus, duration, width }
}

// Several runs of one scenario (analyse() results) drawn side by side on
// one time axis: to the longest run's end, the start-up compressed only
// when every run has one (to the shortest of them, so that no run's
// traffic falls inside it), `width` units wide. -> the analyses, each with
// that focus and its `axis`; the runs' own figures are left as they are.
function onOneAxis (analyses, width = W) {
  if (!(isNum(width) && width > LEFT + RIGHT + STARTUP_W + BREAK_W)) throw new RangeError(`onOneAxis: width ${width} leaves no room for the time axis (more than ${LEFT + RIGHT + STARTUP_W + BREAK_W} units needed)`)
  const duration = Math.max(1, ...analyses.map((a) => a.duration))
  const focus = analyses.length && analyses.every((a) => a.focus)
    ? analyses.map((a) => a.focus).reduce((p, q) => (q.focus < p.focus ? q : p))
    : null
  return analyses.map((a) => ({ ...a, focus: focus && { ...a.focus, focus: focus.focus }, axis: { duration, width } }))
}

const tickText = (t, step) => `${step < 1000 ? (t / 1000).toFixed(step % 1000 === 0 ? 0 : (step % 100 === 0 ? 1 : 2)) : String(t / 1000)} s`

// Grid lines and tick labels from y0 to y1 (labels below y1), and the
// start-up segment with its label.
function axis (sc, y0, y1) {
  const span = sc.duration - sc.focus
  const width = sc.right - sc.split
  // At most one tick per 70 units of width.
  const step = niceStep(span, Math.max(2, Math.floor(width / 70)))
  let out = ''
  let minX = sc.focus ? sc.startupRight + 4 : -Infinity
  for (let t = Math.ceil(sc.focus / step) * step; t <= sc.duration + 1e-9; t += step) {
    const xx = sc.x(t)
    const label = tickText(t, step)
    const half = textWidth(label, TICK_SIZE) / 2
    out += `<line class="grid" x1="${xx}" y1="${y0}" x2="${xx}" y2="${y1}"/>`
    if (xx - half < minX || xx + half > sc.width) continue
    out += `<text class="tick" x="${xx}" y="${y1 + 13}" text-anchor="middle">${esc(label)}</text>`
    minX = xx + half + 6
  }
  if (sc.focus) out += startup(sc, y0, y1)
  return out
}

function startup (sc, y0, y1) {
  const mid = px((sc.left + sc.startupRight) / 2)
  const secs = sc.focus / 1000
  const title = `<title>${esc(`start-up: 0 to ${secs.toFixed(2)} s (agents starting, before the first connect or traffic), drawn compressed`)}</title>`
  const bx = px(sc.startupRight + BREAK_W / 2)
  return `<rect class="startup" x="${sc.left}" y="${y0}" width="${sc.startupRight - sc.left}" height="${px(y1 - y0)}">${title}</rect>` +
    `<path class="break" d="M${bx - 4} ${y1 + 5}L${bx} ${y1 - 5}M${bx} ${y1 + 5}L${bx + 4} ${y1 - 5}"/>` +
    `<text class="tick startup-label" x="${mid}" y="${y1 + 13}" text-anchor="middle">start-up${title}</text>` +
    `<text class="tick startup-label" x="${mid}" y="${y1 + 25}" text-anchor="middle">${esc(`${secs.toFixed(1)} s`)}</text>`
}

// The height the axis labels need below y1.
const axisBelow = (sc) => sc.focus ? 30 : 18

// Attributes for the page script that shows the time under the pointer.
function scaleAttrs (sc) {
  return `data-left="${sc.left}" data-right="${sc.right}" data-split="${sc.split}" data-startup-right="${sc.startupRight}" data-focus="${px(sc.focus)}" data-duration="${px(sc.duration)}"`
}

module.exports = { W, LEFT, RIGHT, timeScale, onOneAxis, axis, axisBelow, scaleAttrs, niceStep }
