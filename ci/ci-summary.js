#!/usr/bin/env node
'use strict'

// The results as Markdown, for a CI job's summary page (GitHub's
// $GITHUB_STEP_SUMMARY; any CI that shows Markdown): the suites' counts,
// the conformance table and the kernel matrix, whichever of them exist.
//   node ci/ci-summary.js RESULTS_DIR CONFORMANCE_DIR MATRIX_DIR

const fs = require('node:fs')
const path = require('node:path')

function read (file) {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch {
    return null
  }
}

function fenced (text) {
  return '```\n' + text.replace(/```/g, "'''").trimEnd() + '\n```\n'
}

function summary (resultsDir, conformanceDir, matrixDir) {
  const out = ['## lksctp\n']
  const suites = []
  for (const name of ['host', 'kernel', 'conformance', 'report', 'coverage']) {
    const r = JSON.parse(read(path.join(resultsDir, `${name}.json`)) || 'null')
    if (r) suites.push(r)
  }
  if (suites.length) {
    out.push('| suite | passed | failed | where |', '|---|---:|---:|---|')
    for (const r of suites) {
      const where = r.runner === 'host' || !r.runner ? 'host' : `kernel ${r.kernel} (${r.runner})`
      out.push(`| ${r.suite} | ${r.passed} | ${r.failed} | ${where} |`)
    }
    out.push('')
    const failures = suites.flatMap((r) => (r.files || []).flatMap((f) => (f.failures || []).map((x) => `${f.file}: ${x}`)))
    if (failures.length) out.push('Failures:\n', fenced(failures.join('\n')))
  }
  const table = read(path.join(conformanceDir, 'table.txt'))
  if (table) {
    const run = JSON.parse(read(path.join(conformanceDir, 'run.json')) || '{}')
    out.push(`### Conformance${run.release ? ` (kernel ${run.kernel}: ${run.release})` : ''}\n`, fenced(table))
  }
  const matrix = read(path.join(matrixDir, 'matrix.txt'))
  if (matrix) out.push('### Kernel matrix\n', fenced(matrix))
  if (out.length === 1) out.push('No results: no suite ran.\n')
  return out.join('\n')
}

if (require.main === module) {
  const [results = 'build/test-results', conformance = 'build/conformance', matrix = 'build/matrix'] = process.argv.slice(2)
  process.stdout.write(summary(results, conformance, matrix))
}

module.exports = { summary }
