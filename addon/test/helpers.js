'use strict'

// Shared helpers of the tests: bounded waits, never fixed sleeps.

const fs = require('node:fs')
const { execFileSync } = require('node:child_process')
const lksctp = require('..')

const SLOW = process.env.LKSCTP_KERNEL_RUNNER === 'vm' ? 20 : 1

// Resolve with the event's arguments when emitter emits event; reject
// after ms (scaled under the VM). Unlike events.once, an 'error' event
// does not reject it: tests wait for 'close' after an expected 'error'.
function waitFor (emitter, event, ms = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, on)
      reject(new Error(`timed out after ${ms * SLOW} ms waiting for '${event}'`))
    }, ms * SLOW)
    function on (...args) {
      clearTimeout(timer)
      resolve(args)
    }
    emitter.once(event, on)
  })
}

// The first of several events: resolves with [event, ...args]; every other
// listener and the timer are removed (a Promise.race of waitFor calls would
// leave the losers' timers holding the process open).
function firstOf (emitter, events, ms = 5000) {
  return new Promise((resolve, reject) => {
    const handlers = new Map()
    const done = () => {
      clearTimeout(timer)
      for (const [ev, fn] of handlers) emitter.off(ev, fn)
    }
    const timer = setTimeout(() => {
      done()
      reject(new Error(`timed out after ${ms * SLOW} ms waiting for ${events.map((e) => `'${e}'`).join(' or ')}`))
    }, ms * SLOW)
    for (const ev of events) {
      const fn = (...args) => {
        done()
        resolve([ev, ...args])
      }
      handlers.set(ev, fn)
      emitter.once(ev, fn)
    }
  })
}

// Poll a condition until true, within a bound.
async function until (cond, ms = 5000, what = 'condition') {
  const end = Date.now() + ms * SLOW
  while (Date.now() < end) {
    if (await cond()) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error(`timed out after ${ms * SLOW} ms waiting for ${what}`)
}

async function listen (serverOptions, listenOptions = {}) {
  const server = lksctp.createServer(serverOptions)
  server.listen({ host: '127.0.0.1', port: 0, ...listenOptions })
  await waitFor(server, 'listening')
  return server
}

// A connected pair: [client, serverSide, server].
async function pair (serverOptions = {}, connectOptions = {}, listenOptions = {}) {
  const server = await listen(serverOptions, listenOptions)
  const accepted = waitFor(server, 'connection')
  const client = lksctp.connect({ host: '127.0.0.1', port: server.address().port, ...connectOptions })
  await waitFor(client, 'connect')
  const [serverSide] = await accepted
  return [client, serverSide, server]
}

async function closeAll (...things) {
  await Promise.all(things.map((x) => new Promise((resolve) => {
    if (!x) return resolve()
    if (typeof x.listen === 'function') {
      if (!x.listening) return resolve()
      x.close(() => resolve())
      for (const c of x._connections) c.destroy()
      return
    }
    if (x.destroyed && x.closed) return resolve()
    x.once('close', resolve)
    x.destroy()
  })))
}

// Messages from a socket until n have arrived.
function collect (socket, n, ms = 5000) {
  return new Promise((resolve, reject) => {
    const got = []
    const timer = setTimeout(() => reject(new Error(`got ${got.length} of ${n} messages in ${ms * SLOW} ms`)), ms * SLOW)
    const onData = (m) => {
      got.push(m)
      if (got.length === n) {
        clearTimeout(timer)
        socket.off('data', onData)
        resolve(got)
      }
    }
    socket.on('data', onData)
  })
}

// iproute2, for the tests' topologies: stdout as text; throws on failure.
function ip (...args) {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

function openFds () {
  return fs.readdirSync('/proc/self/fd').length
}

module.exports = { waitFor, firstOf, until, listen, pair, closeAll, collect, openFds, ip, SLOW, lksctp }
