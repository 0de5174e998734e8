#!/usr/bin/env node
'use strict'

// Run test programs one after another (a .js file with node, anything else
// as an executable), show their TAP, and count their top-level test points.
// tap's own command-line runner costs ~20 s per file under emulation; this
// costs one node start per file.
//
//   node ci/run-tap.js --suite NAME --out FILE.json [--timeout SEC] FILE...
//
// A file counts as one more failure when it exits non-zero without a
// failing test point, prints no test point at all, or times out.

const { spawn } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

function parseArgs (argv) {
  const o = { suite: 'tests', out: null, timeout: 300, files: [] }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--suite') o.suite = argv[++i]
    else if (a === '--out') o.out = argv[++i]
    else if (a === '--timeout') o.timeout = Number(argv[++i])
    else o.files.push(a)
  }
  // An unmatched shell glob arrives as itself: not a file.
  o.files = o.files.filter((f) => !/[*?]/.test(f) || fs.existsSync(f))
  return o
}

// Count top-level points of one TAP stream: lines "ok N" / "not ok N" at
// column 0 (subtests are indented). "# SKIP" points are counted apart.
function countTap (text) {
  const c = { passed: 0, failed: 0, skipped: 0, failures: [] }
  for (const line of text.split('\n')) {
    const m = /^(not ok|ok)\b(.*)$/.exec(line)
    if (!m) continue
    if (/#\s*skip\b/i.test(m[2])) c.skipped++
    else if (m[1] === 'ok' || /#\s*todo\b/i.test(m[2])) c.passed++
    else {
      c.failed++
      c.failures.push(line)
    }
  }
  return c
}

function runOne (file, timeoutSec) {
  return new Promise((resolve) => {
    const isJs = file.endsWith('.js') || file.endsWith('.mjs')
    const cmd = isJs ? process.execPath : path.resolve(file)
    const args = isJs ? [file] : []
    const started = process.hrtime.bigint()
    // tap's own per-test timeout (30 s) is too short under emulation; this
    // runner bounds every file instead.
    const env = { TAP_TIMEOUT: String(timeoutSec), ...process.env }
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env })
    let out = ''
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutSec * 1000)
    // Passed through indented, whole lines only (a chunk may end mid-line).
    let partial = ''
    child.stdout.on('data', (d) => {
      out += d
      const text = partial + d.toString()
      const cut = text.lastIndexOf('\n') + 1
      partial = text.slice(cut)
      if (cut > 0) process.stdout.write(text.slice(0, cut).replace(/^(?=.)/gm, '    '))
    })
    child.stdout.on('end', () => {
      if (partial) process.stdout.write(`    ${partial}\n`)
      partial = ''
    })
    child.stderr.on('data', (d) => process.stderr.write(d))
    child.on('error', (err) => {
      out += `\nnot ok - could not start: ${err.message}\n`
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      resolve({ file, code, signal, timedOut, ms, out })
    })
  })
}

// The whole suite as one TAP 14 document, each file a subtest with its own
// output, for ci/junit.mjs (a JUnit testsuite per file).
function suiteTap (outputs) {
  const lines = ['TAP version 14']
  outputs.forEach((o, i) => {
    lines.push(`# Subtest: ${o.file}`)
    const body = o.out.replace(/\n+$/, '').split('\n').filter((l) => !/^TAP version/.test(l))
    for (const l of body) lines.push(l ? `    ${l}` : '')
    lines.push(`${o.ok ? 'ok' : 'not ok'} ${i + 1} - ${o.file} # time=${o.ms.toFixed(0)}ms`)
    if (o.note) lines.push('  ---', `  message: ${JSON.stringify(o.note)}`, '  ...')
  })
  lines.push(`1..${outputs.length}`)
  return lines.join('\n') + '\n'
}

async function main () {
  const o = parseArgs(process.argv.slice(2))
  const where = process.env.LKSCTP_KERNEL_RUNNER
    ? ` (kernel ${process.env.LKSCTP_KERNEL_RELEASE || '?'}, ${process.env.LKSCTP_KERNEL_RUNNER})`
    : ''
  console.log(`# suite ${o.suite}: ${o.files.length} files${where}`)
  const total = { suite: o.suite, passed: 0, failed: 0, skipped: 0, files: [], runner: process.env.LKSCTP_KERNEL_RUNNER || 'host', kernel: process.env.LKSCTP_KERNEL_RELEASE || require('node:os').release() }
  if (o.files.length === 0) {
    total.failed++
    total.files.push({ file: '(none)', failed: 1, note: 'no test files given' })
  }
  const outputs = []
  for (const file of o.files) {
    console.log(`# ${file}`)
    const r = await runOne(file, o.timeout)
    const c = countTap(r.out)
    let note = ''
    if (r.timedOut) note = `timed out after ${o.timeout} s`
    else if (r.code !== 0 && c.failed === 0) note = `exited with ${r.signal || r.code}`
    else if (c.passed + c.failed + c.skipped === 0) note = 'printed no test point'
    if (note) {
      c.failed++
      c.failures.push(`not ok - ${file}: ${note}`)
    }
    total.passed += c.passed
    total.failed += c.failed
    total.skipped += c.skipped
    total.files.push({ file, passed: c.passed, failed: c.failed, skipped: c.skipped, ms: Math.round(r.ms), failures: c.failures })
    outputs.push({ file, out: r.out, ok: c.failed === 0, note, ms: r.ms })
    console.log(`# ${file}: ${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''} (${(r.ms / 1000).toFixed(1)} s)${note ? ` - ${note}` : ''}`)
  }
  if (o.out) {
    fs.mkdirSync(path.dirname(o.out), { recursive: true })
    fs.writeFileSync(o.out, JSON.stringify(total, null, 2) + '\n')
    fs.writeFileSync(o.out.replace(/\.json$/, '') + '.tap', suiteTap(outputs))
  }
  console.log(`# suite ${o.suite}: ${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`)
  process.exitCode = total.failed > 0 ? 1 : 0
}

main()
