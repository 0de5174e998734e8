'use strict'

// Errors shaped like Node's own: argument errors carry Node's ERR_* codes,
// system errors carry code, errno, syscall and address/port where known.

const util = require('node:util')

function describe (value) {
  if (value === null || value === undefined) return ` Received ${value}`
  if (typeof value === 'function') return ` Received function ${value.name}`
  if (typeof value === 'object') {
    if (value.constructor && value.constructor.name) {
      return ` Received an instance of ${value.constructor.name}`
    }
    return ` Received ${util.inspect(value, { depth: -1 })}`
  }
  let shown = util.inspect(value, { colors: false })
  if (shown.length > 28) shown = `${shown.slice(0, 25)}...`
  return ` Received type ${typeof value} (${shown})`
}

function withCode (Base, code, message) {
  const err = new Base(message)
  err.code = code
  // Node prints "TypeError [ERR_X]: ..." from the stack's first line.
  err.stack = err.stack.replace(/^[^:\n]*/, `${err.name} [${code}]`)
  return err
}

function invalidArgType (name, expected, value) {
  const what = name.includes('.') ? 'property' : 'argument'
  return withCode(TypeError, 'ERR_INVALID_ARG_TYPE',
    `The "${name}" ${what} must be ${expected}.${describe(value)}`)
}

function invalidArgValue (name, value, reason = 'is invalid') {
  const what = name.includes('.') ? 'property' : 'argument'
  return withCode(TypeError, 'ERR_INVALID_ARG_VALUE',
    `The ${what} '${name}' ${reason}. Received ${util.inspect(value)}`)
}

function outOfRange (name, range, value) {
  return withCode(RangeError, 'ERR_OUT_OF_RANGE',
    `The value of "${name}" is out of range. It must be ${range}. Received ${util.inspect(value)}`)
}

function badPort (name, value, allowZero = true) {
  return withCode(RangeError, 'ERR_SOCKET_BAD_PORT',
    `${name} should be ${allowZero ? '>=' : '>'} 0 and < 65536.${describe(value)}.`)
}

// What net gives when options.lookup answers something that is no IP.
function invalidIpAddress (value) {
  return withCode(TypeError, 'ERR_INVALID_IP_ADDRESS', `Invalid IP address: ${value}`)
}

function socketClosed () {
  return withCode(Error, 'ERR_SOCKET_CLOSED', 'Socket is closed')
}

function socketClosedBeforeConnection () {
  return withCode(Error, 'ERR_SOCKET_CLOSED_BEFORE_CONNECTION', 'Socket closed before the connection was established')
}

function serverNotRunning () {
  return withCode(Error, 'ERR_SERVER_NOT_RUNNING', 'Server is not running.')
}

function serverAlreadyListening () {
  return withCode(Error, 'ERR_SERVER_ALREADY_LISTEN',
    'Listen method has been called more than once without closing.')
}

const NO_SCTP_HINT = 'the kernel has no SCTP support: load the module with ' +
  '`modprobe sctp` (Debian/Ubuntu: package linux-modules-extra-$(uname -r) ' +
  'where it is split out) or use a kernel built with CONFIG_IP_SCTP'

// errno is negative, as the binding returns it (libuv style). The message
// is net's for the syscall: "connect ECONNREFUSED 127.0.0.1:5" (Node's
// exceptionWithHostPort), and for listen, with libuv's words, "listen
// EADDRINUSE: address already in use :::3868" (uvExceptionWithHostPort).
function systemError (errno, syscall, address, port) {
  let code
  try {
    code = util.getSystemErrorName(errno)
  } catch {
    code = `Unknown system error ${errno}`
  }
  let message = `${syscall} ${code}`
  if (syscall === 'listen') {
    const uv = util.getSystemErrorMap().get(errno)
    if (uv) message += `: ${uv[1]}`
  }
  if (address !== undefined) {
    message += ` ${address}`
    if (port !== undefined && port !== null) message += `:${port}`
  }
  if (code === 'EPROTONOSUPPORT') message += ` (${NO_SCTP_HINT})`
  const err = new Error(message)
  err.errno = errno
  err.code = code
  err.syscall = syscall
  if (address !== undefined) err.address = address
  if (address !== undefined && port !== undefined && port !== null) err.port = port
  return err
}

module.exports = {
  invalidArgType,
  invalidArgValue,
  invalidIpAddress,
  outOfRange,
  badPort,
  socketClosed,
  socketClosedBeforeConnection,
  serverNotRunning,
  serverAlreadyListening,
  systemError
}
