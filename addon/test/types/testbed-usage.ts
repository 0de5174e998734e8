// Compiled (not run) by test/host/types.js: lksctp/testbed's typings.
import testbed, { report, active } from '../../testbed'

report('answered', { id: 17, ms: 12, path: 'b', retried: false, note: null })
testbed.report('done')
const on: boolean = active || testbed.active
void on

// @ts-expect-error a field's value is a string, number, boolean or null
report('x', { nested: { a: 1 } })
// @ts-expect-error the name is a string
report(17)
