'use strict'

// How wide a label will be, so that labels can be placed without
// overlapping. Advance widths (per 100 px of font size, characters 32..126)
// of DejaVu Sans, Debian's system-ui and among the widest sans-serif UI
// fonts: text set in a narrower font only gets more room. The monospace
// font is 0.6 em throughout.

const SANS = [32, 40, 46, 84, 64, 95, 78, 27, 39, 39, 50, 84, 32, 36, 32, 34, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 34, 34, 84, 84, 84, 53, 100, 68, 69, 70, 77, 63, 58, 77, 75, 29, 29, 66, 56, 86, 75, 79, 60, 79, 69, 63, 61, 73, 68, 99, 69, 61, 69, 39, 34, 39, 84, 50, 50, 61, 63, 55, 63, 62, 35, 63, 63, 28, 28, 58, 28, 97, 63, 61, 63, 63, 41, 52, 39, 63, 59, 82, 59, 59, 52, 64, 34, 64, 84]
const BOLD = [35, 46, 52, 84, 70, 100, 87, 31, 46, 46, 52, 84, 38, 42, 38, 37, 70, 70, 70, 70, 70, 70, 70, 70, 70, 70, 40, 40, 84, 84, 84, 58, 100, 77, 76, 73, 83, 68, 68, 82, 84, 37, 37, 77, 64, 100, 84, 85, 73, 85, 77, 72, 68, 81, 77, 110, 77, 72, 73, 46, 37, 46, 84, 50, 50, 67, 72, 59, 72, 68, 44, 72, 71, 34, 34, 67, 34, 104, 71, 69, 72, 72, 49, 60, 48, 71, 65, 92, 65, 65, 58, 71, 37, 71, 84]
const OTHER = { '→': 84, '←': 84, '…': 100, '–': 50, '—': 100, '·': 32 }
const MARGIN = 1.04

// Width in user units of `text` at font `size` (px), {bold, mono}.
function textWidth (text, size, opts = {}) {
  const s = String(text)
  if (opts.mono) return [...s].length * 0.602 * size * MARGIN
  const table = opts.bold ? BOLD : SANS
  let w = 0
  for (const ch of s) {
    const c = ch.codePointAt(0)
    w += c >= 32 && c < 127 ? table[c - 32] : (OTHER[ch] ?? 100)
  }
  return (w / 100) * size * MARGIN
}

// `text` cut with an ellipsis to fit `width`.
function fit (text, width, size, opts = {}) {
  const s = String(text)
  if (textWidth(s, size, opts) <= width) return s
  const chars = [...s]
  while (chars.length > 1 && textWidth(chars.join('') + '…', size, opts) > width) chars.pop()
  return chars.join('') + '…'
}

module.exports = { textWidth, fit }
