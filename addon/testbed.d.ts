// Type definitions for lksctp/testbed: what a program tells the testbed's
// scenario runner (testbed/README.md, "Your own program").

/**
 * One report, `{"ev":"app","name":NAME,...fields}`, matched by a scenario's
 * `expect AGENT app=NAME [field=value...]`. A no-op outside the runner.
 * Throws ERR_INVALID_ARG_VALUE for a name that is not a letter followed by
 * up to 63 letters, digits, `_`, `.` or `-`, or for a field named `ev`,
 * `t` or `name`; ERR_INVALID_ARG_TYPE when fields is not an object or a
 * field's value is not a string, a finite number, a boolean or null.
 */
export function report (name: string, fields?: Record<string, string | number | boolean | null>): void

/** Whether the runner is listening (LKSCTP_TESTBED_FD is set and open). */
export const active: boolean

declare const testbed: { report: typeof report, readonly active: boolean }
export default testbed
