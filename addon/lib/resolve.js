'use strict'

// Names to addresses, the way net does it (dns.lookup), but keeping every
// address of a name: a multi-homed peer is often one name with several.

const dns = require('node:dns')
const net = require('node:net')
const errors = require('./errors')
const options = require('./options')

function lookupAll (name) {
  return new Promise((resolve, reject) => {
    dns.lookup(name, { all: true, verbatim: true }, (err, addrs) => {
      if (err) reject(err)
      else resolve(addrs.map((a) => a.address))
    })
  })
}

// Resolve a list of names/addresses; literals stay as they are (no DNS).
async function resolveAll (list) {
  const out = []
  for (const name of list) {
    const addrs = net.isIP(name) ? [name] : await lookupAll(name)
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
