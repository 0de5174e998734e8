// lksctp/testbed as an ES module (lib/testbed.js).
import testbed from './testbed.js'

export const report = testbed.report
export default testbed
export const active = testbed.active
