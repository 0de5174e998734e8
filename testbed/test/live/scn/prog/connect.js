'use strict'
// A program for exec.scn on the addon: it connects to ADDRESS PORT (a
// testbed agent) and keeps the association until the end of the run
// (SIGTERM). The package reports it (event=connect); the runner reads the
// SCTP counters of its host for it (snmp=).
//
//   node connect.js ADDRESS PORT
const path = require('path')
const lksctp = require(path.join(__dirname, '..', '..', '..', '..', '..', 'addon'))

const [address, port] = process.argv.slice(2)
const socket = lksctp.connect({ remoteAddresses: [address], port: Number(port) }, () => {
  console.log(`connected to ${address} port ${port}`)
})
socket.on('error', (err) => {
  console.error(`error: ${err.code || err.message}`)
  process.exitCode = 1
})
