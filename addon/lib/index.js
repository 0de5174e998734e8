'use strict'

// lksctp: Linux kernel SCTP for Node.js, shaped like `net`.

const { createServer, Server } = require('./server')
const { connect } = require('./socket')

module.exports = {
  createServer,
  connect,
  createConnection: connect,
  Server
}
