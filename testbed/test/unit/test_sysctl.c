/* test_sysctl.c - sysctl keys to /proc/sys paths. */
#include <errno.h>

#include "sysctl.h"
#include "unit.h"

static void path_is(const char *key, const char *want)
{
	char buf[256];

	tap_is_int(tb_sysctl_path(key, buf, sizeof(buf)), 0,
		   "sysctl key '%s' is accepted", key);
	tap_is_str(buf, want, "sysctl key '%s' is %s", key, want);
}

static void path_refused(const char *key)
{
	char buf[256];

	tap_is_int(tb_sysctl_path(key, buf, sizeof(buf)), -EINVAL,
		   "sysctl key '%s' is refused", key);
}

void test_sysctl(void)
{
	char small[24];

	tap_diag("sysctl keys");
	path_is("net.sctp.hb_interval", "/proc/sys/net/sctp/hb_interval");
	path_is("net.sctp.rto_min", "/proc/sys/net/sctp/rto_min");
	path_is("net/ipv4/conf/veth0.1/forwarding",
		"/proc/sys/net/ipv4/conf/veth0.1/forwarding");
	path_refused("");
	path_refused("net..sctp");
	path_refused(".net.sctp");
	path_refused("net.sctp.");
	path_refused("/net/sctp/rto_min");
	path_refused("net/../../etc/passwd");
	path_refused("net/./sctp");
	tap_is_int(tb_sysctl_path("net.sctp.hb_interval", small, sizeof(small)),
		   -ENAMETOOLONG, "a path too long for its buffer says so");
}
