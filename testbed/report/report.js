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
// svg/ (the charts), html.js (the page).
//
// As a module:
//   parseTimeline(text)  -> { records, truncated, skipped }
//   keyTimings(records)  -> { durationMs, connectMs, failureDetectionMs, ... }
//   summarize(records)   -> { script, name, status, passed, failed, ... }
//   render(runs)         -> html string

const fs = require('node:fs')
const { parseTimeline } = require('./lib/parse.js')
const { keyTimings, summarize } = require('./lib/timings.js')
const { render } = require('./lib/html.js')
const { esc, fmtMs } = require('./lib/format.js')

// ---------------------------------------------------------------- CLI

function main (argv) {
  let out = null
  let title
  const files = []
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out' || argv[i] === '-o') out = argv[++i]
    else if (argv[i] === '--title') title = argv[++i]
    else if (argv[i] === '--help' || argv[i] === '-h') {
      process.stdout.write('usage: node testbed/report/report.js [--out FILE.html] [--title TEXT] TIMELINE.jsonl...\n')
      return 0
    } else files.push(argv[i])
  }
  if (!files.length || (out !== null && !out)) {
    process.stderr.write('usage: node testbed/report/report.js [--out FILE.html] [--title TEXT] TIMELINE.jsonl...\n')
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
  if (out) {
    fs.writeFileSync(out, html)
    const failed = runs.filter((r) => summarize(r.records).status !== 'pass').length
    process.stderr.write(`report: ${out}: ${runs.length} scenario(s), ${failed} not passed\n`)
  } else {
    process.stdout.write(html)
  }
  return 0
}

if (require.main === module) process.exitCode = main(process.argv.slice(2))

module.exports = { parseTimeline, keyTimings, summarize, render, escapeHtml: esc, formatMs: fmtMs }
