'use strict'

// An association's paths, the part of SctpSocket (lib/socket.js) that
// knows them: its addresses (net.Socket's fields plus the lists of every
// address), the peer info of each path, the refresh of both, and the
// run-time changes of the paths. addPaths() puts them on the class.

const errors = require('./errors')
const options = require('./options')
const { forFamily, bindxOne } = require('./resolve')
const paths = require('./paths')

class Paths {
  // Re-read addresses and peer info; emit: fire 'address-change' (when
  // they changed) and 'peer-info-update'.
  _refresh (emit) {
    this._stale = false
    this._refreshAddresses(emit)
    this._refreshPeerInfo(emit)
  }

  // Does someone watch the paths? Then each tick re-reads them at once.
  _watched () {
    return this.listenerCount('address-change') > 0 || this.listenerCount('peer-info-update') > 0
  }

  // A getter's read after an unwatched tick (lib/refresh.js), or the first
  // read since the association came up (_established): re-read the
  // addresses first, without events (nobody was listening), and the peer
  // info when next asked for.
  _freshen () {
    if (this._stale && this._handle && !this.destroyed) {
      this._stale = false
      this._refreshAddresses(false)
      this._peerInfoStale = true
    }
  }

  // One native call (Handle.paths(), handle_opts.c) reads them all:
  // [outStreams, primaryAddress, primaryPort, nameAddress, namePort,
  //  nLocal, nRemote, remotePort, ...local, ...remote]; a part that failed
  // leaves the value it had.
  _refreshAddresses (emit) {
    const h = this._handle
    if (!h || this.destroyed) return false
    const p = h.paths()
    if (typeof p === 'number') return false
    const a = this._addr || (this._addr = newAddr())
    const nLocal = p[5]
    const nRemote = p[6]
    let changed = false
    if (p[0] > 0) {
      this._outStreams = p[0]
      this._streamsUnread = false
    }
    if (nLocal >= 0) {
      const list = p.slice(8, 8 + nLocal)
      if (!sameList(list, a.localAddresses)) changed = true
      a.localAddresses = list
    }
    if (nRemote >= 0) {
      const start = 8 + Math.max(nLocal, 0)
      const list = p.slice(start, start + nRemote)
      if (!sameList(list, a.remoteAddresses)) changed = true
      a.remoteAddresses = list
      if (nRemote > 0) a.remotePort = p[7]
    }
    const primary = p[1]
    if (primary !== null) {
      if (primary !== a.remoteAddress) changed = true
      a.remoteAddress = primary
      a.remoteFamily = familyName(primary)
      a.remotePort = p[2]
    }
    let localAddress = p[3]
    if (localAddress !== null) {
      // A wildcard-bound socket names no address: take the first one of
      // the association.
      if ((localAddress === '0.0.0.0' || localAddress === '::') && a.localAddresses.length) {
        localAddress = a.localAddresses[0]
      }
      if (localAddress !== a.localAddress) changed = true
      a.localAddress = localAddress
      a.localFamily = familyName(localAddress)
      a.localPort = p[4]
    }
    if (changed && emit) this.emit('address-change')
    return changed
  }

  _refreshPeerInfo (emit = true) {
    const h = this._handle
    if (!h || this.destroyed) return
    this._freshen() // its paths are the remote addresses
    const info = {}
    const a = this._addr // null: no address read (the handle failed)
    if (a !== null) {
      for (const address of a.remoteAddresses) {
        const pi = h.peerAddrInfo(address, a.remotePort || 0)
        info[address] = typeof pi === 'object' ? pi : undefined
      }
    }
    this._setPeerInfo(info)
    this._peerInfoStale = false
    if (emit) this.emit('peer-info-update')
  }

  // info in the main entry's shape, kept as it is too (lib/observe.js
  // reports it so, whatever _mapPeerInfo makes of it).
  _setPeerInfo (info) {
    this._peerInfoMain = info
    this._peerInfo = this._mapPeerInfo(info)
  }

  // The shape peerInfoByAddress is kept in (lksctp/compat maps it).
  _mapPeerInfo (info) {
    return info
  }

  get peerInfoByAddress () {
    this._freshen()
    if (this._peerInfoStale && this._handle && !this.destroyed) this._refreshPeerInfo(false)
    return this._peerInfo
  }

  set peerInfoByAddress (info) {
    this._setPeerInfo(info)
  }

  _onNotification (n) {
    const p = n.parsed
    // The peer sent SHUTDOWN: it sends nothing more, and a close now
    // completes its shutdown instead of aborting (see _destroy).
    if (p.type === 'SCTP_SHUTDOWN_EVENT') this._peerEnded = true
    this.emit('notification', n)
    // The side that started a graceful shutdown gets no end-of-file from
    // the kernel (only the receiver of SHUTDOWN does): SHUTDOWN_COMP is it.
    if (p.type === 'SCTP_ASSOC_CHANGE' && p.state === 'SCTP_SHUTDOWN_COMP' && !this.readableEnded) {
      this.push(null)
      this.read(0) // 'end' without a reader too (see onread)
      return
    }
    if (p.type === 'SCTP_PEER_ADDR_CHANGE' || (p.type === 'SCTP_ASSOC_CHANGE' && p.state === 'SCTP_RESTART')) {
      this._refresh(true)
    }
  }

  // Run-time changes of the association's paths. Addresses are IP
  // literals; the kernel's refusal comes back as a system error.

  // Bind one more local address (sctp_bindx): with ASCONF enabled on both
  // sides (net.sctp.addip_enable) the peer learns it as a new path.
  addLocalAddress (address) {
    this._bindx(address, false)
    return this
  }

  // Remove a local address (sctp_bindx); the last one cannot go.
  removeLocalAddress (address) {
    this._bindx(address, true)
    return this
  }

  _bindx (address, remove) {
    bindxOne(this._liveHandle(), address, this.localPort, remove)
    this._refreshAddresses(true)
  }

  // Send to this remote address by default (SCTP_PRIMARY_ADDR).
  setPrimaryAddress (address) {
    const h = this._liveHandle()
    options.checkAddress('address', address)
    if (!this.remoteAddresses.includes(address)) {
      throw errors.invalidArgValue('address', address, `is not a remote address of the association (${this.remoteAddresses.join(', ')})`)
    }
    const r = h.setPrimary(forFamily([address], h.family)[0], this.remotePort, false)
    if (r < 0) throw errors.systemError(r, 'setsockopt SCTP_PRIMARY_ADDR', address, this.remotePort)
    this._refreshAddresses(true)
    return this
  }

  // Ask the peer to send to this local address by default
  // (SCTP_SET_PEER_PRIMARY_ADDR, by ASCONF).
  requestPeerPrimary (address) {
    const h = this._liveHandle()
    options.checkAddress('address', address)
    const r = h.setPrimary(forFamily([address], h.family)[0], this.localPort, true)
    if (r < 0) throw errors.systemError(r, 'setsockopt SCTP_SET_PEER_PRIMARY_ADDR', address, this.localPort)
    return this
  }

  // Path and retransmission parameters of the association: of every path,
  // or of one remote address (lib/paths.js). Arguments are checked before
  // the association is.

  setPathParams (params, address) {
    const p = options.checkPathParams('params', params)
    const target = this._remoteTarget(address)
    paths.setPathParams(this._liveHandle(), p, this._checkRemote(target), this.remotePort)
    return this
  }

  getPathParams (address) {
    const target = this._remoteTarget(address)
    return paths.getPathParams(this._liveHandle(), this._checkRemote(target), this.remotePort)
  }

  setRto (params) {
    const rto = options.checkRto('params', params)
    paths.setRto(this._liveHandle(), rto)
    return this
  }

  getRto () {
    return paths.getRto(this._liveHandle())
  }

  // Association.Max.Retrans: SCTP_ASSOCINFO.
  setMaxRetransmits (maxRetransmits) {
    const n = options.checkMaxRetransmits('maxRetransmits', maxRetransmits)
    paths.setMaxRetransmits(this._liveHandle(), n)
    return this
  }

  getMaxRetransmits () {
    return paths.getMaxRetransmits(this._liveHandle())
  }

  setExposePotentiallyFailed (expose) {
    if (typeof expose !== 'boolean') throw errors.invalidArgType('expose', 'of type boolean', expose)
    paths.setExposePotentiallyFailed(this._liveHandle(), expose)
    return this
  }

  // true, false, or null when never set (the kernel's default).
  getExposePotentiallyFailed () {
    return paths.getExposePotentiallyFailed(this._liveHandle())
  }

  _remoteTarget (address) {
    return address === undefined ? null : options.checkAddress('address', address)
  }

  _checkRemote (address) {
    if (address !== null && !this.remoteAddresses.includes(address)) {
      throw errors.invalidArgValue('address', address, `is not a remote address of the association (${this.remoteAddresses.join(', ')})`)
    }
    return address
  }
}

// What net calls an address's family (an IPv4-mapped address is shown as
// IPv4, without its prefix: addr.c).
function familyName (address) {
  return address.includes(':') ? 'IPv6' : 'IPv4'
}

function sameList (a, b) {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

// The association's addresses, as in net.Socket plus the lists of every
// address. Kept up to date by notifications, by the calls that change
// them, and by the refresh at sctp.pollInterval (lib/refresh.js): a read
// after an unwatched tick re-reads them first.
const ADDRESS_FIELDS = ['localFamily', 'localAddress', 'localPort', 'localAddresses',
  'remoteFamily', 'remoteAddress', 'remotePort', 'remoteAddresses']
function newAddr () {
  return {
    localFamily: undefined,
    localAddress: undefined,
    localPort: undefined,
    localAddresses: [],
    remoteFamily: undefined,
    remoteAddress: undefined,
    remotePort: undefined,
    remoteAddresses: []
  }
}

function addPaths (SctpSocket) {
  for (const name of Object.getOwnPropertyNames(Paths.prototype)) {
    if (name !== 'constructor') Object.defineProperty(SctpSocket.prototype, name, Object.getOwnPropertyDescriptor(Paths.prototype, name))
  }
  for (const name of ADDRESS_FIELDS) {
    const list = name.endsWith('Addresses')
    Object.defineProperty(SctpSocket.prototype, name, {
      get () {
        this._freshen()
        const a = this._addr
        return a !== null ? a[name] : list ? [] : undefined
      },
      set (value) {
        (this._addr || (this._addr = newAddr()))[name] = value
      },
      enumerable: true,
      configurable: true
    })
  }
}

module.exports = { addPaths, ADDRESS_FIELDS }
