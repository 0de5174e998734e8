'use strict'

// Small formatting helpers shared by the report's parts.

const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
function esc (v) {
  if (v === null || v === undefined) return ''
  return String(v).replace(/[&<>"']/g, (c) => ESC[c])
}

const isNum = (v) => typeof v === 'number' && Number.isFinite(v)
const round = (ms) => Math.round(ms * 1000) / 1000
const px = (v) => Math.round(v * 10) / 10

function fmtMs (ms) {
  if (!isNum(ms)) return '—'
  if (Math.abs(ms) < 10) return `${ms.toFixed(2)} ms`
  if (Math.abs(ms) < 1000) return `${Math.round(ms)} ms`
  return `${(ms / 1000).toFixed(2)} s`
}

// A time since the run's start, to the millisecond.
const fmtT = (ms) => `${(Math.round(ms) / 1000).toFixed(3)} s`

function fmtBytes (n) {
  if (!isNum(n)) return '—'
  if (Math.abs(n) < 1000) return `${Math.round(n)} B`
  if (Math.abs(n) < 1e6) return `${(n / 1e3).toFixed(n < 1e4 ? 1 : 0)} kB`
  return `${(n / 1e6).toFixed(n < 1e7 ? 2 : 1)} MB`
}

const fmtRate = (bytesPerSec) => `${fmtBytes(bytesPerSec)}/s`

function slug (s) {
  return String(s).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'scenario'
}

const where = (e) => `${e.file || ''}:${e.line ?? ''}`

// Stream ids as ranges: ['0','1','2','3'] -> '0–3', ['0','2','3'] -> '0, 2–3'.
function idRanges (ids) {
  const nums = ids.map(Number)
  if (!nums.every(Number.isInteger)) return ids.join(', ')
  const parts = []
  for (let i = 0; i < nums.length; i++) {
    let j = i
    while (j + 1 < nums.length && nums[j + 1] === nums[j] + 1) j++
    parts.push(j > i ? `${nums[i]}–${nums[j]}` : String(nums[i]))
    i = j
  }
  return parts.join(', ')
}

module.exports = { esc, isNum, round, px, fmtMs, fmtT, fmtBytes, fmtRate, slug, where, idRanges }
