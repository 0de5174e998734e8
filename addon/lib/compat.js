'use strict'

// lksctp/compat: a drop-in for applications written against node-lksctp.
// The same sockets and servers as the main entry, with node-lksctp's
// shapes where the two differ (lib/compat-map.js): status(),
// peerInfoByAddress, notification.parsed; IPv4 when listen() has no
// address; IP literals only, checked at once; a sid beyond the outbound
// streams reported as 'error' EINVAL. Everything else (destroy(), end(),
// the events, the extensions) is the main entry's.

const { Server: MainServer } = require('./server')
const { SctpSocket, connect: mainConnect } = require('./socket')
const map = require('./compat-map')
// The main entry installs the testbed's observer when the runner asks for
// it (lib/observe.js): a node-lksctp program is observed as any other.
require('./index')

// The association's struct sctp_info by sock_diag (src/diag.c), a module
// of its own; null when it was not built or the kernel cannot say.
let diag
function sctpInfo (socket) {
  if (diag === undefined) {
    try {
      diag = require(require('./locate').locate('lksctp_diag'))
    } catch {
      diag = null
    }
  }
  if (!diag || !socket.localAddress || !socket.remoteAddress) return null
  const info = diag.sctpInfo(socket.localAddress, socket.localPort, socket.remoteAddress, socket.remotePort)
  return typeof info === 'object' ? info : null
}

class CompatSocket extends SctpSocket {
  status () {
    const st = super.status()
    return map.status(st, sctpInfo(this))
  }

  // peerInfoByAddress is kept in node-lksctp's shape.
  _mapPeerInfo (info) {
    return map.peerInfoByAddress(info)
  }

  write (chunk, encoding, cb) {
    try {
      return super.write(chunk, encoding, cb)
    } catch (err) {
      // A sid that is no stream number at all (negative, fractional) stays
      // a RangeError, thrown.
      const sid = chunk && chunk.sid
      if (!map.isSidRangeError(err) || !Number.isInteger(sid) || sid < 0) throw err
      // node-lksctp: the send fails, 'error' EINVAL, the socket is
      // destroyed; the write's callback gets the error first, as a stream's
      // failed write does.
      if (typeof encoding === 'function') cb = encoding
      const failed = map.sidError(err)
      process.nextTick(() => {
        if (typeof cb === 'function') cb(failed)
        this.destroy(failed)
      })
      return false
    }
  }

  emit (event, arg) {
    if (event === 'notification') {
      if (this.listenerCount('notification') === 0) return false
      return super.emit(event, map.notification(arg))
    }
    // A sid checked when queued writes go out (the negotiated streams are
    // fewer than asked for), or refused by write() above.
    if (event === 'error' && map.isSidRangeError(arg)) {
      return super.emit(event, map.sidError(arg))
    }
    // Every other event ('data' among them) as it is, without copying
    // its arguments.
    return SctpSocket.prototype.emit.apply(this, arguments)
  }
}

// A socket of the main entry becomes a compat one, before any listener of
// the application sees it.
function upgrade (socket) {
  Object.setPrototypeOf(socket, CompatSocket.prototype)
  socket._peerInfo = map.peerInfoByAddress(socket._peerInfo)
  return socket
}

class Server extends MainServer {
  listen (options, callback) {
    if (typeof options === 'function') {
      callback = options
      options = undefined
    }
    return super.listen(map.listenOptions(options), callback)
  }

  emit (event, ...args) {
    if (event === 'connection' && args[0] instanceof SctpSocket && !(args[0] instanceof CompatSocket)) {
      upgrade(args[0])
    }
    return super.emit(event, ...args)
  }
}

function createServer (options, connectionListener) {
  return new Server(options, connectionListener)
}

function connect (options, connectListener) {
  return upgrade(mainConnect(map.connectOptions(options), connectListener))
}

module.exports = {
  createServer,
  connect,
  createConnection: connect,
  Server
}
