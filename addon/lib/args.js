'use strict'

// net's argument forms (lib/net.js, normalizeArgs): connect and listen take
// an options object, or a port, then a host, then (listen) a backlog, with
// the callback last. A first argument that is a string but no number is
// net's IPC path, which SCTP has not (options.path says so).

function toNumber (x) {
  x = Number(x)
  return x >= 0 ? x : false
}

function isPipeName (s) {
  return typeof s === 'string' && toNumber(s) === false
}

// [options, callback]: the callback is the last argument if a function.
function positional (args) {
  const arg0 = args[0]
  const options = {}
  if (isPipeName(arg0)) options.path = arg0
  else {
    options.port = arg0
    if (args.length > 1 && typeof args[1] === 'string') options.host = args[1]
  }
  const cb = args[args.length - 1]
  return [options, typeof cb === 'function' ? cb : undefined]
}

function isOptions (arg0) {
  return typeof arg0 === 'object' && arg0 !== null
}

// (options[, connectListener]), (connectListener) or (port[, host][, connectListener]).
function connectArgs (args) {
  if (typeof args[0] === 'function') return [undefined, args[0]]
  if (args[0] === undefined || isOptions(args[0])) return [args[0], args[1]]
  return positional(args)
}

// (options[, backlog][, callback]), (callback), () or
// ([port][, host][, backlog][, callback]); as in net, options.backlog
// before a backlog argument.
function listenArgs (args) {
  if (args.length === 0 || typeof args[0] === 'function') return [undefined, args[0]]
  const backlog = toNumber(args.length > 1 && args[1]) || toNumber(args.length > 2 && args[2])
  if (isOptions(args[0])) {
    // The callback follows the backlog argument when there is one.
    const cb = args.length > 2 ? args[2] : toNumber(args[1]) === false ? args[1] : undefined
    const own = args[0].backlog !== undefined && args[0].backlog !== null
    return [backlog && !own ? { ...args[0], backlog } : args[0], cb]
  }
  const [options, cb] = positional(args)
  if (backlog) options.backlog = backlog
  return [options, cb]
}

module.exports = { connectArgs, listenArgs }
