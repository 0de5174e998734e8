'use strict'

// Which path an address belongs to. The run record lists, per path, the
// addresses each host's end had when it was built:
//   {"name":"a","hosts":["client","server"],
//    "addresses":{"client":["10.1.0.1"],"server":["10.1.0.2"]}}
// and `addr add|del PATH HOST=ADDR[/LEN]` steps change them later. Older
// timelines have no `addresses`: then nothing is named (not even what an
// `addr add` names) and the page shows bare addresses, as it always did.

// `addr add a server=10.1.0.3/24` -> {op, path, host, address}, or null.
function parseAddrStep (text) {
  const m = /^addr\s+(add|del)\s+(\S+)\s+([^\s=]+)=(\S+)\s*$/.exec(String(text || ''))
  if (!m) return null
  return { op: m[1], path: m[2], host: m[3], address: normalize(m[4].replace(/\/\d+$/, '')) }
}

// The agents print IPv4-mapped IPv6 addresses for IPv4 peers on a v6
// socket, and IPv6 in whatever case: compare them plainly.
function normalize (address) {
  return String(address).toLowerCase().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1')
}

// From the run record and the steps (in time order): lookup(address, t)
// gives {path, host} of the address at time t (or, for an address that was
// on no path then, the path it was on at any time), or null.
function addressBook (run, steps) {
  const spans = new Map() // address -> [{path, host, from, to}]
  const open = (address, path, host, from) => {
    const a = normalize(address)
    if (!spans.has(a)) spans.set(a, [])
    spans.get(a).push({ path: String(path), host: String(host), from, to: Infinity })
  }
  let known = false
  for (const p of (run && Array.isArray(run.paths) ? run.paths : [])) {
    if (!p || !p.addresses || typeof p.addresses !== 'object') continue
    for (const [host, list] of Object.entries(p.addresses)) {
      for (const address of Array.isArray(list) ? list : [list]) {
        if (typeof address !== 'string') continue
        known = true
        open(address, p.name, host, -Infinity)
      }
    }
  }
  // Without the addresses as built, a name from an `addr add` alone would
  // put path names on some rows and bare addresses on the others.
  for (const s of known ? steps || [] : []) {
    if (s.verb !== 'addr') continue
    const a = parseAddrStep(s.text)
    if (!a) continue
    if (a.op === 'add') open(a.address, a.path, a.host, s.t)
    else {
      const live = (spans.get(a.address) || []).find((x) => x.path === a.path && x.to === Infinity)
      if (live) live.to = s.t
    }
  }
  function lookup (address, t = null) {
    const list = spans.get(normalize(address))
    if (!list || !list.length) return null
    const at = t === null ? null : list.find((x) => t >= x.from && t < x.to)
    const x = at || list[list.length - 1]
    return { path: x.path, host: x.host }
  }
  return { known, lookup }
}

// "a (10.1.0.2)" when the address is on a path, else the address.
function pathLabel (book, address, t = null) {
  const p = book ? book.lookup(address, t) : null
  return p ? `${p.path} (${address})` : String(address)
}

module.exports = { addressBook, parseAddrStep, pathLabel, normalize }
