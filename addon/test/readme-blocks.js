'use strict'

// The code blocks of a Markdown file: { lang, info, line, code }, lang one
// of 'js' and 'ts' (other blocks are left out), info the rest of the fence
// line ("shape", "app:NAME", ...), line the fence's line number (1-based).
// Shared by the README checks: host/readme-code.js type-checks every block,
// package/fixtures/make-apps.js writes the blocks marked app:NAME as files
// of an app that sctp/readme-apps.js runs against the kernel.

const fs = require('node:fs')

const LANGS = { js: 'js', javascript: 'js', mjs: 'js', cjs: 'js', ts: 'ts', typescript: 'ts' }

function blocks (file) {
  const out = []
  const lines = fs.readFileSync(file, 'utf8').split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^```(\S*)\s*(.*)$/.exec(lines[i])
    if (!m) continue
    const start = i
    while (++i < lines.length && !/^```\s*$/.test(lines[i]));
    const lang = LANGS[m[1].toLowerCase()]
    if (lang) out.push({ lang, info: m[2].trim(), line: start + 1, code: lines.slice(start + 1, i).join('\n') })
  }
  return out
}

module.exports = { blocks }
