'use strict'

// The periodic re-read of an association's addresses and peer info
// (sctp.pollInterval), shared: one unref()ed timer per interval value for
// every socket that uses it, instead of a timer per socket.
//
// At each tick a socket that someone watches ('address-change' or
// 'peer-info-update' has a listener) is re-read at once, and its events
// fire as before. A socket nobody watches is only marked stale: its
// properties re-read themselves when next read (SctpSocket's getters), so
// a value read is never older than the interval, and a thousand idle
// associations cost no system call per tick.

const groups = new Map() // interval -> { timer, sockets: Set }

function tick (sockets) {
  for (const s of sockets) {
    if (s._watched()) {
      s._refresh(true)
    } else {
      s._stale = true
    }
  }
}

function add (socket, interval) {
  let g = groups.get(interval)
  if (!g) {
    const sockets = new Set()
    const timer = setInterval(tick, interval, sockets)
    timer.unref()
    g = { timer, sockets }
    groups.set(interval, g)
  }
  g.sockets.add(socket)
}

function remove (socket, interval) {
  const g = groups.get(interval)
  if (!g || !g.sockets.delete(socket)) return
  if (g.sockets.size === 0) {
    clearInterval(g.timer)
    groups.delete(interval)
  }
}

// Timers running, for tests: { interval: sockets }.
function active () {
  const out = {}
  for (const [interval, g] of groups) out[interval] = g.sockets.size
  return out
}

module.exports = { add, remove, active }
