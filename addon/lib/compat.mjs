// ES module form of lksctp/compat: the same objects as the CommonJS one.
import compat from './compat.js'

export const { createServer, connect, createConnection, Server } = compat
export default compat
