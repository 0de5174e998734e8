'use strict'

// Names to addresses, the way net does it (dns.lookup), but keeping every
// address of a name: a multi-homed peer is often one name with several.

const dns = require('node:dns')
const net = require('node:net')

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

module.exports = { resolveAll, familyOf, forFamily }
