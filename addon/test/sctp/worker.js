'use strict'

// Topology: one host, loopback 127.0.0.1.
// Sockets in worker threads: what a worker leaves open when it ends (or is
// terminate()d) is closed with it, as Node closes a worker's net sockets,
// the peer sees the association go, and the process lives on.

const t = require('tap')
const path = require('node:path')
const { Worker } = require('node:worker_threads')
const { spawn } = require('node:child_process')
const { waitFor, firstOf, lksctp } = require('../helpers')

const index = path.join(__dirname, '..', '..', 'lib', 'index.js')

// A worker with a server and one association to it from the main thread:
// resolves with the worker and the main thread's socket, data flowing.
async function serverInWorker (body) {
  const w = new Worker(`
    const { parentPort } = require('node:worker_threads')
    const lksctp = require(${JSON.stringify(index)})
    const server = lksctp.createServer((s) => {
      s.on('error', (e) => parentPort.postMessage('worker socket error: ' + e.code))
      s.on('data', (m) => s.write(m))
      ${body}
    })
    server.listen({ host: '127.0.0.1', port: 0 }, () => parentPort.postMessage(server.address().port))
  `, { eval: true })
  const [port] = await waitFor(w, 'message', 10000)
  w.on('message', (m) => console.log('# ' + m))
  const client = lksctp.connect({ host: '127.0.0.1', port })
  client.on('error', () => {}) // ECONNRESET or not, 'close' is what counts
  await waitFor(client, 'connect')
  client.write(Buffer.from('ping'))
  await waitFor(client, 'data')
  return { w, client }
}

t.test('terminate() with a server and an association open: the peer sees it close', async (t) => {
  const { w, client } = await serverInWorker('')
  const closed = waitFor(client, 'close', 10000)
  const [code] = await Promise.all([waitFor(w, 'exit', 10000).then(([c]) => c), w.terminate()])
  t.equal(code, 1, 'the worker was terminated')
  await closed
  t.pass('the main thread\'s socket closed')
  // This process goes on: a new association works.
  const server = lksctp.createServer((s) => {
    s.on('error', () => {}) // the ECONNRESET of c.destroy() below
    s.pipe(s)
  })
  await new Promise((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve))
  const c = lksctp.connect({ host: '127.0.0.1', port: server.address().port })
  c.write(Buffer.from('after'))
  const [m] = await waitFor(c, 'data')
  t.equal(m.toString(), 'after')
  c.destroy()
  server.close()
})

t.test('process.exit() in a worker while its association carries data', async (t) => {
  const { w, client } = await serverInWorker(`
    parentPort.on('message', (m) => { if (m === 'exit') process.exit(7) })
  `)
  const closed = waitFor(client, 'close', 10000)
  const pump = setInterval(() => client.writable && client.write(Buffer.from('more')), 5)
  await waitFor(client, 'data')
  w.postMessage('exit')
  const [[code]] = await Promise.all([waitFor(w, 'exit', 10000), closed])
  clearInterval(pump)
  t.equal(code, 7)
})

t.test('a process whose worker holds associations exits by itself, status 0', async (t) => {
  // In a child, so that an abort of the process is seen as one.
  const child = spawn(process.execPath, ['-e', `
    const { Worker } = require('node:worker_threads')
    const w = new Worker(\`
      const lksctp = require(${JSON.stringify(index)})
      // Everything unref()ed: the worker ends with all three open.
      const server = lksctp.createServer((s) => { s.on('data', () => {}); s.unref() })
      server.listen({ host: '127.0.0.1', port: 0 }, () => {
        const c = lksctp.connect({ host: '127.0.0.1', port: server.address().port })
        c.on('connect', () => { c.write(Buffer.from('x')); server.unref(); c.unref(); setTimeout(() => {}, 200) })
      })
    \`, { eval: true })
    w.on('exit', (code) => console.log('worker exit ' + code))
  `], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout.on('data', (d) => { out += d })
  child.stderr.on('data', (d) => { err += d })
  const [status, signal] = await firstOf(child, ['exit'], 20000).then(([, s, g]) => [s, g])
  t.equal(signal, null, 'not killed by a signal: ' + err.trim().split('\n').slice(-2).join(' | '))
  t.equal(status, 0, err)
  t.match(out, /worker exit 0/)
})
