/* test_snmp.c - the kernel's SCTP counters read from /proc/net/sctp/snmp
 * (tb_snmp_parse, pure): what the runner reports for a program. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "snmp.h"
#include "unit.h"

/* A counter's value, -1 when it is not there or not an integer. */
static long long counter(const json_t *c, const char *name)
{
	const json_t *v = json_object_get(c, name);

	return json_is_integer(v) ? json_integer_value(v) : -1;
}

static void test_parse(void)
{
	/* As Linux prints it: "%-32s\t%ld\n" */
	static const char text[] =
		"SctpCurrEstab                   \t1\n"
		"SctpActiveEstabs                \t2\n"
		"SctpInCtrlChunks                \t12345678901\n"
		"SctpT3RtxExpireds               \t0\n";
	json_t *c;

	tap_diag("snmp: /proc/net/sctp/snmp");
	c = tb_snmp_parse(text, strlen(text));
	if (!tap_ok(json_is_object(c), "the kernel's text parses"))
		return;
	tap_is_int((long long)json_object_size(c), 4, "one counter a line");
	tap_is_int(counter(c, "SctpCurrEstab"), 1, "SctpCurrEstab");
	tap_is_int(counter(c, "SctpActiveEstabs"), 2, "SctpActiveEstabs");
	tap_is_int(counter(c, "SctpInCtrlChunks"), 12345678901LL,
		   "a count beyond 32 bits");
	tap_is_int(counter(c, "SctpT3RtxExpireds"), 0, "a zero");
	json_decref(c);

	c = tb_snmp_parse("", 0);
	tap_ok(json_is_object(c) && json_object_size(c) == 0,
	       "nothing: no counters");
	json_decref(c);

	c = tb_snmp_parse("SctpA 1\nSctpB\t2", 15);
	tap_is_int(counter(c, "SctpB"), 2, "the last line without its newline");
	json_decref(c);

	c = tb_snmp_parse("SctpA 1\r\nSctpB 7x\nSctpA 3\n", 25);
	tap_is_int(counter(c, "SctpA"), 3, "a name given twice: the last one");
	tap_is_int(counter(c, "SctpB"), 7, "what follows the digits is not read");
	json_decref(c);

	{
		static const char bad[] =
			"Sctp 1\n"		/* no name after Sctp */
			" SctpLead 1\n"		/* not at the line's start */
			"IpInReceives 5\n"	/* another protocol's */
			"SctpNoNumber\n"
			"SctpGlued1\n"		/* no blank before the number */
			"SctpNeg -1\n"
			"SctpDash-x 1\n"
			"SctpHuge 99999999999999999999\n"
			"SctpOk 4\n";

		c = tb_snmp_parse(bad, strlen(bad));
		tap_is_int((long long)json_object_size(c), 1,
			   "lines that are not NAME NUMBER are left out");
		tap_is_int(counter(c, "SctpOk"), 4, "and the good one kept");
		tap_is_int(counter(c, "SctpHuge"), -1,
			   "a number too large for JSON is left out");
		json_decref(c);
	}

	c = tb_snmp_parse("SctpA 5\nSctpB 6\n", 9);
	tap_ok(json_object_size(c) == 1 && counter(c, "SctpA") == 5,
	       "only the n bytes given are read");
	json_decref(c);

	c = tb_snmp_parse("SctpA 5\0SctpB 6\n", 16);
	tap_ok(json_object_size(c) == 1 && counter(c, "SctpA") == 5,
	       "a NUL after the digits is not read past (no line starts there)");
	json_decref(c);
}

static void test_read(void)
{
	json_t *c;

	tap_diag("snmp: /proc/PID/net/sctp/snmp");
	/* PID 0 has no /proc entry: as a program that has ended. */
	errno = 0;
	c = tb_snmp_read(0);
	tap_ok(c == NULL && errno != 0, "a process that is not there: NULL, "
	       "errno set (%d)", errno);
	json_decref(c);
	errno = 0;
	c = tb_snmp_read(getpid());
	if (access("/proc/net/sctp", F_OK) != 0)
		/* No SCTP here (the kernel suite reads real counters, live):
		 * the file is missing, as for a program that has ended. */
		tap_ok(c == NULL && errno == ENOENT, "this process's counters "
		       "on a kernel without SCTP: NULL, ENOENT (%d)", errno);
	else
		tap_ok(json_is_object(c) && counter(c, "SctpCurrEstab") >= 0,
		       "this process's counters: SctpCurrEstab is there");
	json_decref(c);
}

void test_snmp_file(void)
{
	test_parse();
	test_read();
}
