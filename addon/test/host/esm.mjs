// ESM and CommonJS entries give the same API.
import t from 'tap'
import { createRequire } from 'node:module'
import lksctpDefault, { connect, createServer, createConnection, Server } from 'lksctp'

const require = createRequire(import.meta.url)
const cjs = require('lksctp')

t.test('import and require give the same functions', async (t) => {
  t.equal(connect, cjs.connect)
  t.equal(createServer, cjs.createServer)
  t.equal(createConnection, cjs.connect)
  t.equal(Server, cjs.Server)
  t.equal(lksctpDefault, cjs)
  t.ok(createServer() instanceof Server)
})
