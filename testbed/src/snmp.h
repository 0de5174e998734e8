/* snmp.h - the kernel's SCTP counters, as /proc/net/sctp/snmp shows them.
 *
 * The testbed's agent reports its host's counters itself (an "snmp"
 * report, agent/agent.js); for a program (exec) the runner reads them from
 * /proc/PID/net/sctp/snmp, /proc/PID/net being the network namespace of
 * process PID.  Both give the same report: {"ev":"snmp","counters":{...}}.
 */
#ifndef TB_SNMP_H
#define TB_SNMP_H

#include <stddef.h>
#include <sys/types.h>

#include <jansson.h>

/* Pure: n bytes of /proc/net/sctp/snmp as an object of its counters,
 * {"SctpCurrEstab": 1, ...}, as agent.js makes it: each line that starts
 * with a name ("Sctp", then letters, digits or '_'), blanks and a decimal
 * number gives one counter (the last one of a name wins); other lines,
 * and a number too large for a JSON integer, are left out.  NULL only
 * when out of memory. */
json_t *tb_snmp_parse(const char *text, size_t n);

/* The counters of process pid's namespace (/proc/PID/net/sctp/snmp), or
 * NULL with errno set when they cannot be read (the process has ended, or
 * the kernel has no SCTP). */
json_t *tb_snmp_read(pid_t pid);

#endif
