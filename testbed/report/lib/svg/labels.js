'use strict'

// Labels of the network-change steps above a chart, in rows so that no two
// overlap and none passes the chart's edges. A label goes right of its
// step's line, or left of it when it would pass the right edge. When more
// than MAX_ROWS rows would be needed, every step is numbered instead (the
// numbers take little room) and the page lists them under the chart.

const { textWidth, fit } = require('./text.js')
const { W } = require('./scale.js')

const SIZE = 10.5
const ROW = 14
const PAD = 6
const MAX_ROWS = 4
const MAX_W = 300

function pack (items, limit, width) {
  const rows = [] // per row: [[l, r], ...]
  for (const it of items) {
    let l = it.xx + 3
    let anchor = 'start'
    if (l + it.w > width - 2) {
      l = Math.max(2, it.xx - 3 - it.w)
      anchor = 'end'
    }
    const r = l + it.w
    let row = rows.findIndex((spans) => spans.every(([a, b]) => r + PAD <= a || l >= b + PAD))
    if (row < 0) {
      if (rows.length >= limit) return null
      row = rows.length
      rows.push([])
    }
    rows[row].push([l, r])
    Object.assign(it, { row, anchor, lx: anchor === 'start' ? l : r })
  }
  return rows.length
}

// steps: [{t, line, text, verb}], x: the time scale's x(), width: the
// chart's (its viewBox's).
// -> {placed: [{s, xx, text, row, anchor, lx, number}], rows, numbered, height}
// where lx is the text's x (its start, or its end for anchor 'end') and
// height the room the rows need above the chart.
function placeStepLabels (steps, x, width = W) {
  const textual = steps.map((s) => {
    const text = fit(s.text || s.verb, MAX_W, SIZE)
    return { s, xx: x(s.t), text, w: textWidth(text, SIZE) }
  })
  let placed = textual
  let rows = pack(textual, MAX_ROWS, width)
  let numbered = false
  if (rows === null) {
    numbered = true
    placed = steps.map((s, i) => ({ s, xx: x(s.t), text: String(i + 1), number: i + 1, w: textWidth(String(i + 1), SIZE, { bold: true }) }))
    rows = pack(placed, Infinity, width)
  }
  return { placed, rows, numbered, height: rows ? rows * ROW + 6 : 0 }
}

const rowBaseline = (row) => 12 + row * ROW

module.exports = { placeStepLabels, rowBaseline, MAX_ROWS }
