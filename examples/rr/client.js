#!/usr/bin/env node
'use strict'

// The client of server.js, with its own retry logic: it sends COUNT
// requests, INTERVAL ms apart, over four streams; a request not answered
// within TIMEOUT ms is sent again (at most TRIES times); when the
// association is lost it connects again (every 500 ms) and sends what was
// outstanding. It ends with status 0 when every request was answered, 1
// when some were given up.
//
//   node client.js ADDRESS[,ADDRESS...] PORT [--count=N] [--interval=MS]
//                  [--timeout=MS] [--tries=N]
//
// Under the testbed it reports (lksctp/testbed): answered {id, tries, ms},
// retry {id, tries}, reconnected {n}, done {answered, failed, retries}.

const lksctp = require('lksctp')
const testbed = require('lksctp/testbed')

const PPID = 1000
const STREAMS = 4
const args = process.argv.slice(2)
const opt = (name, def) => {
  const a = args.find((x) => x.startsWith(`--${name}=`))
  return a ? Number(a.slice(name.length + 3)) : def
}
const [addresses, port] = args.filter((a) => !a.startsWith('--'))
const count = opt('count', 100)
const interval = opt('interval', 50)
const timeout = opt('timeout', 2000)
const tries = opt('tries', 10)
if (!addresses || !/^[0-9]+$/.test(port || '') || ![count, interval, timeout, tries].every(Number.isInteger)) {
  console.error('usage: node client.js ADDRESS[,ADDRESS...] PORT [--count=N] [--interval=MS] [--timeout=MS] [--tries=N]')
  process.exit(2)
}

const pending = new Map() // id -> {tries, first, timer}
let socket = null
let next = 0
let answered = 0
let failed = 0
let retries = 0
let connects = 0

function send (id) {
  const p = pending.get(id)
  p.tries++
  clearTimeout(p.timer)
  p.timer = setTimeout(() => expire(id), timeout)
  if (!socket || socket.connecting || !socket.writable) return // sent on reconnect
  const msg = Buffer.from(JSON.stringify({ id, body: `request ${id}` }))
  msg.sid = id % STREAMS
  msg.ppid = PPID
  socket.write(msg)
}

function expire (id) {
  const p = pending.get(id)
  if (!p) return
  if (p.tries >= tries) {
    pending.delete(id)
    failed++
    console.error(`request ${id}: no answer after ${p.tries} tries`)
    finish()
    return
  }
  retries++
  testbed.report('retry', { id, tries: p.tries })
  send(id)
}

function onAnswer (msg) {
  let res
  try {
    res = JSON.parse(msg.toString())
  } catch {
    return
  }
  const p = pending.get(res.id)
  if (!p) return // an answer to a request sent twice
  clearTimeout(p.timer)
  pending.delete(res.id)
  answered++
  testbed.report('answered', { id: res.id, tries: p.tries, ms: Date.now() - p.first })
  finish()
}

function connect () {
  const s = lksctp.connect({ remoteAddresses: addresses.split(','), port: Number(port) })
  socket = s
  s.on('connect', () => {
    connects++
    if (connects > 1) {
      console.log(`connected again (${connects})`)
      testbed.report('reconnected', { n: connects - 1 })
    } else {
      console.log(`connected to ${s.remoteAddresses.join(',')}`)
    }
    for (const id of pending.keys()) send(id)
  })
  s.on('data', onAnswer)
  s.on('error', (err) => console.error(`association: ${err.code}`))
  s.on('close', () => {
    if (socket === s) socket = null
    if (answered + failed < count) setTimeout(connect, 500)
  })
}

function finish () {
  if (answered + failed < count) return
  testbed.report('done', { answered, failed, retries })
  console.log(`done: ${answered} answered, ${failed} failed, ${retries} retries`)
  if (socket) socket.end()
  process.exitCode = failed === 0 ? 0 : 1
  clearInterval(ticker)
}

const ticker = setInterval(() => {
  if (next >= count) return
  const id = next++
  pending.set(id, { tries: 0, first: Date.now(), timer: null })
  send(id)
}, interval)
connect()
