'use strict'

// The <svg> around each chart, and what every chart of a scenario shares.

const { esc, px, fmtT } = require('../format.js')
const { NETWORK_VERBS } = require('../events.js')
const { scaleAttrs } = require('./scale.js')

function svg (sc, h, inner, label) {
  return `<svg class="chart" viewBox="0 0 ${sc.width} ${px(h)}" role="img" aria-label="${esc(label)}" ${scaleAttrs(sc)}>${inner}</svg>`
}

// The network-change steps as dashed lines from y0 to y1 (no text: the
// timeline above labels them).
function stepLines (a, sc, y0, y1) {
  let out = ''
  for (const st of a.steps) {
    if (NETWORK_VERBS.has(st.verb)) out += `<line class="step" x1="${sc.x(st.t)}" y1="${y0}" x2="${sc.x(st.t)}" y2="${y1}"><title>${esc(`${fmtT(st.t)} ${st.text}`)}</title></line>`
  }
  return out
}

function marker (shape, xx, y, color, title, cls = '') {
  const t = `<title>${esc(title)}</title>`
  const c = cls ? ` class="${cls}"` : ''
  switch (shape) {
    case 'diamond': return `<path${c} d="M${xx} ${y - 5}L${xx + 5} ${y}L${xx} ${y + 5}L${xx - 5} ${y}Z" fill="${color}">${t}</path>`
    case 'triangle': return `<path${c} d="M${xx} ${y - 5}L${xx + 5} ${y + 4}L${xx - 5} ${y + 4}Z" fill="${color}">${t}</path>`
    case 'tick': return `<line${c} x1="${xx}" y1="${y - 4}" x2="${xx}" y2="${y + 4}" stroke="${color}">${t}</line>`
    case 'square': return `<rect${c} x="${px(xx - 3.8)}" y="${px(y - 3.8)}" width="7.6" height="7.6" fill="${color}">${t}</rect>`
    case 'open-diamond': return `<path${c} d="M${xx} ${y - 5}L${xx + 5} ${y}L${xx} ${y + 5}L${xx - 5} ${y}Z" fill="#fff" stroke="${color}" stroke-width="1.6">${t}</path>`
    case 'cross': return `<path${c} d="M${xx - 4} ${y - 4}L${xx + 4} ${y + 4}M${xx + 4} ${y - 4}L${xx - 4} ${y + 4}" stroke="${color}" stroke-width="2.2">${t}</path>`
    default: return `<circle${c} cx="${xx}" cy="${y}" r="3.6" fill="${color}">${t}</circle>`
  }
}

module.exports = { svg, stepLines, marker }
