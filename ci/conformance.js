#!/usr/bin/env node
'use strict'

// The conformance run: every scenario under a kernel with SCTP, one after
// the other, through the testbed runner (testbed/bin/tb run). Prints one
// TAP stream (a test point per expectation, named by its file:line), then
// a table, and leaves in the output directory a timeline per scenario
// (NAME.jsonl), summary.json, run.json (which kernel), conformance.tap (the
// same TAP, a subtest per scenario, each point with its file and line as
// YAML, for ci/junit.mjs) and table.txt.
//   node ci/conformance.js [--out DIR] [--jobs N] [SCENARIO.scn...]
// (--jobs: scenarios run at once, each in its own namespaces; default 1)
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
  const o = { out: path.join(ROOT, 'build', 'conformance'), jobs: 1, files: [] }
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') o.out = path.resolve(argv[++i])
    else if (argv[i] === '--jobs') o.jobs = Number(argv[++i])
    else o.files.push(fromRoot(argv[i]))
  }
  if (!Number.isInteger(o.jobs) || o.jobs < 1 || o.jobs > 8) {
    console.error(`conformance: --jobs must be 1 to 8, not ${o.jobs}`)
    process.exit(2)
  }
  // A file named twice runs once (its timeline would be written twice).
  o.files = [...new Set(o.files)]
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

// A file named on the command line (relative to the current directory) as
// the runner is given it: from the tree's top when it is in the tree (so
// that make conformance and a file named by hand read alike), else whole.
function fromRoot (file) {
  const abs = path.resolve(file)
  const rel = path.relative(ROOT, abs)
  return rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel
}

// Each scenario's name (its timeline's file, its anchor in the report): the
// file's base name, or, where two files of the run share one, its path from
// the tree's top (or, outside it, the whole path) with '-' for '/'
// (examples/rr/scenarios/x.scn: examples-rr-scenarios-x), so that one
// timeline never overwrites another; a file named twice runs once.
function scenarioNames (files) {
  const base = files.map((f) => path.basename(f, '.scn'))
  const long = (f) => {
    const where = fromRoot(path.resolve(ROOT, f))
    return (path.isAbsolute(where) ? where.slice(1) : where).replace(/\.scn$/, '').split(path.sep).join('-')
  }
  return files.map((f, i) => base.indexOf(base[i]) === base.lastIndexOf(base[i]) ? base[i] : long(f))
}

// At most n holders at once; waiters are served in the order they asked.
function semaphore (n) {
  const waiting = []
  return {
    acquire () {
      if (n > 0) {
        n--
        return Promise.resolve()
      }
      return new Promise((resolve) => waiting.push(resolve))
    },
    release () {
      if (waiting.length) waiting.shift()()
      else n++
    }
  }
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

// Everything printed is kept too, for conformance.tap and table.txt.
const printed = []
function say (text) {
  console.log(text)
  printed.push(...String(text).split('\n'))
}

// conformance.tap: each scenario a subtest (a JUnit testsuite), its points
// numbered from 1, each given "file:" and "line:" in its YAML block (a new
// block, or the top of the one tb run printed after a failure), which JUnit
// reporters turn into attributes.
function subtestTap (groups) {
  const out = ['TAP version 14']
  groups.forEach((g, gi) => {
    out.push(`# Subtest: ${g.file}`)
    let k = 0
    for (let i = 0; i < g.lines.length; i++) {
      const line = g.lines[i]
      const m = /^(not ok|ok) \d+ - ((.+?):(\d+): .*|.*)$/.exec(line)
      if (!m) {
        if (line.startsWith('  ') || line.startsWith('#')) out.push(`    ${line}`)
        continue
      }
      out.push(`    ${m[1]} ${++k} - ${m[2]}`)
      const loc = m[3] ? [`      file: ${JSON.stringify(m[3])}`, `      line: ${m[4]}`] : []
      if (g.lines[i + 1] === '  ---') {
        i++
        out.push('      ---', ...loc)
      } else if (loc.length) {
        out.push('      ---', ...loc, '      ...')
      }
    }
    out.push(`    1..${k}`)
    out.push(`${g.ok ? 'ok' : 'not ok'} ${gi + 1} - ${g.file} # time=${Math.round(g.seconds * 1000)}ms`)
  })
  out.push(`1..${groups.length}`)
  return out.join('\n') + '\n'
}

async function main () {
  const o = parseArgs(process.argv.slice(2))
  fs.mkdirSync(o.out, { recursive: true })
  let n = 0
  const rows = []
  const groups = []
  const began = Date.now()
  say('TAP version 13')
  // Up to o.jobs scenarios at once (each in namespaces of its own); their
  // TAP is printed in the files' order, each scenario's as one block.
  const slots = semaphore(o.jobs)
  const names = scenarioNames(o.files)
  const tasks = o.files.map((file, i) => {
    const name = names[i]
    const task = { file, name, timeline: path.join(o.out, `${name}.jsonl`), lines: [], listener: null, seconds: 0 }
    task.done = slots.acquire().then(async () => {
      const t0 = Date.now()
      try {
        return await runScenario(file, task.timeline, (line) => {
          if (task.listener) task.listener(line)
          else task.lines.push(line)
        })
      } finally {
        task.seconds = (Date.now() - t0) / 1000
        slots.release()
      }
    })
    return task
  })
  for (const task of tasks) {
    const { file, name } = task
    const row = { scenario: name, file, passed: 0, failed: 0, skipped: 0, planned: 0, failures: [], kernelNotes: [], bail: null }
    say(`# ${file}`)
    const groupStart = printed.length
    task.listener = (line) => {
      let m
      if ((m = /^1\.\.(\d+)$/.exec(line))) {
        row.planned = Number(m[1])
      } else if ((m = /^(not ok|ok) \d+ - (.*)$/.exec(line))) {
        n++
        // A step for other kernel releases ("on kernel>=V (why): ...").
        if (m[1] === 'ok' && / # SKIP kernel /.test(m[2])) row.skipped++
        else if (m[1] === 'ok') row.passed++
        else row.failed++
        say(`${m[1]} ${n} - ${m[2]}`)
      } else if ((m = /^Bail out! (.*)$/.exec(line))) {
        row.bail = m[1]
        say(`# ${name}: ${line}`)
      } else if (/^TAP version/.test(line) || line === `# ${file}`) {
        // said once, above
      } else if (line.startsWith('# ') || line.startsWith('  ')) {
        say(line)
      } else if (line) {
        say(`# ${line}`)
      }
    }
    for (const line of task.lines.splice(0)) task.listener(line)
    const r = await task.done
    // Expectations a stopped run never reached fail too, and say why.
    const missing = row.planned - row.passed - row.failed - row.skipped
    for (let i = 0; i < missing; i++) {
      n++
      row.failed++
      say(`not ok ${n} - ${file}: not reached (${row.bail || `runner exit ${r.code ?? r.signal}`})`)
    }
    if (row.planned === 0 && (r.code !== 0 || row.bail)) {
      n++
      row.failed++
      say(`not ok ${n} - ${file}: did not run (exit ${r.code ?? r.signal})`)
    }
    const lines = printed.slice(groupStart)
    const records = readTimeline(task.timeline)
    for (const rec of records) {
      if (rec.kind === 'expect' && !rec.ok) row.failures.push({ line: rec.line, text: rec.text, observed: rec.observed })
      if (rec.kind === 'kernel-skip') row.kernelNotes.push({ line: rec.line, text: rec.text, verb: rec.verb, when: rec.when, why: rec.why })
    }
    const kt = keyTimings(records)
    Object.assign(row, { detectionMs: kt.failureDetectionMs, maxGapMs: kt.failoverGapMs },
      { seconds: task.seconds, exit: r.code })
    rows.push(row)
    groups.push({ file, lines, ok: row.failed === 0, seconds: row.seconds })
  }
  say(`1..${n}`)

  // The table, printed as TAP comments and kept for table.txt.
  const table = []
  const tableLine = (text) => {
    table.push(text)
    say(`# ${text}`)
  }
  say('#')
  tableLine(`${pad('scenario', 20)} ${pad('result', 6)} ${pad('expect', 7)} ${pad('time', 7)} ${pad('detect', 8)} max gap`)
  for (const r of rows) {
    const ms = (v) => v === null ? '-' : `${Math.round(v)} ms`
    tableLine(`${pad(r.scenario, 20)} ${pad(r.failed ? 'FAIL' : 'pass', 6)} ${pad(`${r.passed}/${r.passed + r.failed}${r.skipped ? `+${r.skipped}` : ''}`, 7)} ` +
      `${pad(r.seconds.toFixed(1) + ' s', 7)} ${pad(ms(r.detectionMs), 8)} ${ms(r.maxGapMs)}`)
    for (const f of r.failures) {
      tableLine(`  ${r.file}:${f.line}: ${f.text}`)
      tableLine(`    observed: ${f.observed}`)
    }
    for (const k of r.kernelNotes) tableLine(`  ${r.file}:${k.line}: not on this kernel (only kernel${k.when}: ${k.why}): ${k.text}`)
    if (r.bail) tableLine(`  stopped: ${r.bail}`)
  }
  tableLine(`conformance: ${rows.length} scenarios in ${((Date.now() - began) / 1000).toFixed(0)} s`)
  fs.writeFileSync(path.join(o.out, 'summary.json'), JSON.stringify(rows, null, 2) + '\n')
  fs.writeFileSync(path.join(o.out, 'run.json'), JSON.stringify({
    kernel: process.env.LKSCTP_KERNEL_NAME || 'host',
    release: process.env.LKSCTP_KERNEL_RELEASE || require('node:os').release(),
    runner: process.env.LKSCTP_KERNEL_RUNNER || 'native',
    seconds: Math.round((Date.now() - began) / 1000)
  }, null, 2) + '\n')
  fs.writeFileSync(path.join(o.out, 'conformance.tap'), subtestTap(groups))
  fs.writeFileSync(path.join(o.out, 'table.txt'), table.join('\n') + '\n')
  process.exitCode = rows.some((r) => r.failed) ? 1 : 0
}

if (require.main === module) main()
else module.exports = { scenarioNames, fromRoot }
