// ES module entry: the same objects as the CommonJS entry.
import lksctp from './index.js'

export const { createServer, connect, createConnection, Server } = lksctp
export default lksctp
