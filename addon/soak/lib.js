'use strict'

// What the soak's processes share: the seeded generator, the message format
// and its check, one association's bookkeeping on either side, and the
// process figures (fds, RSS, handles) compared at the end.
//
// A data message (every size from 1 byte):
//
//   0  magic 'SOAK' (u32)   4  association id (u32)   8  direction (u8), 0,
//   10 sid (u16)           12  sequence number in (association, direction,
//   sid), from 0 (u32)     16  ppid (u32)   20  length (u32)   24 crc32 of
//   bytes 28.. (u32)       28  payload, a slice of a seeded random pool
//
// Messages shorter than the 28-byte header carry no header: their bytes are
// the first bytes of a sha256 of (id, direction, sid, expected seq, length,
// ppid), so the receiver checks them against the message it expects next
// (a mismatch is a checksum failure; it cannot tell a reorder from damage).
// Control messages (magic 'CTRL', a JSON body) travel on stream 0 outside
// the sequence: HELLO (client), HELLO-ACK (server), CLOSE with the sender's
// per-stream counts (both sides, to close gracefully).

const crypto = require('node:crypto')
const fs = require('node:fs')
const zlib = require('node:zlib')

const HDR = 28
const MAGIC = 0x534f414b // 'SOAK'
const CTRL = 0x4354524c // 'CTRL'
const CTRL_PPID = 0xc7c7
const C2S = 0
const S2C = 1

// sfc32: small, fast, seedable.
function rng (seed) {
  let a = 0x9e3779b9
  let b = 0x243f6a88
  let c = 0xb7e15162
  let d = seed >>> 0
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0
    const t = (a + b | 0) + d | 0
    d = d + 1 | 0
    a = b ^ b >>> 9
    b = c + (c << 3) | 0
    c = c << 21 | c >>> 11
    c = c + t | 0
    return (t >>> 0) / 4294967296
  }
  for (let i = 0; i < 15; i++) next()
  const r = () => next()
  r.int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)) // inclusive
  r.u32 = () => Math.floor(next() * 4294967296) >>> 0
  r.pick = (xs) => xs[Math.floor(next() * xs.length)]
  r.chance = (p) => next() < p
  r.range = (lo, hi) => lo + next() * (hi - lo)
  return r
}

// 1 MiB of seeded bytes that payloads are cut from.
const POOL_SIZE = 1 << 20
function makePool (seed) {
  const r = rng(seed ^ 0x5eed)
  const pool = Buffer.allocUnsafe(POOL_SIZE)
  for (let i = 0; i < POOL_SIZE; i += 4) pool.writeUInt32LE(r.u32(), i)
  return pool
}

// Message sizes: mostly small (log-uniform 1 B-64 KiB), some tiny, a few
// large (64-320 KiB: above a 64 KiB receive buffer, partial delivery).
function pickSize (r) {
  const x = r()
  if (x < 0.04) return r.int(1, HDR - 1)
  if (x < 0.97) return Math.max(HDR, Math.round(Math.exp(r.range(Math.log(HDR), Math.log(65536)))))
  return r.int(65537, 320 * 1024)
}

function tinyBytes (id, dir, sid, seq, len, ppid) {
  const h = crypto.createHash('sha256')
  const b = Buffer.allocUnsafe(20)
  b.writeUInt32LE(id, 0); b.writeUInt32LE(dir, 4); b.writeUInt32LE(sid, 8)
  b.writeUInt32LE(seq, 12); b.writeUInt32LE(len * 65536 + (ppid & 0xffff), 16)
  return h.update(b).digest().subarray(0, len)
}

function encode (pool, r, id, dir, sid, seq, len, ppid) {
  let msg
  if (len < HDR) {
    msg = Buffer.from(tinyBytes(id, dir, sid, seq, len, ppid))
  } else {
    msg = Buffer.allocUnsafe(len)
    const off = r.int(0, POOL_SIZE - (len - HDR))
    pool.copy(msg, HDR, off, off + len - HDR)
    msg.writeUInt32LE(MAGIC, 0)
    msg.writeUInt32LE(id, 4)
    msg.writeUInt16LE(dir, 8)
    msg.writeUInt16LE(sid, 10)
    msg.writeUInt32LE(seq, 12)
    msg.writeUInt32LE(ppid, 16)
    msg.writeUInt32LE(len, 20)
    msg.writeUInt32LE(zlib.crc32(msg.subarray(HDR)), 24)
  }
  msg.sid = sid
  msg.ppid = ppid
  return msg
}

function control (obj) {
  const body = Buffer.from(JSON.stringify(obj))
  const msg = Buffer.allocUnsafe(8 + body.length)
  msg.writeUInt32LE(CTRL, 0)
  msg.writeUInt32LE(0, 4)
  body.copy(msg, 8)
  msg.sid = 0
  msg.ppid = CTRL_PPID
  return msg
}

function isControl (msg) {
  return msg.length >= 8 && msg.ppid === CTRL_PPID && msg.sid === 0 && msg.readUInt32LE(0) === CTRL
}

function parseControl (msg) {
  try {
    return JSON.parse(msg.subarray(8).toString())
  } catch {
    return null
  }
}

// One association, either side. Counts what went each way per stream,
// checks what comes in, measures the delivery gaps (the reader's own pauses
// left out), and sums itself up in record() when it is over.
class Tally {
  constructor (role, id) {
    this.role = role
    this.id = id
    this.txDir = role === 'client' ? C2S : S2C
    this.rxDir = role === 'client' ? S2C : C2S
    this.sent = [] // messages written per sid
    this.recv = [] // messages received per sid (= next expected seq)
    this.sentBytes = 0
    this.recvBytes = 0
    this.crcFail = 0
    this.order = 0
    this.dups = 0
    this.bad = [] // the first few failures, described
    this.maxGap = 0
    this.gapSum = 0
    this.gapN = 0
    this.last = 0 // time of the last delivery or resume
    this.t0 = Date.now()
  }

  nextSeq (sid) {
    const s = this.sent[sid] || 0
    this.sent[sid] = s + 1
    return s
  }

  fail (kind, what) {
    if (this.bad.length < 5) this.bad.push(`${kind}: ${what}`)
  }

  resumed () {
    const now = performance.now()
    if (now > this.last) this.last = now
  }

  // A data message (not a control one): checked and counted.
  check (msg) {
    const now = performance.now()
    if (this.last) {
      const gap = now - this.last
      if (gap > this.maxGap) this.maxGap = gap
      this.gapSum += gap
      this.gapN++
    }
    this.last = now
    const sid = msg.sid
    const want = this.recv[sid] || 0
    this.recvBytes += msg.length
    if (msg.length < HDR) {
      const expect = tinyBytes(this.id, this.rxDir, sid, want, msg.length, msg.ppid)
      if (!expect.equals(msg)) {
        this.crcFail++
        this.fail('checksum', `tiny message of ${msg.length} B on sid ${sid}, expected seq ${want}`)
      }
      this.recv[sid] = want + 1
      return
    }
    const magic = msg.readUInt32LE(0)
    const id = msg.readUInt32LE(4)
    const dir = msg.readUInt16LE(8)
    const hsid = msg.readUInt16LE(10)
    const seq = msg.readUInt32LE(12)
    const ppid = msg.readUInt32LE(16)
    const len = msg.readUInt32LE(20)
    const crc = msg.readUInt32LE(24)
    if (magic !== MAGIC || len !== msg.length || ppid !== msg.ppid || hsid !== sid ||
        dir !== this.rxDir || (this.id !== null && id !== this.id) ||
        zlib.crc32(msg.subarray(HDR)) !== crc) {
      this.crcFail++
      this.fail('checksum', `sid ${sid} (header ${hsid}) ppid ${msg.ppid} (header ${ppid}) ` +
        `length ${msg.length} (header ${len}) id ${id} dir ${dir} magic ${magic.toString(16)}`)
      this.recv[sid] = want + 1
      return
    }
    if (seq === want) {
      this.recv[sid] = want + 1
    } else if (seq < want) {
      this.dups++
      this.fail('duplicate', `sid ${sid} seq ${seq}, expected ${want}`)
    } else {
      this.order++
      this.fail('order', `sid ${sid} seq ${seq}, expected ${want} (${seq - want} skipped)`)
      this.recv[sid] = seq + 1
    }
  }

  // The peer's CLOSE counts against ours, once every message is in.
  lostAgainst (counts) {
    let lost = 0
    const n = Math.max(counts.length, this.recv.length)
    for (let sid = 0; sid < n; sid++) {
      const d = (counts[sid] || 0) - (this.recv[sid] || 0)
      if (d !== 0) {
        lost += d
        this.fail('count', `sid ${sid}: peer sent ${counts[sid] || 0}, received ${this.recv[sid] || 0}`)
      }
    }
    return lost
  }

  record (fields) {
    const sum = (xs) => xs.reduce((a, b) => a + (b || 0), 0)
    return {
      assoc: {
        side: this.role,
        id: this.id,
        sentMsgs: sum(this.sent),
        sentBytes: this.sentBytes,
        recvMsgs: sum(this.recv),
        recvBytes: this.recvBytes,
        sent: Array.from(this.sent, (x) => x || 0),
        recv: Array.from(this.recv, (x) => x || 0),
        crcFail: this.crcFail,
        order: this.order,
        dups: this.dups,
        maxGap: Math.round(this.maxGap),
        gapSum: Math.round(this.gapSum),
        gapN: this.gapN,
        t0: this.t0,
        t1: Date.now(),
        bad: this.bad,
        ...fields
      }
    }
  }
}

// fds, RSS and active resources after two full collections (called from a
// timer a moment after the command came, so that its reading is quiet).
function processFigures () {
  if (global.gc) {
    global.gc()
    global.gc()
  }
  const handles = {}
  for (const t of process.getActiveResourcesInfo()) handles[t] = (handles[t] || 0) + 1
  const mem = process.memoryUsage()
  return {
    fds: fs.readdirSync('/proc/self/fd').length,
    rss: mem.rss,
    heapUsed: mem.heapUsed,
    handles
  }
}

function sleep (ms) {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

module.exports = {
  HDR, C2S, S2C, rng, makePool, pickSize, encode, control, isControl, parseControl,
  Tally, processFigures, sleep
}
