#!/usr/bin/env node
'use strict'

// Judge the sanitizer reports of a ci/test-asan run. Every process of the
// run wrote its reports to LOGDIR/asan.PID or LOGDIR/ubsan.PID. Test points:
//   - the canary's deliberate leak was reported (reports really are written
//     and read here: without it the other points could not fail),
//   - no AddressSanitizer error (use after free, overflow, ...),
//   - no UndefinedBehaviorSanitizer error,
//   - no leak allocated by our code (the addon, the testbed: a frame of ours
//     among the DEPTH nearest the allocation); others (Node, V8, libc, the
//     tools) are counted, not failed.
// Prints TAP and writes the suite's counts like ci/run-tap.js.
//   node ci/asan-check.js --out FILE.json --canary CANARY_LOGDIR LOGDIR

const fs = require('node:fs')
const path = require('node:path')
const { execFileSync } = require('node:child_process')

// A frame of ours: the addon's shared objects or a program of the testbed.
// The run writes unsymbolized frames ("#3 0x7f.. (/path/module+0x1234)",
// ASAN_OPTIONS symbolize=0: symbolizing Node's 100 MB binary at every
// process exit was most of the run's time under TCG), so frames are told
// apart by their module; a source path is matched too, for symbolized ones.
const OURS = /lksctp(_diag)?\.node|\/addon\/src\/|\/testbed\/(src|cli|test)\/|\/testbed\/bin\//

// A leak is ours when one of the DEPTH frames nearest the allocation is
// ours: malloc in our code (#1), or Node-API making something for it
// (napi_create_reference -> v8impl::Reference::New -> operator new: ours
// at #3). Deeper, every allocation V8 makes while running JavaScript called
// from the addon's callbacks has call_js in its stack (measured: at #11 to
// #28 in every one of the 64 such records of a run); V8 keeps those pages
// to the end, as it does without the addon.
const DEPTH = 8

// "module+0xOFF" of an unsymbolized frame, symbolized with addr2line for the
// failure message (only frames of ours are, so this stays cheap).
function symbolize (frame) {
  const m = /\((\/[^()+]+)\+(0x[0-9a-f]+)\)/.exec(frame)
  if (!m) return frame.trim()
  try {
    const out = execFileSync('addr2line', ['-f', '-C', '-e', m[1], m[2]], { encoding: 'utf8', timeout: 10000 })
    const [fn, where] = out.trim().split('\n')
    return `${fn} ${where} (${path.basename(m[1])}+${m[2]})`
  } catch {
    return frame.trim()
  }
}

function readReports (dir) {
  let names = []
  try {
    names = fs.readdirSync(dir)
  } catch {}
  return names.filter((n) => /^(asan|ubsan)\./.test(n)).map((n) => ({ file: path.join(dir, n), text: fs.readFileSync(path.join(dir, n), 'utf8') }))
}

// The leak records of one LeakSanitizer report: "Direct leak of ..." or
// "Indirect leak of ..." followed by its stack, up to a blank line.
function leaks (text) {
  const out = []
  const re = /^(Direct|Indirect) leak of .*\n((?:[ \t]+#\d+ .*\n?)*)/gm
  let m
  while ((m = re.exec(text))) out.push({ head: m[0].split('\n')[0], stack: m[2] })
  return out
}

function errors (text, kind) {
  const re = kind === 'asan' ? /ERROR: AddressSanitizer:/ : /runtime error:/
  return text.split('\n').filter((l) => re.test(l))
}

function main () {
  const argv = process.argv.slice(2)
  let out = null
  let canary = null
  const dirs = []
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = argv[++i]
    else if (argv[i] === '--canary') canary = argv[++i]
    else dirs.push(argv[i])
  }
  const points = []
  const point = (ok, name, failures = []) => points.push({ ok, name, failures })

  const canaryLeaks = readReports(canary).flatMap((r) => leaks(r.text))
  point(canaryLeaks.some((l) => l.stack.split('\n').some((f) => /lk_canary_leak/.test(f) || /canary\/leak\+/.test(f) && /lk_canary_leak/.test(symbolize(f)))),
    'the canary\'s deliberate leak is reported (LeakSanitizer writes where this reads)',
    [`canary reports: ${canaryLeaks.length} leak(s) in ${canary}`])

  const reports = dirs.flatMap(readReports)
  const asanErrors = []
  const ubsanErrors = []
  const ourLeaks = []
  let otherLeaks = 0
  for (const r of reports) {
    const base = path.basename(r.file)
    const kind = base.startsWith('ubsan') ? 'ubsan' : 'asan'
    for (const e of errors(r.text, kind)) (kind === 'asan' ? asanErrors : ubsanErrors).push(`${base}: ${e.trim()}`)
    for (const l of leaks(r.text)) {
      // Frames #1..#DEPTH: the allocation itself (#0 is the allocator).
      const frame = l.stack.split('\n').filter((f) => f.trim()).slice(1, 1 + DEPTH).find((f) => OURS.test(f))
      if (frame) ourLeaks.push(`${base}: ${l.head} at ${symbolize(frame)}`)
      else otherLeaks++
    }
  }
  point(asanErrors.length === 0, `no AddressSanitizer error (${reports.length} report files)`, asanErrors)
  point(ubsanErrors.length === 0, 'no UndefinedBehaviorSanitizer error', ubsanErrors)
  point(ourLeaks.length === 0, `no leak allocated by our code (a frame of ours among the ${DEPTH} nearest the allocation; ${otherLeaks} leak records of others)`, ourLeaks)

  const lines = []
  points.forEach((p, i) => {
    lines.push(`${p.ok ? 'ok' : 'not ok'} ${i + 1} - ${p.name}`)
    if (!p.ok) for (const f of p.failures.slice(0, 40)) lines.push(`  # ${f}`)
  })
  lines.push(`1..${points.length}`)
  console.log(lines.join('\n'))
  const failed = points.filter((p) => !p.ok)
  const result = {
    suite: 'sanitizers',
    runner: 'host',
    passed: points.length - failed.length,
    failed: failed.length,
    files: [{ file: 'ci/asan-check.js', failures: failed.map((p) => `not ok - ${p.name}: ${p.failures.slice(0, 5).join('; ')}`) }]
  }
  if (out) fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n')
  process.exitCode = failed.length ? 1 : 0
}

main()
