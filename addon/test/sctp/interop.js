'use strict'

// Interop: the addon against lksctp-tools' own programs (Debian package
// lksctp-tools, /usr/bin), multi-homed on two loopback addresses, data
// checked on both sides.
//
//   addon client 127.0.0.1 ---\ /--- 127.0.0.1 sctp_darn -l -e (server, echoes)
//                127.0.0.2 ---/ \--- 127.0.0.2   (-H .1 -B .2)
//
//   sctp_test -s -D (client) 127.0.0.1 ---\ /--- 127.0.0.1 addon server
//     (-B .2 -C .1 -C .2)    127.0.0.2 ---/ \--- 127.0.0.2
//
//   sctp_darn -s (client, stdin lines) ---- the same, to an addon server
//
// What the tools print (lksctp-tools 1.0.19, read from its sources):
// - sctp_darn, for every message it reads (testlib test_print_message):
//   "SNDRCV" and indented "   sinfo_stream N", "   sinfo_ppid N" (the raw
//   32-bit field, so the wire's network order read as a host integer), then
//   "DATA(len):  text": the first len-1 bytes, non-printable ones as '.'
//   (the last byte is overwritten by a NUL terminator, since its own sender
//   sends C strings). Notifications: "NOTIFICATION: ASSOC_CHANGE - COMM_UP"...
//   With -e it sendto()s every data message back as it was read (stream 0,
//   ppid 0). With -s it reads stdin lines and sends each as one message of
//   strlen+1 bytes: the line, its '\n' and a NUL; after connecting with -c
//   it prints "New connection, peer addresses" and one "a.b.c.d:port" line
//   per peer address (sctp_getpaddrs).
// - sctp_test -s -c 4: 10 messages of 1, 1000, 2000, 3000, 5000, 10000, 15000,
//   20000, 25000, 32768 bytes, each byte i < len-1 being '0' + i % 10 and the
//   last a NUL; with -M 3 on streams 1, 2, 0, 1, ...; with -o 2 ordered and
//   unordered alternately, starting ordered; ppid rand(). At -d 2 it prints
//   "\tsendmsg(sk=S, assoc=0)  len bytes." and "\t  SNDRCV(stream=N
//   flags=0xF ppid=P" per send. -D reads one message after each send and
//   prints "Data len bytes. First n bytes: text" (text: up to 9 bytes)
//   then, unless a notification came first in that read, "\t  SNDRCV(stream=N
//   ssn=.. tsn=.. flags=0xF ppid=P".
// The tools' output goes through stdbuf -oL (sctp_darn never flushes).
// The tools' view of the association is also read from the kernel's
// /proc/net/sctp/assocs (the row whose local port is the tool's).

const t = require('tap')
const fs = require('node:fs')
const os = require('node:os')
const { spawn } = require('node:child_process')
const { closeAll, waitFor, until, collect, openFds, SLOW, lksctp } = require('../helpers')

const ADDRS = ['127.0.0.1', '127.0.0.2']
const DARN = '/usr/bin/sctp_darn'
const SCTP_TEST = '/usr/bin/sctp_test'
const STDBUF = ['/usr/bin/stdbuf', '/bin/stdbuf'].find((p) => fs.existsSync(p))
const SCTP_UNORDERED = 1 // <netinet/sctp.h>, sinfo_flags
const MISSING = [DARN, SCTP_TEST].filter((p) => !fs.existsSync(p)).concat(STDBUF ? [] : ['stdbuf'])

// The raw sinfo_ppid a C program sees for a ppid the addon sent (host
// order on our side, network order on the wire), and the converse.
function raw (ppid) {
  if (os.endianness() === 'BE') return ppid
  const b = Buffer.alloc(4)
  b.writeUInt32BE(ppid)
  return b.readUInt32LE()
}

// What test_print_message shows of a message: its first len-1 bytes,
// non-printable ones (C locale isprint) as '.'.
function printed (buf) {
  let s = ''
  for (let i = 0; i < buf.length - 1; i++) s += buf[i] >= 0x20 && buf[i] <= 0x7e ? String.fromCharCode(buf[i]) : '.'
  return s
}

// sctp_test's build_msg(len): '0123456789' over, the last byte a NUL.
function testPattern (len) {
  const b = Buffer.alloc(len)
  for (let i = 0; i < len - 1; i++) b[i] = 0x30 + (i % 10)
  return b
}

// A port free on both addresses (sctp_darn needs a non-zero one to bindx).
async function freePort () {
  const s = lksctp.createServer()
  s.listen({ localAddresses: ADDRS, port: 0 })
  await waitFor(s, 'listening')
  const port = s.address().port
  await closeAll(s)
  return port
}

async function multiServer () {
  const server = lksctp.createServer()
  server.listen({ localAddresses: ADDRS, port: 0 })
  await waitFor(server, 'listening')
  return server
}

// The kernel's associations, as /proc/net/sctp/assocs lists them:
// ... LPORT RPORT LADDRS <-> RADDRS HBINT ... ('*' marks the primary).
function assocs () {
  const ip = /^\*?\d+\.\d+\.\d+\.\d+$/
  return fs.readFileSync('/proc/net/sctp/assocs', 'utf8').split('\n').slice(1).filter((l) => l.includes('<->')).map((l) => {
    const [left, right] = l.split('<->')
    const f = left.trim().split(/\s+/)
    return {
      lport: Number(f[11]),
      rport: Number(f[12]),
      laddrs: f.slice(13).filter((x) => ip.test(x)).sort(),
      raddrs: right.trim().split(/\s+/).filter((x) => ip.test(x)).map((x) => x.replace('*', '')).sort()
    }
  })
}

function toolAssoc (toolPort, addonPort) {
  return assocs().find((a) => a.lport === toolPort && a.rport === addonPort)
}

// Run a tool with line-buffered stdout; its lines accumulate in tool.lines.
// Killed (SIGTERM, then SIGKILL) and reaped at teardown.
function runTool (t, prog, args, { stdin = false } = {}) {
  const child = spawn(STDBUF, ['-oL', prog, ...args], { stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] })
  const name = prog.split('/').pop()
  const tool = { child, lines: [], stderr: '', exit: null }
  tool.closed = new Promise((resolve) => child.once('close', (code, signal) => {
    tool.exit = { code, signal }
    resolve(tool.exit)
  }))
  child.on('error', (err) => { tool.stderr += `spawn: ${err.message}\n` })
  let partial = ''
  child.stdout.setEncoding('latin1')
  child.stdout.on('data', (s) => {
    const parts = (partial + s).split('\n')
    partial = parts.pop()
    tool.lines.push(...parts)
  })
  child.stderr.setEncoding('latin1')
  child.stderr.on('data', (s) => { tool.stderr += s })
  if (stdin) child.stdin.on('error', () => {})

  // The first line at or after index from that matches re: [match, index].
  tool.line = async (re, from = 0, ms = 5000) => {
    let found = null
    await until(() => {
      for (let i = from; i < tool.lines.length; i++) {
        const m = re.exec(tool.lines[i])
        if (m) {
          found = [m, i]
          return true
        }
      }
      return tool.exit !== null && !found && Promise.reject(new Error(`${name} exited (${JSON.stringify(tool.exit)}) without printing ${re}`))
    }, ms, `${name} to print ${re}`)
    return found
  }
  // Bounded wait for its exit.
  tool.exited = (ms = 10000) => Promise.race([tool.closed, new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} still running after ${ms * SLOW} ms`)), ms * SLOW)
    tool.closed.then(() => clearTimeout(timer))
  })])

  t.teardown(async () => {
    if (tool.exit === null) {
      child.kill('SIGTERM')
      await tool.exited(5000).catch(() => {
        child.kill('SIGKILL')
        return tool.exited(5000)
      })
    }
    if (typeof t.passing === 'function' && !t.passing()) t.comment(`${name} ${args.join(' ')}\n--- stdout\n${tool.lines.join('\n')}\n${partial}\n--- stderr\n${tool.stderr}`)
  })
  return tool
}

// sctp_darn's printed messages: { sid, ppid, len, text }.
function darnMessages (lines) {
  const out = []
  let cur = {}
  for (const l of lines) {
    let m
    if ((m = /^ {3}sinfo_stream (\d+)$/.exec(l))) cur.sid = Number(m[1])
    else if ((m = /^ {3}sinfo_ppid (\d+)$/.exec(l))) cur.ppid = Number(m[1])
    else if ((m = /^DATA\((\d+)\): {2}(.*)$/.exec(l))) {
      out.push({ ...cur, len: Number(m[1]), text: m[2] })
      cur = {}
    }
  }
  return out
}

const fdBase = { n: 0 }

// A missing tool fails the file: a skipped interop test tests nothing.
if (MISSING.length) {
  t.fail(`needs ${MISSING.join(', ')} (Debian packages lksctp-tools, coreutils)`)
  return
}

t.before(async () => {
  // Warm up what node keeps open once used (the child-process signal pipe).
  const warm = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
  await waitFor(warm, 'close', 30000)
  await freePort()
  fdBase.n = openFds()
})

t.test('sctp_darn as a multi-homed server: the addon connects; data checked on both sides', async (t) => {
  const port = await freePort()
  const darn = runTool(t, DARN, ['-H', ADDRS[0], '-P', String(port), '-B', ADDRS[1], '-l', '-e'])
  await darn.line(/sctp_darn listening\.\.\.$/) // argv[0] first
  const eps = fs.readFileSync('/proc/net/sctp/eps', 'utf8')
  t.match(eps, new RegExp(`\\s${port}\\s+\\d+\\s+\\d+\\s+127\\.0\\.0\\.1 127\\.0\\.0\\.2\\s`), 'sctp_darn listens on both addresses')

  const client = lksctp.connect({ remoteAddresses: ADDRS, localAddresses: ADDRS, port })
  t.teardown(() => closeAll(client))
  await waitFor(client, 'connect')
  t.same([...client.remoteAddresses].sort(), ADDRS, 'the addon sees both addresses of sctp_darn')
  t.same([...client.localAddresses].sort(), ADDRS, 'the addon is bound to both')
  await darn.line(/^NOTIFICATION: ASSOC_CHANGE - COMM_UP$/)
  t.pass('sctp_darn got SCTP_COMM_UP')
  const theirs = toolAssoc(port, client.localPort)
  t.ok(theirs, "sctp_darn's association is in /proc/net/sctp/assocs")
  t.same(theirs && theirs.laddrs, ADDRS, "sctp_darn's association is bound to both addresses")
  t.same(theirs && theirs.raddrs, ADDRS, "sctp_darn's association has both addon addresses as paths")

  const all = Buffer.alloc(256)
  for (let i = 0; i < 256; i++) all[i] = i
  const big = Buffer.alloc(3000)
  for (let i = 0; i < big.length; i++) big[i] = 0x41 + (i % 26)
  const sent = [
    [Buffer.from('hello sctp_darn, from lksctp\0'), 0, 0],
    [big, 1, 46],
    [all, 2, 0x01020304],
    [Buffer.from('!'), 0, 7],
    [Buffer.from('line\nbreak\ttab\0'), 1, 0xfffffffe]
  ].map(([b, sid, ppid]) => Object.assign(b, { sid, ppid }))
  const echoes = collect(client, sent.length, 30000)
  for (const m of sent) client.write(m)

  // sctp_darn's side: what it printed of each message.
  await until(() => darnMessages(darn.lines).length >= sent.length, 30000, 'sctp_darn to print every message')
  const seen = darnMessages(darn.lines)
  t.equal(seen.length, sent.length, 'sctp_darn printed as many messages as were sent')
  sent.forEach((m, i) => {
    t.same(seen[i], { sid: m.sid, ppid: raw(m.ppid), len: m.length, text: printed(m) },
      `sctp_darn read message ${i} whole: ${m.length} bytes, sid ${m.sid}, ppid ${m.ppid} (network order on the wire)`)
  })

  // The addon's side: sctp_darn's echoes, byte for byte.
  const got = await echoes
  sent.forEach((m, i) => {
    t.ok(got[i].equals(m), `echo ${i} from sctp_darn has the exact ${m.length} bytes`)
    t.same({ sid: got[i].sid, ppid: got[i].ppid }, { sid: 0, ppid: 0 }, `echo ${i} on stream 0 with ppid 0, as sctp_darn sends it`)
  })

  // A graceful end, seen by the tool.
  const closed = waitFor(client, 'close', 30000)
  client.end()
  await darn.line(/^NOTIFICATION: ASSOC_CHANGE - SHUTDOWN_COMP$/, 0, 30000)
  t.pass('sctp_darn got SCTP_SHUTDOWN_COMP after end()')
  await closed
})

t.test('sctp_test as a multi-homed client of an addon server: sizes, streams, order, ppid both ways', async (t) => {
  const server = await multiServer()
  t.teardown(() => closeAll(server))
  const port = server.address().port
  const accepted = waitFor(server, 'connection', 30000)
  const tool = runTool(t, SCTP_TEST, ['-H', ADDRS[0], '-P', '0', '-B', ADDRS[1], '-C', ADDRS[0], '-C', ADDRS[1],
    '-p', String(port), '-s', '-c', '4', '-x', '1', '-M', '3', '-o', '2', '-r', '42', '-D', '-d', '2'])
  const [sock] = await accepted
  t.teardown(() => closeAll(sock))
  sock.on('error', () => {})
  t.same([...sock.remoteAddresses].sort(), ADDRS, 'the addon sees both addresses of sctp_test')
  t.same([...sock.localAddresses].sort(), ADDRS, 'the addon server side is bound to both')
  t.equal(sock.status().instrms, 3, "the addon's inbound streams are sctp_test's -M 3")

  // One reply after each message: sctp_test reads one (-D) before it sends
  // the next, so nothing is reordered even when unordered.
  const replies = []
  const got = []
  let theirs = null
  sock.on('data', (m) => {
    if (!theirs) theirs = toolAssoc(sock.remotePort, port)
    const i = got.length
    got.push(m)
    const r = Buffer.from(`reply${i}:` + 'abcdefghij'.repeat(i + 1))
    Object.assign(r, { sid: i % 3, ppid: 100 + i, unordered: i % 2 === 1 })
    replies.push(r)
    sock.write(r)
  })
  const { code } = await tool.exited(120000)
  t.equal(code, 0, 'sctp_test sent and read its 10 messages and exited 0')
  t.ok(theirs, "sctp_test's association was in /proc/net/sctp/assocs")
  t.same(theirs && theirs.laddrs, ADDRS, "sctp_test's association was bound to both addresses")
  t.same(theirs && theirs.raddrs, ADDRS, "sctp_test's association had both addon addresses as paths")

  // What sctp_test says it sent.
  const sends = []
  const reads = []
  tool.lines.forEach((l, i) => {
    let m
    if ((m = /^\tsendmsg\(sk=\d+, assoc=\d+\)\s+(\d+) bytes\.$/.exec(l))) {
      const s = /^\t {2}SNDRCV\(stream=(\d+) flags=0x([0-9a-f]+) ppid=(\d+)$/.exec(tool.lines[i + 1] || '')
      sends.push({ len: Number(m[1]), sid: s && Number(s[1]), flags: s && parseInt(s[2], 16), ppid: s && Number(s[3]) })
    } else if ((m = /Data (\d+) bytes\. First (\d+) bytes: (.*)$/.exec(l))) {
      const s = /^\t {2}SNDRCV\(stream=(\d+) ssn=\d+ tsn=\d+ flags=0x([0-9a-f]+) ppid=(\d+)$/.exec(tool.lines[i + 1] || '')
      reads.push({ len: Number(m[1]), text: m[3], info: s && { sid: Number(s[1]), flags: parseInt(s[2], 16), ppid: Number(s[3]) } })
    }
  })
  const SIZES = [1, 1000, 2000, 3000, 5000, 10000, 15000, 20000, 25000, 32768]
  t.same(sends.map((s) => s.len), SIZES, "sctp_test's -c 4 sizes")
  t.equal(got.length, SIZES.length, 'the addon got every message')
  sends.forEach((s, i) => {
    const m = got[i]
    if (!m) return
    t.ok(m.equals(testPattern(s.len)), `message ${i}: ${s.len} bytes of sctp_test's pattern, exactly`)
    t.equal(m.sid, s.sid, `message ${i} on stream ${s.sid}`)
    t.equal(m.ppid, raw(s.ppid), `message ${i}: ppid ${s.ppid} as sctp_test's raw field, read in host order`)
    t.equal(Boolean(m.unordered), Boolean(s.flags & SCTP_UNORDERED), `message ${i} ${s.flags & SCTP_UNORDERED ? 'unordered' : 'ordered'}`)
  })
  t.same(sends.map((s) => s.sid), [1, 2, 0, 1, 2, 0, 1, 2, 0, 1], 'streams as -M 3 cycles them')
  t.same(sends.map((s) => s.flags & SCTP_UNORDERED), [0, 1, 0, 1, 0, 1, 0, 1, 0, 1], 'order as -o 2 alternates it')

  // What sctp_test says it read: the replies.
  t.equal(reads.length, replies.length, 'sctp_test read every reply')
  reads.forEach((r, i) => {
    const want = replies[i]
    t.same({ len: r.len, text: r.text }, { len: want.length, text: printed(want.subarray(0, 10)) }, `sctp_test read reply ${i}: length and first bytes`)
    if (r.info) t.same(r.info, { sid: want.sid, ppid: raw(want.ppid), flags: want.unordered ? SCTP_UNORDERED : 0 }, `reply ${i} stream, ppid and order as sctp_test reads them`)
  })
  // sctp_test prints no SNDRCV for a read that met a notification first (the
  // COMM_UP before the first reply): every other one has it.
  t.ok(reads.filter((r) => r.info).length >= replies.length - 1, 'sctp_test showed the stream/ppid of the replies')
})

t.test('sctp_darn as a multi-homed client: it lists both server addresses; its lines arrive exactly', async (t) => {
  const server = await multiServer()
  t.teardown(() => closeAll(server))
  const port = server.address().port
  const lport = await freePort()
  const accepted = waitFor(server, 'connection', 30000)
  const darn = runTool(t, DARN, ['-H', ADDRS[0], '-P', String(lport), '-B', ADDRS[1], '-c', ADDRS[0], '-c', ADDRS[1],
    '-p', String(port), '-s'], { stdin: true })
  const lines = ['hello lksctp, from sctp_darn', 'tab\there, and trailing spaces  ', '#'.repeat(3000), '']
  // Its first line makes it connect; the rest wait in its stdin.
  for (const l of lines) darn.child.stdin.write(l + '\n')
  const [sock] = await accepted
  t.teardown(() => closeAll(sock))
  sock.on('error', () => {})
  const msgs = collect(sock, lines.length, 30000)

  const [, at] = await darn.line(/New connection, peer addresses$/, 0, 30000)
  await until(() => darn.lines.length >= at + 3, 5000, 'the peer address lines')
  t.same(darn.lines.slice(at + 1, at + 3).sort(), ADDRS.map((a) => `${a}:${port}`), 'sctp_darn prints both addon addresses as its peer addresses')
  t.same([...sock.remoteAddresses].sort(), ADDRS, 'the addon sees both addresses of sctp_darn')
  t.equal(sock.remotePort, lport, "the addon sees sctp_darn's -P port")

  const got = await msgs
  lines.forEach((l, i) => {
    const want = Buffer.from(l + '\n\0', 'latin1')
    t.ok(got[i].equals(want), `line ${i} arrives as its ${want.length} bytes: the line, '\\n', NUL`)
    t.same({ sid: got[i].sid, ppid: got[i].ppid }, { sid: 0, ppid: 0 }, `line ${i} on stream 0 with ppid 0`)
  })
  const theirs = toolAssoc(lport, port)
  t.ok(theirs, "sctp_darn's association is in /proc/net/sctp/assocs")
  t.same(theirs && theirs.laddrs, ADDRS, "sctp_darn's association is bound to both addresses")
  t.same(theirs && theirs.raddrs, ADDRS, "sctp_darn's association has both addon addresses as paths")

  // End of input: sctp_darn closes its socket and exits; the addon's side closes.
  const closed = waitFor(sock, 'close', 30000)
  darn.child.stdin.end()
  const exit = await darn.exited(30000)
  t.equal(exit.signal, null, 'sctp_darn exited by itself at the end of its input')
  await closed
  t.pass("the addon's socket closed")
})

t.test('every tool is reaped and no descriptor is left open', async (t) => {
  await until(() => openFds() <= fdBase.n, 10000, `descriptors back to ${fdBase.n}`).catch(() => {})
  const fds = fs.readdirSync('/proc/self/fd').map((fd) => {
    try { return `${fd} -> ${fs.readlinkSync(`/proc/self/fd/${fd}`)}` } catch { return fd }
  })
  t.ok(openFds() <= fdBase.n, `${openFds()} descriptors open, ${fdBase.n} before the tests`, { fds })
})
