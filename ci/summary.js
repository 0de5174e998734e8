#!/usr/bin/env node
'use strict'

// Add up the suites' results and print the one closing line
// "N passed, N failed" (", N skipped" when any). Exit 1 on any failure,
// and when a named suite wrote no result (it crashed or did not run).
//   node ci/summary.js RESULTS_DIR SUITE...

const fs = require('node:fs')
const path = require('node:path')

const [dir, ...suites] = process.argv.slice(2)
let passed = 0
let failed = 0
let skipped = 0
const lines = []
for (const suite of suites) {
  const file = path.join(dir, `${suite}.json`)
  let r
  try {
    r = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch {
    failed++
    lines.push(`# ${suite}: no result (the suite did not finish)`)
    continue
  }
  passed += r.passed
  failed += r.failed
  skipped += r.skipped || 0
  lines.push(`# ${suite}: ${r.passed} passed, ${r.failed} failed on ${r.runner === 'host' ? 'the host' : `kernel ${r.kernel} (${r.runner})`}`)
  for (const f of r.files) for (const x of f.failures || []) lines.push(`#   ${f.file}: ${x}`)
}
console.log(lines.join('\n'))
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exitCode = failed > 0 ? 1 : 0
