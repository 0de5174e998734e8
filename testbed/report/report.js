#!/usr/bin/env node
'use strict'

// One self-contained HTML page from scenario timelines (the JSON lines that
// `tb run --timeline FILE` writes): a summary table and what its figures
// mean, then per scenario the path states of each agent over time (rows
// named by path, the primary tinted), the network changes, notifications
// and address changes, the traffic on each path, the messages delivered per
// stream and the expectations, failures first with what was observed
// instead.
//
//   node testbed/report/report.js [--out report.html] A.jsonl B.jsonl ...
//   node testbed/report/report.js --matrix DIR [--out matrix.html]
//
// --matrix: the kernel matrix that ci/matrix.js --out DIR left (its
// matrix.json and each kernel's DIR/NAME/*.jsonl): every scenario under
// every kernel in one table, then per scenario its runs side by side, one
// column per kernel, on one time axis, and what differs between them.
//
// The page needs no network: CSS and SVG are inline, built here; one small
// inline script (allowed by hash in the page's Content-Security-Policy, so
// nothing else can run) shows the time under the pointer and marks the page
// as rendered for ci/report-check.js.
//
// The parts, in lib/: parse.js (timeline -> records -> the model of a run),
// paths.js (address -> path), timings.js (key timings, summary), series.js
// (stream curves, path rates, a program's traffic reports), programs.js
// (programs as agents: argv, exit, associations, app reports, output),
// svg/ (the charts), html.js (the page), page.js (its style, script and
// CSP), definitions.js (what the figures mean); for --matrix, matrix-read.js
// (the directory), matrix.js (the model: cells, differences) and
// matrix-html.js (its page).
//
// As a module:
//   parseTimeline(text)  -> { records, truncated, skipped }
//   keyTimings(records)  -> { durationMs, connectMs, failureDetectionMs, ... }
//   summarize(records)   -> { script, name, status, passed, failed, ... }
//   render(runs)         -> html string
//   readMatrix(dir)      -> { cols, timelines, problems }
//   matrixModel(cols, timelines, problems) -> { kernels, ran, scenarios }
//   renderMatrix(model)  -> html string

const fs = require('node:fs')
const { parseTimeline } = require('./lib/parse.js')
const { keyTimings, summarize } = require('./lib/timings.js')
const { render } = require('./lib/html.js')
const { esc, fmtMs } = require('./lib/format.js')
const { readMatrix } = require('./lib/matrix-read.js')
const { matrixModel } = require('./lib/matrix.js')
const { renderMatrix } = require('./lib/matrix-html.js')

// ---------------------------------------------------------------- CLI

const USAGE = 'usage: node testbed/report/report.js [--out FILE.html] [--title TEXT] TIMELINE.jsonl...\n' +
  '       node testbed/report/report.js --matrix DIR [--out FILE.html] [--title TEXT]\n'

function write (out, html) {
  if (out) fs.writeFileSync(out, html)
  else process.stdout.write(html)
}

// The kernel matrix's page from DIR.
function matrixPage (dir, out, title) {
  let m
  try {
    const { cols, timelines, problems } = readMatrix(dir)
    m = matrixModel(cols, timelines, problems)
    for (const k of m.kernels) for (const p of k.problems) process.stderr.write(`report: ${k.name}: ${p}\n`)
  } catch (err) {
    process.stderr.write(`report: ${err.message}\n`)
    return 1
  }
  write(out, renderMatrix(m, { title, generated: new Date().toISOString() }))
  if (out) {
    const cells = m.scenarios.flatMap((s) => s.cells.filter((c) => m.ran.includes(c.kernel) && c.state !== 'not run'))
    const failed = cells.filter((c) => c.state !== 'pass').length
    const missing = m.kernels.filter((k) => !k.ran).map((k) => `${k.name} ${k.status}`)
    process.stderr.write(`report: ${out}: ${m.scenarios.length} scenario(s) under ${m.ran.length} kernel(s) (${m.ran.join(', ')}${missing.length ? `; ${missing.join(', ')}` : ''}), ${failed} of ${cells.length} run(s) not passed\n`)
  }
  return 0
}

function main (argv) {
  let out = null
  let title
  let matrix = null
  const files = []
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out' || argv[i] === '-o') out = argv[++i]
    else if (argv[i] === '--title') title = argv[++i]
    else if (argv[i] === '--matrix') matrix = argv[++i]
    else if (argv[i] === '--help' || argv[i] === '-h') {
      process.stdout.write(USAGE)
      return 0
    } else files.push(argv[i])
  }
  if (matrix !== null) {
    if (!matrix || files.length || (out !== null && !out)) {
      process.stderr.write(`report: --matrix takes one directory${files.length ? ` and no timelines (got ${files.join(' ')})` : ''}\n${USAGE}`)
      return 2
    }
    return matrixPage(matrix, out, title)
  }
  if (!files.length || (out !== null && !out)) {
    process.stderr.write(USAGE)
    return 2
  }
  const runs = []
  for (const file of files) {
    let text
    try {
      text = fs.readFileSync(file, 'utf8')
    } catch (err) {
      process.stderr.write(`report: ${file}: ${err.message}\n`)
      return 1
    }
    const parsed = parseTimeline(text)
    if (!parsed.records.length) {
      process.stderr.write(`report: ${file}: no timeline records\n`)
      return 1
    }
    runs.push({ ...parsed, file })
  }
  const html = render(runs, { title, generated: new Date().toISOString() })
  write(out, html)
  if (out) {
    const failed = runs.filter((r) => summarize(r.records).status !== 'pass').length
    process.stderr.write(`report: ${out}: ${runs.length} scenario(s), ${failed} not passed\n`)
  }
  return 0
}

if (require.main === module) process.exitCode = main(process.argv.slice(2))

module.exports = { parseTimeline, keyTimings, summarize, render, readMatrix, matrixModel, renderMatrix, escapeHtml: esc, formatMs: fmtMs }
