#!/usr/bin/env node
'use strict'

// Load a scenario report (testbed/report/report.js) in headless Chromium
// and check what the browser made of it. Prints TAP; exit 0 when every
// point passed, 1 when one failed (or Chromium is missing), 2 for bad usage.
//
//   node ci/report-check.js REPORT.html [--expect-scenarios N] [--expect NAME...]
//        [--expect-kernels NAME...] [--no-layout] [--anchor ID...] [--screenshots DIR]
//        [--width PX] [--timeout SEC] [--chromium PATH]
//
// Points, in order:
//   report loads without errors   the page's inline script set
//       data-report-ready on <html> (data-report-error otherwise), and
//       nothing was logged: no console message (the page writes none), no
//       uncaught exception, no blocked script or resource;
//   shows N scenarios             with --expect-scenarios;
//   shows scenario NAME           each --expect NAME (without --expect:
//       every section found): a section with a timeline and an expectation
//       list;
//   shows kernels A, B, ...       with --expect-kernels (a kernel matrix's
//       page, report.js --matrix): the summary has a column per kernel, in
//       that order, and each section a column per kernel that ran it, in
//       the same order;
//   labels of NAME ...            (unless --no-layout) per section: in each
//       of its figures, no two labels (the charts' <text>, the legends'
//       entries) overlap, and each lies inside its chart (or its figure);
//   kernel columns of NAME ...    (unless --no-layout) per section with
//       kernel columns (a kernel matrix's page): the columns side by side
//       are as wide as each other and do not overlap, the n-th part of each
//       (head, facts, timeline, ...) starts at the same height in all of
//       them, every chart in them is on one time scale (the same viewBox
//       width, duration, compressed start-up and plot area) and is drawn
//       at MIN_SCALE of its size or more, so that its text stays legible;
//   REPORT#ID shows ...           each --anchor ID: loaded with that
//       fragment, the element has a box and is in the viewport, and
//       `chromium --screenshot` of that URL is not blank (that mode once
//       showed a blank page for a fragment that scrolled);
// With --screenshots DIR: one PNG per section (ID.png, the whole section)
// and summary.png, for a person to look at.
//
// Chromium is driven over the DevTools protocol on a pipe
// (--remote-debugging-pipe: NUL-separated JSON on fds 3 and 4), in its own
// process group, so that a timeout ends it and every process it started.
// Needs the Debian package `chromium` (or CHROMIUM=/path/to/binary).

const { spawn } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const zlib = require('node:zlib')
const { pathToFileURL } = require('node:url')

const USAGE = 'usage: node ci/report-check.js REPORT.html [--expect-scenarios N] [--expect NAME...] [--expect-kernels NAME...] [--no-layout] [--anchor ID...] [--screenshots DIR] [--width PX] [--timeout SEC] [--chromium PATH]'

// A kernel column's charts are drawn at least this share of their size
// (their viewBox units to CSS pixels): their 10-11 px text at 8 px or more.
const MIN_SCALE = 0.75

function parseArgs (argv) {
  const o = { file: null, count: null, names: [], kernels: null, anchors: [], layout: true, shots: null, width: 1280, height: 900, timeout: 90, chromium: process.env.CHROMIUM || null }
  const list = (i, into) => {
    while (i + 1 < argv.length && !argv[i + 1].startsWith('--')) into.push(argv[++i])
    return i
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--expect-scenarios') o.count = Number(argv[++i])
    else if (a === '--expect') i = list(i, o.names)
    else if (a === '--anchor') i = list(i, o.anchors)
    else if (a === '--expect-kernels') i = list(i, (o.kernels = o.kernels || []))
    else if (a === '--no-layout') o.layout = false
    else if (a === '--screenshots') o.shots = argv[++i]
    else if (a === '--width') o.width = Number(argv[++i])
    else if (a === '--timeout') o.timeout = Number(argv[++i])
    else if (a === '--chromium') o.chromium = argv[++i]
    else if (!a.startsWith('--') && !o.file) o.file = a
    else throw new Error(`unknown argument ${a}`)
  }
  if (!o.file) throw new Error('no report given')
  if (o.count !== null && !(Number.isInteger(o.count) && o.count >= 0)) throw new Error('--expect-scenarios needs a count')
  if (!(o.timeout > 0)) throw new Error('--timeout needs seconds')
  if (!(Number.isInteger(o.width) && o.width >= 320)) throw new Error('--width needs pixels (320 or more)')
  if (o.shots === undefined || o.shots === '') throw new Error('--screenshots needs a directory')
  if (o.kernels && !o.kernels.length) throw new Error('--expect-kernels needs the kernels\' names')
  return o
}

function findChromium (given) {
  if (given) return fs.existsSync(given) ? given : null
  for (const dir of (process.env.PATH || '').split(':')) {
    // Debian's and Ubuntu's names, and Google's (on GitHub's runners).
    for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
      const p = path.join(dir || '.', name)
      try {
        fs.accessSync(p, fs.constants.X_OK)
        return p
      } catch {}
    }
  }
  return null
}

const BASE_ARGS = ['--headless=new', '--disable-gpu', '--no-sandbox', '--no-first-run',
  '--no-default-browser-check', '--disable-extensions', '--disable-dev-shm-usage', '--hide-scrollbars']

// ------------------------------------------------------------ DevTools protocol

// One browser, one page, commands and events over the pipe.
class Browser {
  constructor (chromium, timeoutSec) {
    this.profile = fs.mkdtempSync(path.join(os.tmpdir(), 'report-check-'))
    this.child = spawn(chromium, [...BASE_ARGS, '--remote-debugging-pipe', `--user-data-dir=${this.profile}`,
      '--enable-logging=stderr', '--v=0', 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], detached: true })
    this.log = ''
    this.events = []
    this.waiters = []
    this.pending = new Map()
    this.id = 0
    this.closed = false
    this.timedOut = false
    let buf = ''
    this.child.stderr.setEncoding('utf8').on('data', (d) => { this.log += d })
    this.child.stdio[4].setEncoding('utf8').on('data', (d) => {
      buf += d
      for (let i; (i = buf.indexOf('\0')) >= 0;) {
        const msg = JSON.parse(buf.slice(0, i))
        buf = buf.slice(i + 1)
        this.dispatch(msg)
      }
    })
    this.child.stdio[3].on('error', () => {})
    this.exited = new Promise((resolve) => {
      this.child.on('error', (err) => { this.error = err; resolve() })
      this.child.on('close', (code, signal) => { this.code = code; this.signal = signal; resolve() })
    }).then(() => {
      this.closed = true
      for (const p of this.pending.values()) p.reject(new Error(this.error ? `chromium did not start: ${this.error.message}` : 'chromium exited'))
      this.pending.clear()
    })
    this.timer = setTimeout(() => { this.timedOut = true; this.kill() }, timeoutSec * 1000)
  }

  dispatch (msg) {
    if (msg.id !== undefined && this.pending.has(msg.id)) {
      const p = this.pending.get(msg.id)
      this.pending.delete(msg.id)
      if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`))
      else p.resolve(msg.result)
      return
    }
    this.events.push(msg)
    this.waiters = this.waiters.filter((w) => !(w.pred(msg) && (w.resolve(msg), true)))
  }

  send (method, params = {}, sessionId = undefined) {
    if (this.closed) return Promise.reject(new Error(this.timedOut ? 'chromium timed out' : 'chromium exited'))
    return new Promise((resolve, reject) => {
      const msg = { id: ++this.id, method, params }
      if (sessionId) msg.sessionId = sessionId
      this.pending.set(msg.id, { resolve, reject, method })
      this.child.stdio[3].write(JSON.stringify(msg) + '\0')
    })
  }

  waitFor (pred) {
    return new Promise((resolve) => this.waiters.push({ pred, resolve }))
  }

  async page (width, height) {
    const { targetId } = await this.send('Target.createTarget', { url: 'about:blank' })
    const { sessionId } = await this.send('Target.attachToTarget', { targetId, flatten: true })
    const s = (method, params) => this.send(method, params, sessionId)
    await s('Page.enable')
    await s('Runtime.enable')
    await s('Log.enable')
    await s('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false })
    const page = {
      sessionId,
      send: s,
      // A new document (via about:blank, so that a fragment-only change
      // still loads the page anew), once its load event fired.
      load: async (url) => {
        for (const u of ['about:blank', url]) {
          const loaded = this.waitFor((m) => m.method === 'Page.loadEventFired' && m.sessionId === sessionId)
          const r = await s('Page.navigate', { url: u })
          if (r.errorText) throw new Error(`${u}: ${r.errorText}`)
          await loaded
        }
        await page.eval('document.fonts.ready.then(() => true)')
      },
      eval: async (expression) => {
        const r = await s('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true })
        if (r.exceptionDetails) throw new Error(`in the page: ${r.exceptionDetails.exception ? r.exceptionDetails.exception.description : r.exceptionDetails.text}`)
        return r.result.value
      }
    }
    return page
  }

  // What the page said: exceptions, console messages, log entries.
  pageProblems () {
    const out = []
    for (const m of this.events) {
      if (m.method === 'Runtime.exceptionThrown') out.push(`exception: ${m.params.exceptionDetails.exception ? m.params.exceptionDetails.exception.description : m.params.exceptionDetails.text}`)
      else if (m.method === 'Runtime.consoleAPICalled') out.push(`console.${m.params.type}: ${(m.params.args || []).map((a) => a.value ?? a.description ?? '').join(' ')}`)
      else if (m.method === 'Log.entryAdded' && (m.params.entry.level === 'error' || m.params.entry.level === 'warning') && !/^chrome:/.test(m.params.entry.url || '')) {
        out.push(`log (${m.params.entry.source}): ${m.params.entry.text}`)
      }
    }
    return out
  }

  kill () {
    try { process.kill(-this.child.pid, 'SIGKILL') } catch {}
  }

  async close () {
    clearTimeout(this.timer)
    if (!this.closed) {
      try { await Promise.race([this.send('Browser.close'), new Promise((resolve) => setTimeout(resolve, 3000))]) } catch {}
      this.kill()
    }
    await this.exited
    fs.rmSync(this.profile, { recursive: true, force: true })
  }
}

// `chromium --screenshot` of a URL (the viewport only, as a person opening
// it would see it first).
function cliScreenshot (chromium, url, file, width, height, timeoutSec) {
  return new Promise((resolve) => {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'report-shot-'))
    const child = spawn(chromium, [...BASE_ARGS, `--user-data-dir=${profile}`, `--screenshot=${file}`, `--window-size=${width},${height}`, url],
      { stdio: 'ignore', detached: true })
    const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL') } catch {} }, timeoutSec * 1000)
    const done = (err) => {
      clearTimeout(timer)
      fs.rmSync(profile, { recursive: true, force: true })
      resolve(err || null)
    }
    child.on('error', done)
    child.on('close', () => done(null))
  })
}

// ------------------------------------------------------------ PNG

// The share of a PNG's pixels that are not (near) white. 8-bit,
// non-interlaced greyscale, RGB or RGBA, as Chromium writes them.
function inkedShare (buf) {
  if (buf.length < 8 || buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG')
  let off = 8
  let width, height, depth, type, interlace
  const idat = []
  while (off + 8 <= buf.length) {
    const len = buf.readUInt32BE(off)
    const kind = buf.toString('ascii', off + 4, off + 8)
    const data = buf.subarray(off + 8, off + 8 + len)
    if (kind === 'IHDR') [width, height, depth, type, interlace] = [data.readUInt32BE(0), data.readUInt32BE(4), data[8], data[9], data[12]]
    else if (kind === 'IDAT') idat.push(data)
    else if (kind === 'IEND') break
    off += 12 + len
  }
  const bpp = { 0: 1, 2: 3, 4: 2, 6: 4 }[type]
  if (depth !== 8 || interlace !== 0 || !bpp) throw new Error(`PNG of a kind not read here (depth ${depth}, colour type ${type}, interlace ${interlace})`)
  const raw = zlib.inflateSync(Buffer.concat(idat))
  const stride = width * bpp
  let prev = Buffer.alloc(stride)
  let inked = 0
  for (let y = 0; y < height; y++) {
    const pos = y * (stride + 1)
    const filter = raw[pos]
    const cur = Buffer.alloc(stride)
    for (let i = 0; i < stride; i++) {
      const x = raw[pos + 1 + i]
      const a = i >= bpp ? cur[i - bpp] : 0
      const b = prev[i]
      const c = i >= bpp ? prev[i - bpp] : 0
      let v
      if (filter === 0) v = x
      else if (filter === 1) v = x + a
      else if (filter === 2) v = x + b
      else if (filter === 3) v = x + ((a + b) >> 1)
      else {
        const p = a + b - c
        const pa = Math.abs(p - a)
        const pb = Math.abs(p - b)
        const pc = Math.abs(p - c)
        v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)
      }
      cur[i] = v & 255
    }
    for (let i = 0; i < stride; i += bpp) {
      const colour = bpp >= 3 ? Math.min(cur[i], cur[i + 1], cur[i + 2]) : cur[i]
      if (colour < 235) inked++
    }
    prev = cur
  }
  return { width, height, share: inked / (width * height) }
}

// ------------------------------------------------------------ in the page

// Per scenario section: every label box in each figure (its charts' <text>
// and its caption's and lists' entries), pairs that overlap, and labels
// outside their chart (or, for HTML labels, outside their figure).
const LAYOUT = `(() => {
  const T = 0.5
  const box = (el) => { const b = el.getBoundingClientRect(); return { l: b.left, t: b.top, r: b.right, b: b.bottom } }
  const overlap = (p, q) => Math.min(p.r, q.r) - Math.max(p.l, q.l) > T && Math.min(p.b, q.b) - Math.max(p.t, q.t) > T
  const inside = (p, q) => p.l >= q.l - T && p.r <= q.r + T && p.t >= q.t - T && p.b <= q.b + T
  const short = (s) => { s = String(s).replace(/\\s+/g, ' ').trim(); return s.length > 40 ? s.slice(0, 39) + '…' : s }
  const where = (p) => '[' + [p.l, p.t, p.r, p.b].map((v) => Math.round(v)).join(',') + ']'
  return Array.from(document.querySelectorAll('section.scenario')).map((sec) => {
    const problems = []
    let labels = 0
    let figures = 0
    // Each figure, and each chart that is in none (a page without figures).
    const groups = Array.from(sec.querySelectorAll('figure'))
      .concat(Array.from(sec.querySelectorAll('svg.chart')).filter((svg) => !svg.closest('figure')))
    for (const fig of groups) {
      figures++
      const fb = box(fig.tagName.toLowerCase() === 'svg' ? sec : fig)
      const items = []
      for (const svg of fig.tagName.toLowerCase() === 'svg' ? [fig] : fig.querySelectorAll('svg')) {
        const sb = box(svg)
        if (!inside(sb, fb)) problems.push('a chart ' + where(sb) + ' outside its figure ' + where(fb))
        for (const t of svg.querySelectorAll('text')) {
          const own = Array.from(t.childNodes).filter((n) => n.nodeType === 3).map((n) => n.textContent).join('')
          if (own.trim()) items.push({ text: own, b: box(t), within: sb, what: 'chart' })
        }
      }
      for (const el of fig.querySelectorAll('figcaption > *, ol > li')) items.push({ text: el.textContent, b: box(el), within: fb, what: 'figure' })
      labels += items.length
      for (const it of items) {
        if (it.b.r - it.b.l <= 0 || it.b.b - it.b.t <= 0) continue
        if (!inside(it.b, it.within)) problems.push('"' + short(it.text) + '" ' + where(it.b) + ' passes its ' + it.what + "'s box " + where(it.within))
      }
      for (let i = 0; i < items.length; i++) {
        for (let j = i + 1; j < items.length; j++) {
          if (overlap(items[i].b, items[j].b)) problems.push('"' + short(items[i].text) + '" ' + where(items[i].b) + ' overlaps "' + short(items[j].text) + '" ' + where(items[j].b))
        }
      }
    }
    return { id: sec.id, name: sec.getAttribute('data-scenario'), figures, labels, problems }
  })
})()`

// Per section with kernel columns (.kernel-grid > .kernel): the columns
// that share a row of the grid (the same top), and what does not line up.
const KERNEL_LAYOUT = `(() => {
  const T = 1
  const box = (el) => { const b = el.getBoundingClientRect(); return { l: b.left, t: b.top, r: b.right, b: b.bottom } }
  const r = (v) => Math.round(v)
  return Array.from(document.querySelectorAll('section.scenario')).map((sec) => {
    const cols = Array.from(sec.querySelectorAll('.kernel-grid > .kernel'))
    if (!cols.length) return null
    const problems = []
    const name = (c) => c.getAttribute('data-kernel') || '?'
    const rows = []
    for (const c of cols) {
      const b = box(c)
      let row = rows.find((x) => Math.abs(x.top - b.t) <= T)
      if (!row) rows.push((row = { top: b.t, cols: [] }))
      row.cols.push({ c, b })
    }
    for (const row of rows) {
      const [first, ...rest] = row.cols
      for (const x of rest) {
        if (Math.abs((x.b.r - x.b.l) - (first.b.r - first.b.l)) > T) problems.push(name(x.c) + ' is ' + r(x.b.r - x.b.l) + ' px wide, ' + name(first.c) + ' ' + r(first.b.r - first.b.l))
      }
      row.cols.forEach((x, i) => row.cols.slice(i + 1).forEach((y) => {
        if (Math.min(x.b.r, y.b.r) - Math.max(x.b.l, y.b.l) > T) problems.push(name(x.c) + ' and ' + name(y.c) + ' overlap')
      }))
      const parts = Math.max(...row.cols.map((x) => x.c.children.length))
      for (let i = 0; i < parts; i++) {
        const tops = row.cols.filter((x) => x.c.children[i]).map((x) => ({ k: name(x.c), what: x.c.children[i].className || x.c.children[i].tagName.toLowerCase(), t: box(x.c.children[i]).t }))
        if (tops.length > 1 && Math.max(...tops.map((p) => p.t)) - Math.min(...tops.map((p) => p.t)) > T) problems.push('part ' + (i + 1) + ' (' + tops[0].what + ') starts at ' + tops.map((p) => p.k + ' ' + r(p.t)).join(', '))
      }
    }
    const charts = cols.flatMap((c) => Array.from(c.querySelectorAll('svg.chart')).map((svg) => ({ k: name(c), svg, col: box(c) })))
    const scaleOf = (svg) => ['left', 'right', 'split', 'startup-right', 'focus', 'duration'].map((a) => a + '=' + svg.getAttribute('data-' + a)).join(' ') + ' width=' + svg.viewBox.baseVal.width
    const scales = new Map()
    for (const ch of charts) {
      const sc = scaleOf(ch.svg)
      if (!scales.has(sc)) scales.set(sc, new Set())
      scales.get(sc).add(ch.k)
      const b = box(ch.svg)
      const scale = (b.r - b.l) / ch.svg.viewBox.baseVal.width
      if (scale < ${MIN_SCALE}) problems.push(ch.k + ': a chart drawn at ' + scale.toFixed(2) + ' of its size (less than ${MIN_SCALE})')
      if (b.l < ch.col.l - T || b.r > ch.col.r + T) problems.push(ch.k + ': a chart [' + r(b.l) + ',' + r(b.r) + '] passes its column [' + r(ch.col.l) + ',' + r(ch.col.r) + ']')
    }
    if (scales.size > 1) problems.push('charts on ' + scales.size + ' time scales: ' + Array.from(scales).map(([sc, ks]) => Array.from(ks).join('+') + ' ' + sc).join('; '))
    return { id: sec.id, name: sec.getAttribute('data-scenario'), columns: cols.length, rows: rows.length, charts: charts.length, problems }
  }).filter(Boolean)
})()`

const ANCHOR = (id) => `(() => {
  const el = document.getElementById(${JSON.stringify(id)})
  if (!el) return { found: false }
  const b = el.getBoundingClientRect()
  const style = getComputedStyle(el)
  return { found: true, top: b.top, bottom: b.bottom, width: b.width, height: b.height, display: style.display, visibility: style.visibility, innerHeight, scrollY }
})()`

// ------------------------------------------------------------ the report's DOM

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

// The scenario sections of the DOM: {name, status, kernels, html}.
function sections (dom) {
  const out = []
  // A kernel matrix's sections: the kernels that ran the scenario.
  const re = /<section\b[^>]*>/g
  let m
  while ((m = re.exec(dom))) {
    const tag = m[0]
    if (!/\sclass="[^"]*\bscenario\b/.test(tag)) continue
    const close = dom.indexOf('</section>', re.lastIndex)
    const kernels = attr(tag, 'data-kernels')
    out.push({ name: attr(tag, 'data-scenario'), status: attr(tag, 'data-status'), kernels: kernels === null ? null : kernels.split(' ').filter(Boolean), html: dom.slice(re.lastIndex, close < 0 ? dom.length : close) })
  }
  return out
}

// Console lines as Chromium logs them on stderr:
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
  const list = (key, items) => [`${key}:`, ...items.map((p) => `  - ${JSON.stringify(p)}`)]

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

  const url = pathToFileURL(path.resolve(o.file)).href
  const started = process.hrtime.bigint()
  const browser = new Browser(chromium, o.timeout)
  let page = null
  let dom = ''
  let layout = null
  let kernelLayout = null
  const problems = []
  try {
    page = await browser.page(o.width, o.height)
    await page.load(url)
    dom = await page.eval('document.documentElement.outerHTML')
    if (o.layout) layout = await page.eval(LAYOUT)
    if (o.layout) kernelLayout = await page.eval(KERNEL_LAYOUT)
  } catch (err) {
    problems.push(browser.timedOut ? `chromium did not finish within ${o.timeout} s (killed)` : err.message)
  }
  console.log(`# ${path.basename(chromium)} took ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`)

  const htmlTag = /<html\b[^>]*>/.exec(dom)
  const ready = htmlTag ? attr(htmlTag[0], 'data-report-ready') : null
  const pageError = htmlTag ? attr(htmlTag[0], 'data-report-error') : null
  if (!htmlTag && !problems.length) problems.push('no DOM')
  else if (htmlTag && ready === null) problems.push('the page script did not mark the page ready (data-report-ready): it did not run or it failed')
  if (pageError) problems.push(`page error: ${pageError}`)
  const said = browser.pageProblems()
  for (const p of said) problems.push(p)
  for (const l of consoleLines(browser.log)) {
    const text = `console: ${l.replace(/^\[[^\]]*\]\s*/, '')}`
    if (!said.length) problems.push(text)
  }
  point(problems.length === 0, 'report loads without errors', list('problems', problems))

  const found = sections(dom)
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
        : !/<table\b[^>]*class="expectations\b/.test(s.html) && !/No expectation was decided/.test(s.html) ? 'the section has no expectation list'
          : null
    point(!problem, `shows scenario ${name}${s && s.status ? ` (${s.status})` : ''}`, problem ? [`message: ${JSON.stringify(problem)}`] : [])
  }

  if (o.kernels) {
    const issues = []
    const head = /<table\b[^>]*class="summary\b[^"]*"[^>]*>[\s\S]*?<\/thead>/.exec(dom)
    const columns = head ? [...head[0].matchAll(/<th\b[^>]*\sdata-kernel="([^"]*)"/g)].map((m) => unescape(m[1])) : []
    if (!head) issues.push('no summary table')
    else if (columns.join(' ') !== o.kernels.join(' ')) issues.push(`the summary's kernel columns are ${columns.join(', ') || 'none'}`)
    for (const s of found) {
      const ks = s.kernels || []
      const order = ks.map((k) => o.kernels.indexOf(k))
      if (!ks.length) issues.push(`${s.name}: no kernel columns`)
      else if (order.some((i, j) => i < 0 || (j > 0 && i <= order[j - 1]))) issues.push(`${s.name}: kernel columns ${ks.join(', ')}`)
      for (const k of ks) if (!new RegExp(`<div\\b[^>]*class="kernel\\b[^"]*"[^>]*\\sdata-kernel="${k.replace(/[.+]/g, '\\$&')}"`).test(s.html)) issues.push(`${s.name}: no column for ${k}`)
    }
    point(!issues.length, `shows kernels ${o.kernels.join(', ')}`, list('problems', issues).concat([`wanted: ${JSON.stringify(o.kernels.join(' '))}`]))
  }

  if (o.layout && layout) {
    for (const s of layout) {
      point(s.problems.length === 0, `labels of ${s.name} (#${s.id}) do not overlap and stay inside their charts (${s.labels} labels in ${s.figures} figures)`,
        list('problems', s.problems.slice(0, 12)).concat(s.problems.length > 12 ? [`more: ${s.problems.length - 12}`] : []))
    }
  } else if (o.layout) {
    point(false, 'labels do not overlap and stay inside their charts', ['message: "the page could not be measured"'])
  }
  if (o.layout && kernelLayout) {
    for (const s of kernelLayout) {
      point(s.problems.length === 0, `kernel columns of ${s.name} (#${s.id}) line up on one time scale (${s.columns} columns in ${s.rows} row${s.rows === 1 ? '' : 's'}, ${s.charts} charts)`,
        list('problems', s.problems.slice(0, 12)).concat(s.problems.length > 12 ? [`more: ${s.problems.length - 12}`] : []))
    }
  } else if (o.layout && o.kernels) {
    point(false, 'kernel columns line up', ['message: "the page could not be measured"'])
  }

  if (o.shots && page) {
    const wrote = []
    const errors = []
    try {
      fs.mkdirSync(o.shots, { recursive: true })
      const boxes = await page.eval(`Array.from(document.querySelectorAll('#summary, section.scenario')).map((el) => {
        const b = el.getBoundingClientRect()
        return { id: el.id, x: b.left + scrollX, y: b.top + scrollY, width: b.width, height: b.height }
      })`)
      for (const b of boxes) {
        const file = path.join(o.shots, `${b.id === 'summary' ? 'summary' : b.id}.png`)
        const pad = 6
        const shot = await page.send('Page.captureScreenshot', {
          format: 'png', captureBeyondViewport: true,
          clip: { x: Math.max(0, b.x - pad), y: Math.max(0, b.y - pad), width: b.width + 2 * pad, height: b.height + 2 * pad, scale: 1 }
        })
        fs.writeFileSync(file, Buffer.from(shot.data, 'base64'))
        wrote.push(file)
      }
    } catch (err) {
      errors.push(err.message)
    }
    point(!errors.length && wrote.length > 0, `wrote ${wrote.length} screenshots to ${o.shots}`, list('problems', errors))
  }

  for (const id of o.anchors) {
    const issues = []
    const target = `${url}#${encodeURIComponent(id)}`
    try {
      await page.load(target)
      const r = await page.eval(ANCHOR(id))
      if (!r.found) issues.push(`no element with id ${id}`)
      else {
        if (!(r.width > 0 && r.height > 0) || r.display === 'none' || r.visibility === 'hidden') issues.push(`not displayed: box ${Math.round(r.width)}x${Math.round(r.height)}, display ${r.display}, visibility ${r.visibility}`)
        if (!(r.top >= -1 && r.top < r.innerHeight / 2)) issues.push(`its top is at ${Math.round(r.top)} px of a ${r.innerHeight} px viewport (scrolled to ${Math.round(r.scrollY)})`)
      }
      const file = path.join(browser.profile, `anchor-${n}.png`)
      const err = await cliScreenshot(chromium, target, file, o.width, o.height, o.timeout)
      if (err) issues.push(`chromium --screenshot: ${err.message}`)
      else if (!fs.existsSync(file)) issues.push('chromium --screenshot wrote nothing')
      else {
        const ink = inkedShare(fs.readFileSync(file))
        if (ink.share < 0.02) issues.push(`chromium --screenshot of ${id} is blank: ${(ink.share * 100).toFixed(2)}% of its ${ink.width}x${ink.height} pixels are not white`)
      }
    } catch (err) {
      issues.push(err.message)
    }
    point(!issues.length, `${path.basename(o.file)}#${id} shows that element`, list('problems', issues))
  }

  await browser.close()
  console.log(`1..${n}`)
  return failed ? 1 : 0
}

if (require.main === module) {
  main().then((code) => { process.exitCode = code }, (err) => {
    console.log(`not ok - report-check crashed: ${err.stack || err.message}`)
    process.exitCode = 1
  })
}

module.exports = { inkedShare, sections, parseArgs }
