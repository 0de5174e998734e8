#!/usr/bin/env node
'use strict'

// Load a scenario report (testbed/report/report.js) in headless Chromium
// and check what the browser made of it. Prints TAP; exit 0 when every
// point passed, 1 when one failed (or Chromium is missing), 2 for bad usage.
//
//   node ci/report-check.js REPORT.html [--expect-scenarios N] [--expect NAME...]
//                           [--timeout SEC] [--chromium PATH]
//
// The page's inline script sets data-report-ready="N sections" on <html>
// when it ran without error (data-report-error otherwise); Chromium's
// --dump-dom gives the DOM after it ran, and --enable-logging=stderr every
// console message, which the page never writes: any one (an uncaught
// exception, a blocked script or resource) fails the first point.
// Without --expect, every scenario section found gets a point.
//
// Needs the Debian package `chromium` (or CHROMIUM=/path/to/binary).

const { spawn } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { pathToFileURL } = require('node:url')

const USAGE = 'usage: node ci/report-check.js REPORT.html [--expect-scenarios N] [--expect NAME...] [--timeout SEC] [--chromium PATH]'

function parseArgs (argv) {
  const o = { file: null, count: null, names: [], timeout: 60, chromium: process.env.CHROMIUM || null }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--expect-scenarios') o.count = Number(argv[++i])
    else if (a === '--expect') {
      while (i + 1 < argv.length && !argv[i + 1].startsWith('--')) o.names.push(argv[++i])
    } else if (a === '--timeout') o.timeout = Number(argv[++i])
    else if (a === '--chromium') o.chromium = argv[++i]
    else if (!a.startsWith('--') && !o.file) o.file = a
    else throw new Error(`unknown argument ${a}`)
  }
  if (!o.file) throw new Error('no report given')
  if (o.count !== null && !(Number.isInteger(o.count) && o.count >= 0)) throw new Error('--expect-scenarios needs a count')
  if (!(o.timeout > 0)) throw new Error('--timeout needs seconds')
  return o
}

function findChromium (given) {
  if (given) return fs.existsSync(given) ? given : null
  for (const dir of (process.env.PATH || '').split(':')) {
    for (const name of ['chromium', 'chromium-browser']) {
      const p = path.join(dir || '.', name)
      try {
        fs.accessSync(p, fs.constants.X_OK)
        return p
      } catch {}
    }
  }
  return null
}

// Runs Chromium in its own process group, so that a timeout ends it and
// every process it started.
function dumpDom (chromium, file, timeoutSec) {
  return new Promise((resolve) => {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'report-check-'))
    const args = [
      '--headless=new', '--disable-gpu', '--no-sandbox', '--no-first-run',
      '--no-default-browser-check', '--disable-extensions', '--disable-dev-shm-usage',
      `--user-data-dir=${profile}`, '--enable-logging=stderr', '--v=0',
      '--dump-dom', pathToFileURL(path.resolve(file)).href
    ]
    const started = process.hrtime.bigint()
    const child = spawn(chromium, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    let dom = ''
    let log = ''
    let timedOut = false
    child.stdout.setEncoding('utf8').on('data', (d) => { dom += d })
    child.stderr.setEncoding('utf8').on('data', (d) => { log += d })
    const timer = setTimeout(() => {
      timedOut = true
      try { process.kill(-child.pid, 'SIGKILL') } catch {}
    }, timeoutSec * 1000)
    const done = (code, signal, error) => {
      clearTimeout(timer)
      fs.rmSync(profile, { recursive: true, force: true })
      resolve({ dom, log, code, signal, error, timedOut, seconds: Number(process.hrtime.bigint() - started) / 1e9 })
    }
    child.on('error', (err) => done(null, null, err))
    child.on('close', (code, signal) => done(code, signal, null))
  })
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }
function unescape (s) {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
    return ENTITIES[e.toLowerCase()] ?? m
  })
}

function attr (tag, name) {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag)
  return m ? unescape(m[1]) : null
}

// The scenario sections of the dumped DOM: {name, status, html}.
function sections (dom) {
  const out = []
  const re = /<section\b[^>]*>/g
  let m
  while ((m = re.exec(dom))) {
    const tag = m[0]
    if (!/\sclass="[^"]*\bscenario\b/.test(tag)) continue
    const close = dom.indexOf('</section>', re.lastIndex)
    out.push({ name: attr(tag, 'data-scenario'), status: attr(tag, 'data-status'), html: dom.slice(re.lastIndex, close < 0 ? dom.length : close) })
  }
  return out
}

// Console lines as Chromium logs them:
//   [pid:tid:date:INFO:CONSOLE:12] "message", source: file:///... (12)
// Chromium's own pages (source: chrome://...) log too, e.g. "Slow network
// is detected" from its omnibox when there is no network: not the page's.
function consoleLines (log) {
  return log.split('\n')
    .filter((l) => /:CONSOLE[:(\]]/.test(l) || /Uncaught|Refused to|Content Security Policy/.test(l))
    .filter((l) => !/, source: chrome:\/\//.test(l))
}

function yaml (lines) {
  return ['  ---', ...lines.map((l) => `  ${l}`), '  ...'].join('\n')
}

async function main () {
  let o
  try {
    o = parseArgs(process.argv.slice(2))
  } catch (err) {
    process.stderr.write(`report-check: ${err.message}\n${USAGE}\n`)
    return 2
  }
  let n = 0
  let failed = 0
  const point = (ok, name, details) => {
    n++
    if (!ok) failed++
    console.log(`${ok ? 'ok' : 'not ok'} ${n} - ${name}`)
    if (!ok && details && details.length) console.log(yaml(details))
  }

  console.log('TAP version 13')
  if (!fs.existsSync(o.file)) {
    point(false, 'report loads without errors', [`message: "no such file: ${o.file}"`])
    console.log(`1..${n}`)
    return 1
  }
  const chromium = findChromium(o.chromium)
  if (!chromium) {
    point(false, 'report loads without errors', [
      `message: "chromium not found${o.chromium ? ` at ${o.chromium}` : ' in PATH'}: install the Debian package chromium (apt-get install -y --no-install-recommends chromium) or set CHROMIUM=/path/to/binary"`
    ])
    console.log(`1..${n}`)
    return 1
  }

  const r = await dumpDom(chromium, o.file, o.timeout)
  console.log(`# ${path.basename(chromium)} took ${r.seconds.toFixed(1)} s`)
  const htmlTag = /<html\b[^>]*>/.exec(r.dom)
  const ready = htmlTag ? attr(htmlTag[0], 'data-report-ready') : null
  const pageError = htmlTag ? attr(htmlTag[0], 'data-report-error') : null
  const logged = consoleLines(r.log)
  const problems = []
  if (r.error) problems.push(`chromium did not start: ${r.error.message}`)
  if (r.timedOut) problems.push(`chromium did not finish within ${o.timeout} s (killed)`)
  else if (r.code !== 0 && !r.error) problems.push(`chromium exited with ${r.code === null ? `signal ${r.signal}` : `status ${r.code}`}`)
  if (!htmlTag) problems.push('no DOM was dumped')
  else if (ready === null) problems.push('the page script did not mark the page ready (data-report-ready): it did not run or it failed')
  if (pageError) problems.push(`page error: ${pageError}`)
  for (const l of logged) problems.push(`console: ${l.replace(/^\[[^\]]*\]\s*/, '')}`)
  point(problems.length === 0, 'report loads without errors', ['problems:', ...problems.map((p) => `  - ${JSON.stringify(p)}`)])

  const found = sections(r.dom)
  if (o.count !== null) {
    point(found.length === o.count && Number(ready) === o.count, `shows ${o.count} scenario${o.count === 1 ? '' : 's'}`,
      [`found: ${found.length}`, `script counted: ${ready === null ? 'nothing' : ready}`, `wanted: ${o.count}`])
  }
  const names = o.names.length ? o.names : (o.count === null ? found.map((s) => s.name) : [])
  if (!names.length && o.count === null) point(false, 'shows at least one scenario', ['found: 0'])
  for (const name of names) {
    const s = found.find((x) => x.name === name)
    const problem = !s ? `no section for ${name} (found: ${found.map((x) => x.name).join(', ') || 'none'})`
      : !/<svg\b[^>]*class="chart"/.test(s.html) ? 'the section has no timeline chart'
        : !/<table\b[^>]*class="expectations"/.test(s.html) && !/No expectation was decided/.test(s.html) ? 'the section has no expectation list'
          : null
    point(!problem, `shows scenario ${name}${s && s.status ? ` (${s.status})` : ''}`, problem ? [`message: ${JSON.stringify(problem)}`] : [])
  }
  console.log(`1..${n}`)
  return failed ? 1 : 0
}

main().then((code) => { process.exitCode = code }, (err) => {
  console.log(`not ok - report-check crashed: ${err.message}`)
  process.exitCode = 1
})
