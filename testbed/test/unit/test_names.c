/* test_names.c - names unique per run, and reading their owner back. */
#include <errno.h>
#include <limits.h>
#include <sys/types.h>

#include "names.h"
#include "unit.h"

static void owner_refused(const char *name, const char *prefix)
{
	pid_t owner;

	tap_is_int(tb_name_owner(name, prefix, &owner), -EINVAL,
		   "'%s' is not a name of prefix '%s'", name, prefix);
}

void test_names(void)
{
	char buf[NAME_MAX + 1];
	pid_t owner = 0;
	unsigned int i, tag, all_small = 1;

	tap_diag("names");
	tap_is_int(tb_name_make(buf, sizeof(buf), "lkt", 1234, 0xab, "h1"), 0,
		   "name builds");
	tap_is_str(buf, "lkt-1234-00ab-h1", "name is PREFIX-PID-TAG-LABEL");
	tb_name_make(buf, sizeof(buf), "lkt", 1234, 0x1abcd, NULL);
	tap_is_str(buf, "lkt-1234-abcd", "tag is cut to 16 bits; no label");
	tap_is_int(tb_name_make(buf, 10, "lkt", 1234, 1, "h1"), -ENAMETOOLONG,
		   "name too long for its buffer says so");
	tap_is_int(tb_name_make(buf, sizeof(buf), "lk-t", 1, 1, "a"), -EINVAL,
		   "prefix with a dash is refused");
	tap_is_int(tb_name_make(buf, sizeof(buf), "", 1, 1, "a"), -EINVAL,
		   "empty prefix is refused");
	tap_is_int(tb_name_make(buf, sizeof(buf), "abcdefghijklmnopq", 1, 1,
				"a"),
		   -ENAMETOOLONG, "prefix over %d bytes is refused",
		   TB_PREFIX_MAX);
	tap_is_int(tb_name_make(buf, sizeof(buf), "lkt", 1, 1, "a/b"), -EINVAL,
		   "label with / is refused");
	tap_is_int(tb_name_make(buf, sizeof(buf), "lkt", 0, 1, "a"), -EINVAL,
		   "owner pid 0 is refused");

	tap_diag("owners");
	tb_name_make(buf, sizeof(buf), "lkt", 4194304, 0xbeef, "router");
	tap_ok(tb_name_owner(buf, "lkt", &owner) == 0 && owner == 4194304,
	       "owner of '%s' reads back", buf);
	tap_ok(tb_name_owner("lkt-77-00ab", "lkt", &owner) == 0 && owner == 77,
	       "owner of a name without label reads back");
	owner_refused("lkt-1234-00ab-h1", "lk");
	owner_refused("lktx-1234-00ab-h1", "lkt");
	owner_refused("lkt_x-1234-00ab-h1", "lkt");
	owner_refused("lkt-12a4-00ab-h1", "lkt");
	owner_refused("lkt-0123-00ab-h1", "lkt");
	owner_refused("lkt--00ab-h1", "lkt");
	owner_refused("lkt-1234-0ab-h1", "lkt");
	owner_refused("lkt-1234-00AB-h1", "lkt");
	owner_refused("lkt-1234-00abx", "lkt");
	owner_refused("lkt-1234", "lkt");
	owner_refused("other", "lkt");

	for (i = 0; i < 64; i++) {
		tag = tb_name_tag();
		if (tag > 0xffff)
			all_small = 0;
	}
	tap_ok(all_small, "random tags fit in 16 bits");
}
