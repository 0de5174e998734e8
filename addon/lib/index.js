'use strict'

// lksctp: Linux kernel SCTP for Node.js, shaped like `net`.

const { createServer, Server } = require('./server')
const { connect, SctpSocket } = require('./socket')
const observe = require('./observe')

// Under the testbed's runner, report every association (lib/observe.js).
const testbedFd = observe.fdFromEnv(process.env)
if (testbedFd >= 0) observe.install({ SctpSocket, Server }, testbedFd)

module.exports = {
  createServer,
  connect,
  createConnection: connect,
  Server
}
