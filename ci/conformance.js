#!/usr/bin/env node
'use strict'

// The conformance run: every scenario under a kernel with SCTP, one after
// the other, through the testbed runner (testbed/bin/tb run). Prints one
// TAP stream (a test point per expectation, named by its file:line), then
// a table, and leaves a timeline per scenario (NAME.jsonl) and
// summary.json in the output directory for the report.
//   node ci/conformance.js [--out DIR] [SCENARIO.scn...]
// (default: scenarios/*.scn and examples/*/scenarios/*.scn)
// Needs root and SCTP: run it through ci/sctp-run (make conformance).

const fs = require('node:fs')
const path = require('node:path')
const { spawn } = require('node:child_process')
const { parseTimeline, keyTimings } = require('../testbed/report/report.js')

const ROOT = path.join(__dirname, '..')
const TB = path.join(ROOT, 'testbed', 'bin', 'tb')
// A scenario's own timeouts bound it; this only catches a runner that
// hangs regardless.
const SCENARIO_LIMIT_MS = 300_000

function parseArgs (argv) {
  const o = { out: path.join(ROOT, 'build', 'conformance'), files: [] }
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') o.out = path.resolve(argv[++i])
    else o.files.push(argv[i])
  }
  if (o.files.length === 0) {
    // scenarios/, then each example application's own (examples/*/scenarios)
    const list = (rel) => fs.readdirSync(path.join(ROOT, rel)).filter((f) => f.endsWith('.scn')).sort()
      .map((f) => path.join(rel, f))
    o.files = list('scenarios')
    for (const ex of fs.readdirSync(path.join(ROOT, 'examples')).sort()) {
      if (fs.existsSync(path.join(ROOT, 'examples', ex, 'scenarios'))) o.files.push(...list(path.join('examples', ex, 'scenarios')))
    }
  }
  return o
}

// Run one scenario; its TAP lines come back as they are printed.
function runScenario (file, timeline, onLine) {
  return new Promise((resolve) => {
    const child = spawn(TB, ['run', '--timeline', timeline, file], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit']
    })
    let buf = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (d) => {
      buf += d
      let nl
      while ((nl = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, nl))
        buf = buf.slice(nl + 1)
      }
    })
    const timer = setTimeout(() => child.kill('SIGTERM'), SCENARIO_LIMIT_MS)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (buf) onLine(buf)
      resolve({ code, signal })
    })
  })
}

// The timeline as the report reads it (a run killed mid-line keeps what is
// whole), and the report's key timings.
function readTimeline (file) {
  try {
    return parseTimeline(fs.readFileSync(file, 'utf8')).records
  } catch {
    return []
  }
}

function pad (s, n) {
  s = String(s)
  return s.length >= n ? s : s + ' '.repeat(n - s.length)
}

async function main () {
  const o = parseArgs(process.argv.slice(2))
  fs.mkdirSync(o.out, { recursive: true })
  let n = 0
  const rows = []
  const began = Date.now()
  console.log('TAP version 13')
  for (const file of o.files) {
    const name = path.basename(file, '.scn')
    const timeline = path.join(o.out, `${name}.jsonl`)
    const t0 = Date.now()
    const row = { scenario: name, file, passed: 0, failed: 0, planned: 0, failures: [], bail: null }
    console.log(`# ${file}`)
    const r = await runScenario(file, timeline, (line) => {
      let m
      if ((m = /^1\.\.(\d+)$/.exec(line))) {
        row.planned = Number(m[1])
      } else if ((m = /^(not ok|ok) \d+ - (.*)$/.exec(line))) {
        n++
        if (m[1] === 'ok') row.passed++
        else row.failed++
        console.log(`${m[1]} ${n} - ${m[2]}`)
      } else if ((m = /^Bail out! (.*)$/.exec(line))) {
        row.bail = m[1]
        console.log(`# ${name}: ${line}`)
      } else if (/^TAP version/.test(line) || line === `# ${file}`) {
        // said once, above
      } else if (line.startsWith('# ') || line.startsWith('  ')) {
        console.log(line)
      } else if (line) {
        console.log(`# ${line}`)
      }
    })
    // Expectations a stopped run never reached fail too, and say why.
    const missing = row.planned - row.passed - row.failed
    for (let i = 0; i < missing; i++) {
      n++
      row.failed++
      console.log(`not ok ${n} - ${file}: not reached (${row.bail || `runner exit ${r.code ?? r.signal}`})`)
    }
    if (row.planned === 0 && (r.code !== 0 || row.bail)) {
      n++
      row.failed++
      console.log(`not ok ${n} - ${file}: did not run (exit ${r.code ?? r.signal})`)
    }
    const records = readTimeline(timeline)
    for (const rec of records) {
      if (rec.kind === 'expect' && !rec.ok) row.failures.push({ line: rec.line, text: rec.text, observed: rec.observed })
    }
    const kt = keyTimings(records)
    Object.assign(row, { detectionMs: kt.failureDetectionMs, maxGapMs: kt.failoverGapMs },
      { seconds: (Date.now() - t0) / 1000, exit: r.code })
    rows.push(row)
  }
  console.log(`1..${n}`)

  // The table.
  console.log('#')
  console.log(`# ${pad('scenario', 20)} ${pad('result', 6)} ${pad('expect', 7)} ${pad('time', 7)} ${pad('detect', 8)} max gap`)
  for (const r of rows) {
    const ms = (v) => v === null ? '-' : `${Math.round(v)} ms`
    console.log(`# ${pad(r.scenario, 20)} ${pad(r.failed ? 'FAIL' : 'pass', 6)} ${pad(`${r.passed}/${r.passed + r.failed}`, 7)} ` +
      `${pad(r.seconds.toFixed(1) + ' s', 7)} ${pad(ms(r.detectionMs), 8)} ${ms(r.maxGapMs)}`)
    for (const f of r.failures) console.log(`#   ${r.file}:${f.line}: ${f.text}\n#     observed: ${f.observed}`)
    if (r.bail) console.log(`#   stopped: ${r.bail}`)
  }
  console.log(`# conformance: ${rows.length} scenarios in ${((Date.now() - began) / 1000).toFixed(0)} s`)
  fs.writeFileSync(path.join(o.out, 'summary.json'), JSON.stringify(rows, null, 2) + '\n')
  process.exitCode = rows.some((r) => r.failed) ? 1 : 0
}

main()
