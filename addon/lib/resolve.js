'use strict'

// Names to addresses, the way net does it (dns.lookup), but keeping every
// address of a name: a multi-homed peer is often one name with several.

const dns = require('node:dns')
const net = require('node:net')
const errors = require('./errors')
const options = require('./options')

// One name's addresses through lookup (dns.lookup, or the caller's own of
// its shape, which may answer one address where all were asked for).
function lookupAll (name, lookup, opts) {
  return new Promise((resolve, reject) => {
    lookup(name, { family: opts.family || 0, hints: opts.hints || 0, all: true, verbatim: true }, (err, addrs, family) => {
      if (err) reject(err)
      else if (Array.isArray(addrs)) resolve(addrs)
      else resolve([{ address: addrs, family }])
    })
  })
}

// A lookup that answered no address at all, as dns.lookup says it.
function notFound (name) {
  const err = new Error(`getaddrinfo ENOTFOUND ${name}`)
  err.code = 'ENOTFOUND'
  err.syscall = 'getaddrinfo'
  err.hostname = name
  return err
}

// Resolve a list of names/addresses; literals stay as they are (no DNS).
// opts: lookup (default dns.lookup), family, hints as net takes them, and
// onLookup(err, address, family, host), called as net emits 'lookup': for
// each address a name gave, or once with the error.
async function resolveAll (list, opts = {}) {
  const lookup = opts.lookup || dns.lookup
  const out = []
  for (const name of list) {
    let addrs
    if (net.isIP(name)) {
      addrs = [name]
    } else {
      let found
      try {
        found = await lookupAll(name, lookup, opts)
        if (found.length === 0) throw notFound(name)
      } catch (err) {
        if (opts.onLookup) opts.onLookup(err, undefined, undefined, name)
        throw err
      }
      addrs = []
      for (const a of found) {
        // As net: 'lookup' first, then the check of what it said.
        if (opts.onLookup) opts.onLookup(null, a.address, a.family || net.isIP(a.address), name)
        if (typeof a.address !== 'string' || !net.isIP(a.address)) {
          throw errors.invalidIpAddress(a.address)
        }
        addrs.push(a.address)
      }
    }
    for (const a of addrs) if (!out.includes(a)) out.push(a)
  }
  return out
}

function familyOf (addrs) {
  return addrs.some((a) => net.isIPv6(a)) ? 6 : 4
}

// On an IPv6 socket, IPv4 addresses are given as IPv4-mapped IPv6.
function forFamily (addrs, family) {
  if (family !== 6) return addrs
  return addrs.map((a) => (net.isIPv4(a) ? `::ffff:${a}` : a))
}

// Add or remove one local address of a handle (sctp_bindx) at run time;
// a refusal is thrown as a system error.
function bindxOne (handle, address, port, remove) {
  options.checkAddress('address', address)
  const r = handle.bindx(forFamily([address], handle.family), port, remove)
  if (r < 0) throw errors.systemError(r, remove ? 'sctp_bindx remove' : 'sctp_bindx add', address, port)
}

module.exports = { resolveAll, familyOf, forFamily, bindxOne }
