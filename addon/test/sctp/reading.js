'use strict'

// Topology: one host, loopback 127.0.0.1.
// Message boundaries, sid and ppid survive every way of reading: 'data',
// paused read(), async iteration, pipe() (into another association); a
// listener that throws loses no message.

const t = require('tap')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const { pair, closeAll, collect, until } = require('../helpers')

function messages (n) {
  const out = []
  for (let i = 0; i < n; i++) {
    const m = Buffer.from(`message-${i}-${'x'.repeat(i * 7)}`)
    m.sid = i % 3
    m.ppid = 500 + i
    out.push(m)
  }
  return out
}

function check (t, got, sent) {
  t.equal(got.length, sent.length, `${sent.length} messages`)
  for (let i = 0; i < sent.length; i++) {
    if (!got[i].equals(sent[i]) || got[i].sid !== sent[i].sid || got[i].ppid !== sent[i].ppid) {
      t.fail(`message ${i} differs: ${got[i]} sid=${got[i].sid} ppid=${got[i].ppid}`)
      return
    }
  }
  t.pass('boundaries, sid and ppid intact')
}

t.test('paused read() returns one message per call', async (t) => {
  const [client, serverSide, server] = await pair({}, { OS: 3 })
  const sent = messages(20)
  for (const m of sent) client.write(m)
  const got = []
  await until(() => {
    let m
    while ((m = serverSide.read()) !== null) got.push(m)
    return got.length === sent.length
  }, 20000, 'all messages through read()')
  check(t, got, sent)
  await closeAll(client, serverSide, server)
})

t.test('async iteration yields messages', async (t) => {
  const [client, serverSide, server] = await pair({}, { OS: 3 })
  const sent = messages(20)
  for (const m of sent) client.write(m)
  client.end()
  const got = []
  for await (const m of serverSide) got.push(m)
  check(t, got, sent)
  await closeAll(client, serverSide, server)
})

t.test('pipe() carries messages on to another association unchanged', async (t) => {
  const [a, aServerSide, server1] = await pair({}, { OS: 3 })
  const [b, bServerSide, server2] = await pair({}, { OS: 3 })
  aServerSide.pipe(b) // whatever a sends goes out again through b
  const sent = messages(20)
  for (const m of sent) a.write(m)
  const got = await collect(bServerSide, sent.length, 20000)
  check(t, got, sent)
  await closeAll(a, aServerSide, b, bServerSide, server1, server2)
})

t.test('strings and Uint8Arrays are messages too', async (t) => {
  const [client, serverSide, server] = await pair()
  client.write('text')
  client.write(new Uint8Array([1, 2, 3]))
  const [m1, m2] = await collect(serverSide, 2)
  t.equal(m1.toString(), 'text')
  t.same([...m2], [1, 2, 3])
  await closeAll(client, serverSide, server)
})

t.test("a 'data' listener that throws once loses none of the messages read with it", async (t) => {
  const fixture = path.join(__dirname, 'fixtures', 'throwing-listener.js')
  const r = spawnSync(process.execPath, [fixture], { encoding: 'utf8', timeout: 300000 })
  t.equal(r.status, 0, `exit ${r.status} ${r.stderr}`)
  const out = JSON.parse(r.stdout.trim().split('\n').pop())
  t.same(out.caught, ['listener threw'], "the exception reached 'uncaughtException' once")
  t.same(out.received, Array.from({ length: 100 }, (_, i) => i), 'every message arrived, once, in order')
})
