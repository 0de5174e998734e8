'use strict'

// The README's apps, as a user runs them: installed from the packed tarball
// into an empty project (make's build/package-apps, written by
// addon/test/package/fixtures/make-apps.js: no compiler, no network, TypeScript
// compiled with --strict), run against the kernel in a network namespace
// whose loopback has the README's addresses, 10.0.0.1 and 10.0.1.1.
//
//   echo.cjs            the CommonJS echo server and its client (first block)
//   client.mjs          an ES module client on stream 1 that ends itself
//   cer.js              the TypeScript Diameter CER client, compiled
//   notifications.js    the TypeScript notification listener, compiled
//   compat-require.cjs, compat-import.mjs
//                       lksctp/compat loaded both ways ("Moving from node-lksctp")

const t = require('tap')
const fs = require('node:fs')
const path = require('node:path')
const crypto = require('node:crypto')
const readline = require('node:readline')
const { spawn } = require('node:child_process')
const { SLOW, ip } = require('../helpers')

const APP = path.join(__dirname, '../../../build/package-apps/app')


// Start an app of the project in the namespace; lines of its stdout.
function start (t, ns, file) {
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, file], { cwd: APP, stdio: ['ignore', 'pipe', 'pipe'] })
  const app = { name: file, child, lines: [], stderr: '', exit: null }
  readline.createInterface({ input: child.stdout }).on('line', (l) => app.lines.push(l))
  child.stderr.on('data', (d) => { app.stderr += d })
  app.exited = new Promise((resolve) => child.on('exit', (code, signal) => {
    app.exit = { code, signal }
    resolve(app.exit)
  }))
  t.teardown(() => { if (!app.exit) child.kill('SIGKILL') })
  return app
}

// Wait (bounded) for a line matching re, or the app's exit.
async function line (app, re, ms = 30000) {
  const end = Date.now() + ms * SLOW
  while (Date.now() < end) {
    const found = app.lines.find((l) => re.test(l))
    if (found) return found
    if (app.exit) break
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return `no line matching ${re} (stdout: ${JSON.stringify(app.lines)}, exit ${JSON.stringify(app.exit)}, stderr: ${app.stderr.trim()})`
}

t.test('the README apps run from the installed tarball against the kernel', async (t) => {
  const manifest = path.join(APP, 'apps.json')
  if (!fs.existsSync(manifest)) {
    t.fail(`no ${manifest}: make builds it (make test-kernel)`)
    return
  }
  const { apps } = JSON.parse(fs.readFileSync(manifest, 'utf8'))
  t.same(apps.map((a) => a.name).sort(), ['cer.ts', 'client.mjs', 'compat-import.mjs', 'compat-require.cjs', 'echo.cjs', 'notifications.ts'],
    `the marked README blocks: ${apps.map((a) => `${a.name} (${a.from})`).join(', ')}`)
  const pkg = path.join(APP, 'node_modules/lksctp')
  t.notOk(fs.lstatSync(pkg).isSymbolicLink(), 'lksctp is installed from the tarball, not linked')
  t.ok(fs.existsSync(path.join(pkg, 'prebuilds/linux-x64')), 'with its prebuilt binaries')
  t.notOk(fs.existsSync(path.join(pkg, 'build')), 'nothing was compiled at install')

  const ns = `lkapp${crypto.randomBytes(2).toString('hex')}`
  ip('netns', 'add', ns)
  t.teardown(() => {
    try { ip('netns', 'del', ns) } catch {}
  })
  ip('-n', ns, 'link', 'set', 'lo', 'up')
  ip('-n', ns, 'addr', 'add', '10.0.0.1/32', 'dev', 'lo')
  ip('-n', ns, 'addr', 'add', '10.0.1.1/32', 'dev', 'lo')

  const echo = start(t, ns, 'echo.cjs')
  t.equal(await line(echo, /^0 46 CER$/), '0 46 CER', 'echo.cjs: its client got the echo (sid 0, ppid 46)')

  const client = start(t, ns, 'client.mjs')
  t.equal(await line(client, /^1 46 DWR$/), '1 46 DWR', 'client.mjs: the answer on stream 1')
  let timer
  const exit = await Promise.race([client.exited,
    new Promise((resolve) => { timer = setTimeout(resolve, 30000 * SLOW, 'still running') })])
  clearTimeout(timer)
  t.same(exit, { code: 0, signal: null }, 'client.mjs exits by itself after end()')

  const cer = start(t, ns, 'cer.js')
  t.equal(await line(cer, /^0 46 CER$/), '0 46 CER', 'cer.ts: the echoed CER (sid 0, ppid 46)')

  const notes = start(t, ns, 'notifications.js')
  t.match(await line(notes, /^SCTP_COMM_UP \d+$/), /^SCTP_COMM_UP \d+$/, 'notifications.ts: the association came up, with its inbound streams')

  // All three checked before any is stopped: when echo.cjs (the server)
  // goes, the kernel shuts its associations down and the clients end too.
  for (const app of [echo, cer, notes]) {
    t.equal(app.exit, null, `${app.name} was still running (a server or an open client)`)
  }
  for (const app of [echo, cer, notes]) {
    app.child.kill('SIGTERM')
    await app.exited
  }

  for (const file of ['compat-require.cjs', 'compat-import.mjs']) {
    const app = start(t, ns, file)
    t.equal(await line(app, /^function function$/), 'function function', `${file}: lksctp/compat's createServer and connect`)
    t.same(await app.exited, { code: 0, signal: null }, `${file} exits 0`)
  }
})
