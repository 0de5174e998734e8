/* leaks.c - the library, in one process, leaves nothing behind: every fd is
 * closed and the thread is back in its own namespace after each operation,
 * failed ones included, and teardown removes every namespace.  Needs root;
 * netem and SCTP checks are skipped on a kernel without them.
 *
 *   lktleak-PID-TAG-a                    lktleak-PID-TAG-b
 *   x1 10.1.1.1/24 fd01::1/64  -------  x2 10.1.1.2/24 fd01::2/64
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "testbed.h"

#define PREFIX "lktleak"

static int count_fds(void)
{
	struct dirent *de;
	DIR *dir;
	int n = 0;

	dir = opendir("/proc/self/fd");
	if (dir == NULL)
		return -1;
	while ((de = readdir(dir)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(dir);
	return n - 1;	/* the directory's own fd */
}

static ino_t netns_ino(void)
{
	struct stat st;

	return stat("/proc/thread-self/ns/net", &st) == 0 ? st.st_ino : 0;
}

static int exists(const char *name)
{
	char path[PATH_MAX];

	tb_netns_path(name, path, sizeof(path));
	return access(path, F_OK) == 0;
}

/* The operations that must fail, and fail cleanly. */
static void failures(struct tb_nl *nl, const char *a)
{
	struct tb_prefix p, gw;
	struct tb_nl *bad = NULL;
	int fd;

	tb_prefix_parse("10.1.1.1/24", &p);
	tap_is_int(tb_addr_add(nl, "x1", &p), -EEXIST,
		   "a duplicate address is -EEXIST");
	tap_is_int(tb_link_set(nl, "nope", 1), -ENODEV,
		   "a missing link is -ENODEV");
	tap_is_int(tb_addr_add(nl, "nope", &p), -ENODEV,
		   "an address on a missing link is -ENODEV");
	tap_is_int(tb_netns_open(PREFIX "-nope"), -ENOENT,
		   "a missing namespace is -ENOENT");
	tap_is_int(tb_netns_add(a), -EEXIST, "a taken namespace is -EEXIST");

	tb_prefix_parse("10.8.0.1/16", &p);
	tb_prefix_parse("10.1.1.2", &gw);
	tap_is_int(tb_route_add(nl, &p, &gw, NULL), -EINVAL,
		   "a route with host bits is -EINVAL");
	tap_ok(strstr(tb_nl_ext(nl), "prefix") != NULL,
	       "... with the kernel's reason: '%s'", tb_nl_ext(nl));

	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	tap_is_int(tb_nl_open(&bad, fd), -EINVAL,
		   "a socket in a non-namespace fd is -EINVAL");
	close(fd);
	tap_is_int(tb_sysctl_set(-1, "net.sctp.no_such_knob", "1"), -ENOENT,
		   "an unknown sysctl is -ENOENT");
}

static void build(struct tb_topo *t, const char *a, const char *b)
{
	struct tb_nl *na = NULL, *nb = NULL;
	struct tb_netem ne = { .delay_us = 10000, .loss = 1 };
	struct tb_prefix p;
	char value[64];
	int fd_a, fd_b, err;

	(void)t;
	fd_a = tb_netns_open(a);
	fd_b = tb_netns_open(b);
	tap_ok(fd_a >= 0 && fd_b >= 0, "both namespaces open");
	tap_is_int(tb_nl_open(&na, fd_a), 0, "socket in a");
	tap_is_int(tb_nl_open(&nb, fd_b), 0, "socket in b");
	if (na == NULL || nb == NULL)
		goto out;

	tap_is_int(tb_veth_add(na, "x1", "x2", fd_b), 0, "veth x1 <-> x2");
	tap_is_int(tb_link_set(na, "x1", 1), 0, "x1 up");
	tap_is_int(tb_link_set(nb, "x2", 1), 0, "x2 up");
	tb_prefix_parse("10.1.1.1/24", &p);
	tap_is_int(tb_addr_add(na, "x1", &p), 0, "10.1.1.1/24 on x1");
	tb_prefix_parse("fd01::1/64", &p);
	tap_is_int(tb_addr_add(na, "x1", &p), 0, "fd01::1/64 on x1");
	tb_prefix_parse("10.1.1.2/24", &p);
	tap_is_int(tb_addr_add(nb, "x2", &p), 0, "10.1.1.2/24 on x2");

	failures(na, a);

	err = tb_netem_set(na, "x1", &ne);
	if (err == -ENOENT) {
		tap_skip("netem", "no sch_netem here");
	} else {
		tap_is_int(err, 0, "netem on x1");
		tap_is_int(tb_netem_del(na, "x1"), 0, "netem off x1");
	}

	tap_is_int(tb_forwarding_set(fd_a, AF_INET, 1), 0, "forwarding on in a");
	tap_ok(tb_sysctl_get(fd_a, "net.ipv4.ip_forward", value,
			     sizeof(value)) == 0 && strcmp(value, "1") == 0,
	       "a forwards");
	tap_ok(tb_sysctl_get(-1, "net.ipv4.ip_forward", value,
			     sizeof(value)) == 0,
	       "the caller's own ip_forward reads (untouched: %s)", value);
	if (tb_sysctl_get(fd_a, "net.sctp.hb_interval", value,
			  sizeof(value)) == 0) {
		tap_is_int(tb_sysctl_set(fd_a, "net.sctp.hb_interval", "500"),
			   0, "hb_interval 500 in a");
		tb_sysctl_get(fd_a, "net.sctp.hb_interval", value,
			      sizeof(value));
		tap_is_str(value, "500", "a's hb_interval reads 500");
		tb_sysctl_get(fd_b, "net.sctp.hb_interval", value,
			      sizeof(value));
		tap_is_str(value, "30000", "b's hb_interval is the default");
	} else {
		tap_skip("SCTP sysctls", "no SCTP here");
	}
	tap_is_int(tb_link_del(na, "x1"), 0, "delete x1 (and x2)");
out:
	tb_nl_close(na);
	tb_nl_close(nb);
	if (fd_a >= 0)
		close(fd_a);
	if (fd_b >= 0)
		close(fd_b);
}

int main(void)
{
	char a[NAME_MAX + 1], b[NAME_MAX + 1];
	struct tb_topo t;
	ino_t ino;
	int fds, i;

	printf("TAP version 13\n");
	if (geteuid() != 0) {
		printf("1..0 # SKIP needs root\n");
		return 0;
	}
	tb_sweep(PREFIX, 0);
	fds = count_fds();
	ino = netns_ino();

	tap_is_int(tb_topo_init(&t, PREFIX), 0, "run " PREFIX);
	tap_is_int(tb_topo_netns_add(&t, "a", a, sizeof(a)), 0, "netns a");
	tap_is_int(tb_topo_netns_add(&t, "b", b, sizeof(b)), 0, "netns b");
	tap_ok(tb_topo_netns(&t, "b") != NULL &&
	       strcmp(tb_topo_netns(&t, "b"), b) == 0, "the run finds b by label");
	build(&t, a, b);
	tap_ok(netns_ino() == ino, "the thread is in its own namespace");

	/* Failing paths, many times: a leak would add up. */
	for (i = 0; i < 50; i++) {
		struct tb_nl *nl = NULL;
		int fd = tb_netns_open(a);

		if (fd < 0 || tb_nl_open(&nl, fd) < 0)
			break;
		tb_link_set(nl, "nope", 1);
		tb_sysctl_set(fd, "net.nope", "1");
		tb_nl_close(nl);
		close(fd);
		tb_netns_add(a);
	}
	tap_is_int(i, 50, "50 rounds of failing calls");

	tap_is_int(tb_topo_teardown(&t), 0, "teardown");
	tap_ok(!exists(a) && !exists(b), "no namespace of the run is left");
	tap_is_int(count_fds(), fds, "no fd is left (%d before)", fds);
	tap_ok(netns_ino() == ino, "still in its own namespace");
	return tap_done();
}
