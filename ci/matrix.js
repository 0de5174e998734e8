#!/usr/bin/env node
'use strict'

// The kernel matrix: the conformance run (ci/conformance.js) under each
// kernel of a list, one VM boot per kernel (ci/sctp-run --kernel NAME), then
// one table, scenario x kernel, and the kernels' differences in words.
//
//   node ci/matrix.js [--out DIR] [--kernels a,b,c] [--jobs N] [--timeout SEC]
//                     [--image DIR...] [SCENARIO.scn...]
// (--jobs: scenarios at once in each VM, ci/conformance.js --jobs)
//
// DIR/NAME/ holds each kernel's timelines, summary.json, run.json, its TAP
// (conformance.tap) and all it printed (output.txt); DIR/matrix.json and
// DIR/matrix.txt the table. A
// kernel that cannot be had (ci/vm/kernel exit 3) is marked so and the
// others go on. Exit: 0 when every kernel that could be had passed every
// scenario (documented kernel differences included), else 1.

const fs = require('node:fs')
const path = require('node:path')
const { spawn } = require('node:child_process')
const { table, differences } = require('./matrix-table')

const ROOT = path.join(__dirname, '..')
const DEFAULT_KERNELS = ['bullseye', 'bookworm', 'trixie', 'sid']

function parseArgs (argv) {
  const o = { out: path.join(ROOT, 'build', 'matrix'), kernels: DEFAULT_KERNELS, timeout: 1500, jobs: 1, files: [], images: [] }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--out') o.out = path.resolve(argv[++i])
    else if (a === '--kernels') o.kernels = argv[++i].split(/[ ,]+/).filter(Boolean)
    else if (a === '--timeout') o.timeout = Number(argv[++i])
    else if (a === '--image') o.images.push(argv[++i])
    else if (a === '--jobs') o.jobs = Number(argv[++i])
    else {
      // Named from the top of the tree where they are in it (the VM's
      // command runs there), as make conformance names them.
      const rel = path.relative(ROOT, path.resolve(a))
      o.files.push(rel.startsWith('..') ? path.resolve(a) : rel)
    }
  }
  for (const k of o.kernels) {
    if (!/^[a-z][a-z0-9.+-]*$/.test(k)) {
      console.error(`matrix: '${k}' is not a kernel name (host, default, or a Debian suite such as trixie)`)
      process.exit(2)
    }
  }
  return o
}

// Run a command; its stdout to a file (and, line by line, to onLine), its
// stderr through, and its last lines kept (errTail) to say why a kernel
// left no result.
function run (cmd, args, { stdout, onLine } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    const file = stdout ? fs.createWriteStream(stdout) : null
    let buf = ''
    let text = ''
    let err = ''
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (d) => {
      process.stderr.write(d)
      err = (err + d).slice(-8192)
    })
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (d) => {
      if (file) file.write(d)
      else text += d
      buf += d
      let nl
      while ((nl = buf.indexOf('\n')) >= 0) {
        if (onLine) onLine(buf.slice(0, nl))
        buf = buf.slice(nl + 1)
      }
    })
    child.on('close', (code, signal) => {
      const errTail = err.split('\n').filter(Boolean).slice(-50)
      const done = () => resolve({ code: code ?? 128, signal, text, errTail })
      if (file) file.end(done)
      else done()
    })
  })
}

function readJson (file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch {
    return null
  }
}

async function oneKernel (o, name) {
  const dir = path.join(o.out, name)
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir, { recursive: true })
  const t0 = Date.now()
  const col = { name, release: null, status: 'ran', seconds: 0, rows: [], note: '' }
  // Download first (once; cached after), so that "cannot be had" is told
  // apart from "failed".
  const fetched = await run(path.join(ROOT, 'ci', 'vm', 'kernel'), ['fetch', name])
  if (fetched.code === 3) {
    col.status = 'unavailable'
    col.note = 'the kernel cannot be had (see the message above)'
  } else if (fetched.code !== 0) {
    col.status = 'error'
    col.note = `ci/vm/kernel fetch ${name} exited ${fetched.code}`
    col.errTail = fetched.errTail
  } else {
    col.release = fetched.text.trim()
    console.log(`# kernel ${name} (${col.release})`)
    const images = o.images.flatMap((d) => ['--image', d])
    const r = await run(path.join(ROOT, 'ci', 'sctp-run'), [
      '--kernel', name, ...images, '--timeout', String(o.timeout), '--',
      process.execPath, path.join(ROOT, 'ci', 'conformance.js'), '--out', dir, '--jobs', String(o.jobs), ...o.files
    ], {
      stdout: path.join(dir, 'output.txt'),
      onLine: (line) => { if (/^# (conformance: |\S+\.scn$)/.test(line)) console.log(`#   ${name}: ${line.slice(2)}`) }
    })
    col.rows = readJson(path.join(dir, 'summary.json')) || []
    if (col.rows.length === 0) {
      col.status = 'error'
      col.note = `the run left no summary (sctp-run exit ${r.code})`
      col.errTail = r.errTail
    }
  }
  col.seconds = Math.round((Date.now() - t0) / 1000)
  return col
}

async function main () {
  const o = parseArgs(process.argv.slice(2))
  fs.mkdirSync(o.out, { recursive: true })
  const began = Date.now()
  const cols = []
  for (const name of o.kernels) cols.push(await oneKernel(o, name))
  const why = cols.filter((c) => c.errTail && c.errTail.length)
    .map((c) => `\n${c.name}: the last lines it printed on stderr:\n` + c.errTail.map((l) => `  | ${l}\n`).join(''))
    .join('')
  const text = table(cols) + '\n' + differences(cols) + why +
    `\nmatrix: ${cols.length} kernels in ${Math.round((Date.now() - began) / 1000)} s\n`
  process.stdout.write('\n' + text)
  fs.writeFileSync(path.join(o.out, 'matrix.txt'), text)
  fs.writeFileSync(path.join(o.out, 'matrix.json'), JSON.stringify(cols, null, 2) + '\n')
  const bad = cols.some((c) => c.status === 'error' || c.rows.some((r) => r.failed > 0))
  process.exitCode = bad ? 1 : 0
}

main()
