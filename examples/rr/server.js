#!/usr/bin/env node
'use strict'

// A multi-homed request/response service on lksctp: every request (a JSON
// message {id, body}) is answered on the stream it came on, with the same
// id. Runs as it would anywhere; under the testbed its associations are
// observed by the package itself, and it reports each answer.
//
//   node server.js PORT ADDRESS[,ADDRESS...]

const lksctp = require('lksctp')
const testbed = require('lksctp/testbed')

const PPID = 1000
const [port, addresses] = process.argv.slice(2)
if (!/^[0-9]+$/.test(port || '') || !addresses) {
  console.error('usage: node server.js PORT ADDRESS[,ADDRESS...]')
  process.exit(2)
}

let answered = 0
const server = lksctp.createServer((socket) => {
  console.log(`association from ${socket.remoteAddresses.join(',')}`)
  socket.on('data', (msg) => {
    let req
    try {
      req = JSON.parse(msg.toString())
    } catch {
      console.error(`not a request on stream ${msg.sid}`)
      return
    }
    const res = Buffer.from(JSON.stringify({ id: req.id, body: `answer to ${req.body}` }))
    res.sid = msg.sid
    res.ppid = PPID
    socket.write(res)
    answered++
    testbed.report('served', { id: req.id, total: answered })
  })
  // The peer going away is part of this service's life, not an error.
  socket.on('error', (err) => console.error(`association: ${err.code}`))
})
server.on('error', (err) => {
  console.error(`server: ${err.message}`)
  process.exit(1)
})
server.listen({ port: Number(port), localAddresses: addresses.split(',') }, () => {
  console.log(`listening on ${port}`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
