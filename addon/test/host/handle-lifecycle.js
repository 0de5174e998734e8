'use strict'

// The native Handle's own lifecycle, without SCTP: it adopts fds that are
// not SCTP sockets (a FIFO, which epoll takes; a regular file, which epoll
// refuses), so what it does with the fd and its libuv poll handle can be
// checked on any kernel. Each case runs in a child process: a libuv
// assertion or Node's check of a worker's loop aborts the whole process.

const t = require('tap')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnSync, execFileSync } = require('node:child_process')

const binding = path.join(__dirname, '..', '..', 'lib', 'binding.js')

function run (code, extraEnv = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lksctp-handle-'))
  const fifo = path.join(dir, 'fifo')
  execFileSync('mkfifo', [fifo])
  const r = spawnSync(process.execPath, ['-e', code], {
    env: { ...process.env, ...extraEnv, BINDING: binding, FIFO: fifo },
    encoding: 'utf8',
    timeout: 60000
  })
  fs.rmSync(dir, { recursive: true })
  return r
}

// Prints, from the main thread, whether the fd a worker adopted is still
// open once the worker has ended (fds are the process's, not the thread's).
const workerHarness = (workerBody) => `
  const { Worker } = require('node:worker_threads')
  const fs = require('node:fs')
  const w = new Worker(${JSON.stringify(`
    const { parentPort } = require('node:worker_threads')
    const fs = require('node:fs')
    const { Handle } = require(process.env.BINDING)
    const fd = fs.openSync(process.env.FIFO, fs.constants.O_RDWR | fs.constants.O_NONBLOCK)
    const h = new Handle(0, fd)
    if (h.error !== 0 || h.fd !== fd) throw new Error('adopt failed: ' + h.error)
    parentPort.postMessage(fd)
  `)} + ${JSON.stringify(workerBody)}, { eval: true })
  let fd = -1
  w.on('message', (m) => { if (typeof m === 'number') fd = m; else if (m === 'terminate') w.terminate() })
  w.on('error', (e) => { console.log('worker error ' + e.message) })
  w.on('exit', (code) => {
    let open = true
    try { fs.fstatSync(fd) } catch (e) { open = e.code !== 'EBADF' }
    console.log(JSON.stringify({ code, fdOpen: open }))
  })
`

function workerOutcome (t, r) {
  t.equal(r.signal, null, 'not killed by a signal (abort: ' + r.stderr.trim().split('\n').slice(-3).join(' | ') + ')')
  t.equal(r.status, 0, 'the process exits 0')
  t.notMatch(r.stderr, /open handles|Assertion|Aborted/, 'no open handle left in the worker\'s loop')
  const last = r.stdout.trim().split('\n').pop()
  return JSON.parse(last)
}

t.test('a worker that ends with a handle open: closed with the worker, no abort', async (t) => {
  const out = workerOutcome(t, run(workerHarness('')))
  t.equal(out.code, 0, 'the worker exits 0')
  t.equal(out.fdOpen, false, 'the adopted fd is closed')
})

t.test('a worker terminated while its handle is reading', async (t) => {
  const out = workerOutcome(t, run(workerHarness(`
    h.readStart()
    parentPort.postMessage('terminate')
  `)))
  t.equal(out.code, 1, 'terminate()d (exit code 1)')
  t.equal(out.fdOpen, false, 'the adopted fd is closed')
})

t.test('a worker that closes its handle and exits at once', async (t) => {
  const out = workerOutcome(t, run(workerHarness(`
    h.readStart()
    h.close()
    process.exit(0)
  `)))
  t.equal(out.code, 0)
  t.equal(out.fdOpen, false)
})

t.test('51 workers in turn, each leaving a reading handle: no fd left behind', async (t) => {
  const r = run(`
    const { Worker } = require('node:worker_threads')
    const fs = require('node:fs')
    const count = () => fs.readdirSync('/proc/self/fd').length
    // Counted after the first worker (Node keeps what its first worker
    // opened) and once the last one's fds have had time to go.
    let before
    let n = 0
    function next () {
      if (n === 1) before = count()
      if (n++ === 51) {
        const deadline = Date.now() + 5000
        const done = () => {
          if (count() > before && Date.now() < deadline) return setTimeout(done, 50)
          console.log(JSON.stringify({ before, after: count() }))
        }
        return done()
      }
      const w = new Worker(\`
        const fs = require('node:fs')
        const { Handle } = require(process.env.BINDING)
        const h = new Handle(0, fs.openSync(process.env.FIFO, fs.constants.O_RDWR | fs.constants.O_NONBLOCK))
        h.readStart()
        require('node:worker_threads').parentPort.postMessage('up')
      \`, { eval: true })
      w.on('message', () => w.terminate())
      w.on('exit', next)
    }
    next()
  `)
  t.equal(r.signal, null, r.stderr)
  t.equal(r.status, 0, r.stderr)
  const { before, after } = JSON.parse(r.stdout.trim())
  t.equal(after, before, 'as many fds open after the workers as before')
})

t.test('the main thread ending by itself with a handle open, reading and unref()ed', async (t) => {
  // (Not process.exit(): Node then exits without tearing the environment
  // down, and runs no cleanup hook.)
  const r = run(`
    const fs = require('node:fs')
    const { Handle } = require(process.env.BINDING)
    const h = new Handle(0, fs.openSync(process.env.FIFO, fs.constants.O_RDWR | fs.constants.O_NONBLOCK))
    h.readStart()
    h.unref()
  `)
  t.equal(r.signal, null, r.stderr)
  t.equal(r.status, 0, r.stderr)
})

t.test('an fd epoll refuses: an error naming epoll_ctl, the fd closed, no handle', async (t) => {
  const r = run(`
    const fs = require('node:fs')
    const { Handle } = require(process.env.BINDING)
    const fd = fs.openSync(process.env.BINDING, 'r')
    const h = new Handle(0, fd)
    let open = true
    try { fs.fstatSync(fd) } catch (e) { open = e.code !== 'EBADF' }
    console.log(JSON.stringify({
      error: h.error, syscall: h.errorSyscall, fd: h.fd === undefined ? null : h.fd, open,
      readStart: h.readStart(), close: h.close(), status: h.status()
    }))
  `)
  t.equal(r.signal, null, r.stderr)
  t.equal(r.status, 0, r.stderr)
  const out = JSON.parse(r.stdout.trim())
  t.equal(out.error, -os.constants.errno.EPERM, 'error is -EPERM (epoll refuses regular files)')
  t.equal(out.syscall, 'epoll_ctl')
  t.equal(out.fd, null, 'no fd property')
  t.equal(out.open, false, 'the adopted fd is closed')
  t.equal(out.readStart, -os.constants.errno.EBADF, 'methods answer EBADF')
  t.equal(out.status, -os.constants.errno.EBADF)
  t.equal(out.close, 0, 'close() is a no-op')
})

t.test('the constructor: not without new; an adopted fd closed when it fails', async (t) => {
  const r = run(`
    const fs = require('node:fs')
    const { Handle } = require(process.env.BINDING)
    const out = {}
    try { Handle(0, -1) } catch (e) { out.call = { name: e.name, code: e.code } }
    Object.defineProperty(Handle.prototype, 'fd', { set () { throw new Error('setter') }, configurable: true })
    const fd = fs.openSync(process.env.FIFO, fs.constants.O_RDWR | fs.constants.O_NONBLOCK)
    try { new Handle(0, fd) } catch (e) { out.thrown = e.message }
    delete Handle.prototype.fd
    try { fs.fstatSync(fd); out.open = true } catch (e) { out.open = e.code !== 'EBADF' }
    global.gc()
    setTimeout(() => console.log(JSON.stringify(out)), 10)
  `, { NODE_OPTIONS: '--expose-gc' })
  t.equal(r.signal, null, r.stderr)
  t.equal(r.status, 0, r.stderr)
  const out = JSON.parse(r.stdout.trim())
  t.same(out.call, { name: 'TypeError', code: 'ERR_CONSTRUCT_CALL_REQUIRED' })
  t.equal(out.thrown, 'setter', 'the exception is the one thrown inside')
  t.equal(out.open, false, 'the adopted fd is closed')
})

t.test('a worker terminated with connections queued on its listener: each closed, no fd kept', async (t) => {
  // A TCP listener (the handle accepts what it is given) adopted in a busy
  // worker, five clients queued, then terminate(): the loop turns once
  // more at teardown, the listener is readable, and JS no longer runs.
  const harness = `
    const { Worker } = require('node:worker_threads')
    const net = require('node:net')
    const fs = require('node:fs')
    const [fd, port] = process.argv.slice(1).map(Number)
    const sockets = () => fs.readdirSync('/proc/self/fd').filter((f) => {
      try { return fs.readlinkSync('/proc/self/fd/' + f).startsWith('socket:') } catch { return false }
    }).length
    const baseline = sockets() // the listener, and stdio's socketpairs
    const w = new Worker(\`
      const { workerData, parentPort } = require('node:worker_threads')
      const { Handle } = require(process.env.BINDING)
      const h = new Handle(0, workerData.fd)
      h.setCallbacks({ onconnection () {} })
      if (h.error !== 0 || h.listen(16) !== 0) throw new Error('listen')
      parentPort.on('message', () => { for (;;) {} })
      parentPort.postMessage('listening')
    \`, { eval: true, workerData: { fd } })
    w.once('message', () => {
      w.postMessage('busy')
      const clients = []
      let up = 0
      for (let i = 0; i < 5; i++) {
        const c = net.connect(port, '127.0.0.1')
        c.on('error', () => {})
        c.on('close', () => { c.gone = true })
        c.on('connect', () => { if (++up === 5) setTimeout(stop, 200) })
        clients.push(c)
      }
      function stop () {
        w.terminate().then(() => {
          const deadline = Date.now() + 5000
          const check = () => {
            const closed = clients.filter((c) => c.gone).length
            if ((closed < 5 || sockets() > baseline - 1) && Date.now() < deadline) return setTimeout(check, 50)
            console.log(JSON.stringify({ closed, kept: sockets() - (baseline - 1) }))
            process.exit(0)
          }
          check()
        })
      }
    })
  `
  const launcher = [
    'import os, socket, sys',
    "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(16)",
    'os.set_inheritable(s.fileno(), True)',
    "os.execvp(sys.argv[1], [sys.argv[1], '-e', sys.argv[2], str(s.fileno()), str(s.getsockname()[1])])"
  ].join('\n')
  const r = spawnSync('python3', ['-c', launcher, process.execPath, harness], {
    env: { ...process.env, BINDING: binding }, encoding: 'utf8', timeout: 60000
  })
  t.equal(r.signal, null, r.stderr)
  t.equal(r.status, 0, r.stderr)
  const out = JSON.parse(r.stdout.trim().split('\n').pop())
  t.equal(out.closed, 5, 'every queued client saw its connection close')
  t.equal(out.kept, 0, 'no socket fd of the worker\'s left in the process (the listener\'s included)')
})
